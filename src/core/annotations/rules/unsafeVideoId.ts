import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';
import { unsafeVideoIdReason } from '../videoLocation';

/** videoIds name frame files and folders: they must stay inside the output folder on every system. */
export function unsafeVideoId({ model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    if (!entry.videoId) continue;
    const reason = unsafeVideoIdReason(entry.videoId.value);
    if (!reason) continue;
    problems.push({
      code: 'unsafe-video-id',
      severity: 'error',
      message: `videoId ${JSON.stringify(entry.videoId.value)} ${reason}, so it cannot name a file inside the output folder. Use letters, digits, '-', '_' and '.', and give the video's path in "video".`,
      span: entry.videoId.node,
    });
  }
  return problems;
}
