/**
 * target.push(...source) without spreading: a spread of ~100k items overflows the stack, and a large file can have a
 * million problems.
 */
export function append<T>(target: T[], source: readonly T[]): void {
  for (let i = 0; i < source.length; i++) target.push(source[i]);
}
