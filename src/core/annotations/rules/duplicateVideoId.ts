import type { Problem } from '../../problem';
import { videoKey, type VideoEntry } from '../model';
import type { RuleContext } from '../ruleContext';

/** Two entries for one video: frames, splits and file names would collide. */
export function duplicateVideoId({ model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const first = new Map<string, VideoEntry>();
  for (const entry of model.entries) {
    if (!entry.videoId) continue;
    const key = videoKey(entry.videoId.value);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    problems.push({
      code: 'duplicate-video-id',
      severity: 'error',
      message: `videoId ${JSON.stringify(entry.videoId.value)} is used by another entry of this file. Merge the two entries' annotations into one, or correct the id.`,
      span: entry.videoId.node,
      related: [{ span: earlier.videoId!.node, message: 'first entry with this videoId' }],
    });
  }
  return problems;
}
