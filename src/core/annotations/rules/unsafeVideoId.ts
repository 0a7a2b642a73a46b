import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';
import { unsafeVideoIdReason } from '../videoLocation';

/** videoIds name frame files and folders: they must stay inside the output folder on every system. */
export function unsafeVideoId({ model, text }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    if (!entry.videoId) continue;
    const reason = unsafeVideoIdReason(entry.videoId.value);
    if (!reason) continue;
    const { node, value } = entry.videoId;
    // Quote the text as written: a number past 2^53 or 1e309 reads back as another value.
    const written = text.slice(node.offset, node.offset + node.length);
    const fix =
      typeof value === 'number'
        ? `Write it as a string, "${written}".`
        : `Use letters, digits, '-', '_' and '.', and give the video's path in "video".`;
    problems.push({
      code: 'unsafe-video-id',
      severity: 'error',
      message: `videoId ${written} ${reason}, so it cannot name a file inside the output folder. ${fix}`,
      span: entry.videoId.node,
    });
  }
  return problems;
}
