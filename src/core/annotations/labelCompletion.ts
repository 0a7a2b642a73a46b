import { nodePathAt, type JsonProperty } from '../json/jsonTree';
import type { TextSpan } from '../problem';
import type { Analysis } from './analyze';
import type { LabelCounts } from './labels';

export interface LabelCompletion {
  /** The string value (quotes included) that a completion replaces. */
  readonly replace: TextSpan;
  /** Labels, most used first. */
  readonly labels: Array<{ label: string; count: number }>;
}

/** Labels to offer when the cursor is in the value of a segment's "label". */
export function labelCompletionAt(
  analysis: Analysis,
  offset: number,
  counts: LabelCounts,
): LabelCompletion | undefined {
  const root = analysis.parse.root;
  if (!root) return undefined;
  const path = nodePathAt(root, offset);
  const leaf = path[path.length - 1];
  const property = path[path.length - 2] as JsonProperty | undefined;
  if (
    leaf?.type !== 'string' ||
    property?.type !== 'property' ||
    property.value !== leaf ||
    property.key.value !== 'label'
  )
    return undefined;
  // Segments live at depth: array > entry > "annotations" property > array > segment > property.
  if (path.length < 7) return undefined;
  const labels = [...counts]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { replace: { offset: leaf.offset, length: leaf.length }, labels };
}
