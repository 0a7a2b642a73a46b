import * as assert from 'node:assert/strict';
import { toValue } from '../../src/core/json/jsonTree';
import { parseJson } from '../../src/core/json/parseJson';
import { mulberry32 } from '../../src/core/util/seededRandom';

describe('parseJson', () => {
  const samples = ['[]', '{}', '[1, -2.5e3, "a\\"b\\u00e9", true, false, null]', '{"a": {"b": [1, {"c": "d"}]}, "e": ""}', ' \n\t[ 0 ] '];
  for (const sample of samples) {
    it(`reads ${JSON.stringify(sample)} like JSON.parse`, () => {
      const result = parseJson(sample);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(toValue(result.root!), JSON.parse(sample));
    });
  }

  it('keeps exact offsets of values', () => {
    const text = '[{"label": "suturing", "startSeconds": 12.5}]';
    const root = parseJson(text).root!;
    assert.equal(root.type, 'array');
    const object = root.type === 'array' ? root.items[0] : undefined;
    assert.equal(object?.type, 'object');
    if (object?.type !== 'object') return;
    const [label, start] = object.properties;
    assert.equal(text.slice(label.value!.offset, label.value!.offset + label.value!.length), '"suturing"');
    assert.equal(text.slice(start.value!.offset, start.value!.offset + start.value!.length), '12.5');
    assert.equal(object.offset, 1);
    assert.equal(object.length, text.length - 2);
  });

  it('reports trailing garbage and still returns the value before it', () => {
    const text = '[1, 2]\n]garbage';
    const result = parseJson(text);
    assert.deepEqual(toValue(result.root!), [1, 2]);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].offset, 7);
    assert.match(result.errors[0].message, /after the end/);
  });

  it('recovers after a missing comma and a missing value so that later items are kept', () => {
    const text = '[{"a": 1 "b": 2}, {"c": }, {"d": 4}]';
    const result = parseJson(text);
    assert.equal(result.errors.length, 2);
    assert.deepEqual(toValue(result.root!), [{ a: 1, b: 2 }, {}, { d: 4 }]);
  });

  it('reports an unterminated string at its place and a missing bracket at the end', () => {
    const text = '[{"label": "sut\n}';
    const result = parseJson(text);
    assert.ok(result.errors.some((e) => e.offset === 11 && /Unterminated string/.test(e.message)));
    assert.ok(result.errors.some((e) => /Expected '\]'/.test(e.message)));
  });

  it('reads every number as Number() reads its text (the in-place fast path included)', () => {
    const next = mulberry32(11);
    const digits = (count: number) => Array.from({ length: count }, () => Math.floor(next() * 10)).join('');
    const numerals = ['0', '-0', '0.1', '1e5', '1E-7', '-12.5e+3', '123456789012345', '1234567890123456', '0.30000000000000004', '9007199254740993', '2975.000', '1e309'];
    for (let i = 0; i < 2000; i++) {
      const int = next() < 0.2 ? '0' : `${1 + Math.floor(next() * 9)}${digits(Math.floor(next() * 8))}`;
      const fraction = next() < 0.7 ? `.${digits(1 + Math.floor(next() * 9))}` : '';
      numerals.push(`${next() < 0.2 ? '-' : ''}${int}${fraction}`);
    }
    const root = parseJson(`[${numerals.join(',')}]`).root;
    assert.equal(root?.type, 'array');
    if (root?.type !== 'array') return;
    root.items.forEach((item, i) => assert.ok(item.type === 'number' && Object.is(item.value, Number(numerals[i])), numerals[i]));
  });

  it('reports trailing commas, comments, invalid numbers and an empty file', () => {
    assert.match(parseJson('[1,]').errors[0].message, /Trailing comma/);
    assert.match(parseJson('[1 // no\n]').errors[0].message, /comments are not allowed/);
    assert.match(parseJson('[01]').errors[0].message, /Invalid number/);
    assert.match(parseJson('  ').errors[0].message, /empty/);
  });
});
