import type { Problem } from '../../problem';
import { replaceNode } from '../edits';
import { closestAllowed, suggestLabel } from '../labels';
import type { RuleContext } from '../ruleContext';

/** A label outside the configured list, or a rare spelling of a common label ("suturng"). */
export function unknownLabel({ model, options, labelCounts }: RuleContext): Problem[] {
  const allowed = options.allowedLabels ?? [];
  const problems: Problem[] = [];
  const verdicts = new Map<string, { message: string; suggestion?: string } | undefined>();
  for (const entry of model.entries) {
    for (const { label } of entry.segments) {
      if (!label || !label.value) continue;
      if (!verdicts.has(label.value)) verdicts.set(label.value, judge(label.value, allowed, labelCounts));
      const verdict = verdicts.get(label.value);
      if (!verdict) continue;
      const suggestion = verdict.suggestion;
      problems.push({
        code: 'unknown-label',
        severity: 'warning',
        message: verdict.message,
        span: label.node,
        fixes: suggestion
          ? [
              {
                title: `Change label to "${suggestion}"`,
                preferred: true,
                edits: [replaceNode(label.node, JSON.stringify(suggestion))],
              },
            ]
          : [],
      });
    }
  }
  return problems;
}

function judge(
  label: string,
  allowed: readonly string[],
  counts: RuleContext['labelCounts'],
): { message: string; suggestion?: string } | undefined {
  if (allowed.length) {
    if (allowed.includes(label)) return undefined;
    const suggestion = closestAllowed(label, allowed);
    const list = allowed.map((l) => `"${l}"`).join(', ');
    return {
      message:
        `Label "${label}" is not in surgeryClassifier.labels ` +
        `(${list}).${suggestion ? ` Did you mean "${suggestion}"?` : ' Use one of them, or add it to the setting.'}`,
      suggestion,
    };
  }
  const suggestion = suggestLabel(label, counts);
  if (!suggestion) return undefined;
  return {
    message:
      `Label "${label}" looks like a typo of "${suggestion}" (${counts.get(label) ?? 1} vs ` +
      `${counts.get(suggestion)} uses in the workspace). Did you mean "${suggestion}"?`,
    suggestion,
  };
}
