import type { AnnotationModel } from './model';

export type HighlightKind = 'time' | 'label';

/** A value the editor colours: its place in the text and what it is. Sorted by offset, never overlapping. */
export interface Highlight {
  readonly offset: number;
  readonly length: number;
  readonly kind: HighlightKind;
}

/**
 * The times (durationSeconds, startSeconds, endSeconds) and labels of an annotation file, from the
 * analysis the diagnostics use: only values in their place count, never a key spelt inside a note.
 */
export function annotationHighlights(model: AnnotationModel): Highlight[] {
  const highlights: Highlight[] = [];
  const add = (node: { offset: number; length: number } | undefined, kind: HighlightKind): void => {
    if (node && node.length > 0) highlights.push({ offset: node.offset, length: node.length, kind });
  };
  for (const entry of model.entries) {
    add(entry.duration?.node, 'time');
    for (const segment of entry.segments) {
      add(segment.label?.node, 'label');
      add(segment.start?.node, 'time');
      add(segment.end?.node, 'time');
    }
  }
  // Semantic tokens are delta-encoded: they must come in document order.
  return highlights.sort((a, b) => a.offset - b.offset);
}
