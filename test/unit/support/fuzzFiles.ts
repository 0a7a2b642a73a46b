import { mulberry32 } from '../../../src/core/util/seededRandom';
import { DOC_EXAMPLE } from '../exampleFile.test';

/**
 * Seeded annotation files for the fuzz tests: mutated and truncated real shapes, and the inputs
 * that broke the core before (issue 14): deep nesting, huge numbers, duplicate keys, unsafe labels
 * and long ids. The same seed gives the same files on every machine.
 */

type Random = () => number;

const PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', '-', '1e999', '"label"', '"startSeconds"', '"endSeconds"', '"videoId"', '"../x"', 'null', '\r\n', '\ufeff', '"\u0001"', '0.5', 'tru'];

export const BASE = JSON.stringify(
  [
    { videoId: 'a/b', durationSeconds: 10, annotations: [{ label: 's', startSeconds: 9, endSeconds: 1 }, { label: 's', startSeconds: 0, endSeconds: 20 }, { label: 'S', startSeconds: 2, endSeconds: 3, notes: 'x' }] },
    { videoId: 2, durationSeconds: '5', annotations: [{ label: 't', startSeconds: 1, endSeconds: 1 }, { lable: 't', startSecond: 1 }] },
  ],
  null,
  2,
);

const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)];

/** Deletions, insertions of JSON pieces, truncations and repeats at random places. */
export function mutate(text: string, next: Random): string {
  let result = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let i = 0; i < steps; i++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.3) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 5));
    else if (choice < 0.6) result = result.slice(0, at) + pick(next, PIECES) + result.slice(at);
    else if (choice < 0.8) result = result.slice(0, at);
    else result = result.slice(0, at) + result.slice(at, at + 10) + result.slice(at);
  }
  return result;
}

/** A well-formed file of 1-4 entries, pretty-printed or not. */
function entries(next: Random, field: (name: string, value: unknown) => unknown = (_, value) => value): string {
  const list = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, v) => ({
    videoId: field('videoId', v + 1),
    durationSeconds: field('durationSeconds', 100),
    annotations: Array.from({ length: Math.floor(next() * 4) }, (_, s) => ({
      label: field('label', pick(next, ['suturing', 'suturing', 'knot-tying', 'suturng'])),
      startSeconds: field('startSeconds', s * 10 + Math.round(next() * 50) / 10),
      endSeconds: field('endSeconds', s * 10 + 5),
    })),
  }));
  return JSON.stringify(list, null, next() < 0.5 ? 2 : undefined);
}

/** Replaces the value after a random `"key":` with raw text. */
function replaceValueAt(text: string, next: Random, raw: () => string): string {
  const colons = [...text.matchAll(/": ?/g)];
  if (!colons.length) return text;
  const colon = pick(next, colons);
  const start = colon.index + colon[0].length;
  const end = start + (/^(?:"(?:[^"\\]|\\.)*"|[^,\]}\s]*)/.exec(text.slice(start))?.[0].length ?? 0);
  return text.slice(0, start) + raw() + text.slice(end);
}

const GENERATORS: ReadonlyArray<(next: Random) => string> = [
  (next) => mutate(pick(next, [DOC_EXAMPLE, BASE]), next),
  // Deep nesting: a value, or the whole file, inside hundreds or thousands of brackets.
  (next) => {
    const depth = pick(next, [250, 256, 257, 300, 2000, 5000]);
    const [open, close] = next() < 0.5 ? ['[', ']'] : ['{"a":', '}'];
    const deep = () => open.repeat(depth) + (next() < 0.8 ? '1' : '') + close.repeat(next() < 0.9 ? depth : Math.floor(depth / 2));
    return next() < 0.3 ? deep() : replaceValueAt(entries(next), next, deep);
  },
  // Huge, tiny and imprecise numbers in every numeric field.
  (next) =>
    replaceValueAt(entries(next), next, () => pick(next, ['1e309', '-1e309', '1e-400', '12345678901234567890', '9007199254740993', '-0', '1E+2', '0.000000000000000000001', '99999999999999999999999.5', '1' + '0'.repeat(400)])),
  // Duplicate keys: a property written again, with another value or the same.
  (next) => {
    const text = entries(next);
    const properties = [...text.matchAll(/"(\w+)": ?([^,{}[\]\n]+)/g)];
    if (!properties.length) return text;
    const property = pick(next, properties);
    const copy = next() < 0.5 ? property[0] : `"${property[1]}": ${pick(next, ['0', '"x"', 'null', '[]', '7.5'])}`;
    const at = property.index + property[0].length;
    return text.slice(0, at) + ', ' + copy + text.slice(at);
  },
  // Labels that cannot name a folder.
  (next) =>
    entries(next, (name, value) =>
      name === 'label' && next() < 0.7 ? pick(next, ['../x', 'a/b', 'a\\b', '..', '.', ' ', '\u0000', 'nul\u0001', 'x'.repeat(300), 'é'.repeat(150), 'CON', 'tab\there', '']) : value,
    ),
  // Long and odd ids: long strings, long digit runs, ids past 2^53.
  (next) =>
    entries(next, (name, value) =>
      name === 'videoId' && next() < 0.7 ? pick<unknown>(next, ['x'.repeat(5000), '9'.repeat(400), 2 ** 53 + 2, 1e21, -1, 1.5, '', ' ', 'case-012'.repeat(40)]) : value,
    ),
];

/** count files from seed, cycling through the generators; a third are also mutated afterwards. */
export function* mutatedFiles(seed: number, count: number): Generator<string> {
  const next = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const text = GENERATORS[i % GENERATORS.length](next);
    yield i % GENERATORS.length !== 0 && next() < 0.33 ? mutate(text, next) : text;
  }
}
