import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';

/**
 * The longest time an annotation may name. No recorded operation lasts a week; a larger number is a
 * unit slip (milliseconds, frames) or a typo, and a plan over it would hold billions of frames.
 */
export const MAX_PLAUSIBLE_SECONDS = 7 * 24 * 3600;

const HOURS = MAX_PLAUSIBLE_SECONDS / 3600;

/** durationSeconds, startSeconds or endSeconds beyond a week: extraction leaves the entry out. */
export function implausibleTime({ model, text }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  const check = (
    field: { value: number; node: { offset: number; length: number } } | undefined,
    name: string,
  ): void => {
    if (!field || Math.abs(field.value) <= MAX_PLAUSIBLE_SECONDS) return;
    const written = text.slice(field.node.offset, field.node.offset + field.node.length);
    problems.push({
      code: 'implausible-time',
      severity: 'error',
      message:
        `${name} ${written} is more than ${MAX_PLAUSIBLE_SECONDS} s (${HOURS} hours): no video is that long. ` +
        'Write the time in seconds (not milliseconds or frames).',
      span: field.node,
    });
  };
  for (const entry of model.entries) {
    check(entry.duration, 'durationSeconds');
    for (const segment of entry.segments) {
      check(segment.start, 'startSeconds');
      check(segment.end, 'endSeconds');
    }
  }
  return problems;
}

/** True when extraction can plan frames over this entry's time. */
export const isPlausibleDuration = (seconds: number): boolean => seconds > 0 && seconds <= MAX_PLAUSIBLE_SECONDS;
