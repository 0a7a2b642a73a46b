/**
 * A class with no training frame gets a head output that training only ever pushes down: it is never
 * predicted, and its test frames all count as errors. Training goes on (the other classes are fine),
 * but the user must hear it, and when fewer than two classes have frames there is nothing to learn.
 */
export function emptyClassesOf(classes: readonly string[], trainCounts: readonly number[]): string[] {
  const empty = classes.filter((_, index) => !(trainCounts[index] > 0));
  const learnable = classes.length - empty.length;
  if (learnable < 2) {
    throw new Error(
      `Only ${learnable} class(es) have training frames ` +
        `(${classes.filter((_, i) => trainCounts[i] > 0).join(', ') || 'none'}); a classifier needs two. ` +
        'Extract again with more videos in the training split, or pin videos that hold the other classes to train.',
    );
  }
  return empty;
}

export const emptyClassWarning = (name: string): string =>
  `Class "${name}" has no training frame: the classifier cannot learn it and will not predict it. Put a video ` +
  `with "${name}" in the training split (--pin), or extract without it (--labels).`;
