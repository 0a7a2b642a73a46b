const SLOTS = 4096;
const MAX_CACHED_LENGTH = 32;

/**
 * Short strings of a text, shared: a large annotation file repeats the same few keys, labels and
 * annotator names a million times, and one copy each saves about 30 bytes per occurrence. A slot
 * is compared in place (startsWith) before anything is sliced, so a hit allocates nothing.
 */
export class StringCache {
  private readonly slots: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);

  constructor(private readonly text: string) {}

  /** text[from, to), shared with earlier occurrences of the same characters. */
  get(from: number, to: number): string {
    const length = to - from;
    if (length > MAX_CACHED_LENGTH || length === 0) return this.text.slice(from, to);
    const text = this.text;
    // A sample of the characters is enough to pick a slot: a collision only costs a copy.
    const hash =
      Math.imul(length, 0x9e3779b1) ^
      Math.imul(text.charCodeAt(from), 31) ^
      Math.imul(text.charCodeAt(to - 1), 961) ^
      Math.imul(text.charCodeAt(to - 2 >= from ? to - 2 : from), 29791) ^
      Math.imul(text.charCodeAt(from + (length >> 1)), 923521);
    const slot = (hash ^ (hash >>> 13)) & (SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === length && this.text.startsWith(cached, from)) return cached;
    const value = this.text.slice(from, to);
    this.slots[slot] = value;
    return value;
  }
}
