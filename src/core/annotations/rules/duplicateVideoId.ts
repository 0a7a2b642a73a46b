import type { Problem } from '../../problem';
import { videoKey, type VideoEntry } from '../model';
import type { RuleContext } from '../ruleContext';

/** Two entries for one video: frames, splits and file names would collide. */
export function duplicateVideoId({ model, text, firstVideoIds }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  // Only the id's own node is kept: in a windowed analysis the map outlives each window's tree.
  const first = firstVideoIds ?? new Map<string, Pick<VideoEntry, 'videoId'>>();
  for (const entry of model.entries) {
    if (!entry.videoId) continue;
    const key = videoKey(entry.videoId.value);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, { videoId: entry.videoId });
      continue;
    }
    const writtenThere =
      writtenId(text, earlier) !== writtenId(text, entry) ? ` (there written ${writtenId(text, earlier)})` : '';
    problems.push({
      code: 'duplicate-video-id',
      severity: 'error',
      message:
        `videoId ${writtenId(text, entry)} is used by another entry of this file${writtenThere}. ` +
        `Merge the two entries' annotations into one, or correct the id.`,
      span: entry.videoId.node,
      related: [{ span: earlier.videoId!.node, message: 'first entry with this videoId' }],
    });
  }
  return problems;
}

/** The id as the user wrote it: numbers past 2^53 read back as another value. */
function writtenId(text: string, entry: Pick<VideoEntry, 'videoId'>): string {
  const node = entry.videoId!.node;
  return text.slice(node.offset, node.offset + node.length);
}
