import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';
import { resolveVideoPath } from '../videoLocation';

/** The video an entry names is not on disk where the settings say (checked only where allowed). */
export function missingVideo({ model, options }: RuleContext): Problem[] {
  const lookup = options.videos;
  if (!lookup) return [];
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    const node = entry.video?.node ?? entry.videoId?.node;
    const file = resolveVideoPath(entry, lookup);
    if (!node || !file || lookup.exists(file)) continue;
    problems.push({
      code: 'missing-video',
      severity: 'warning',
      message: entry.video
        ? `Video file not found: ${file}. Correct "video" (relative to this annotation file, or absolute).`
        : `Video file not found: ${file}. Add "video" with the file's path to this entry, or set ` +
          'surgeryClassifier.videosFolder and surgeryClassifier.videoFileName.',
      span: node,
    });
  }
  return problems;
}
