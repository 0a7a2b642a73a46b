import * as assert from 'node:assert/strict';
import { orderItems, sample, summarize, toItem } from '../../../src/core/predictions/spotCheck';
import type { SpotCheckItem } from '../../../src/shared/spotCheckProtocol';

const classes = ['not-suturing', 'suturing'];
const item = (id: string, suturing: number, trueClass?: string): SpotCheckItem => toItem(id, classes, { image: `/d/${id}.jpg`, name: `${id}.jpg`, scores: [1 - suturing, suturing], ...(trueClass ? { trueClass } : {}) });

describe('spot check: items', () => {
  it('predicts the arg-max, with its probability as the confidence, and says right or wrong only when the true class is known', () => {
    const wrong = item('a', 0.8, 'not-suturing');
    assert.equal(wrong.predicted, 'suturing');
    assert.equal(wrong.confidence, 0.8);
    assert.equal(wrong.correct, false);
    assert.equal(item('b', 0.3, 'not-suturing').correct, true);
    assert.equal(item('b', 0.3, 'not-suturing').confidence, 0.7);
    const unknown = item('c', 0.9);
    assert.equal(unknown.correct, undefined);
    assert.equal(unknown.predicted, 'suturing');
  });

  it('an unreadable image keeps its message; scores that do not match the classes are an error, not a guess', () => {
    const failed = toItem('x', classes, { image: '/d/x.jpg', name: 'x.jpg', error: '/d/x.jpg: Input buffer contains unsupported image format', trueClass: 'suturing' });
    assert.equal(failed.error, '/d/x.jpg: Input buffer contains unsupported image format');
    assert.equal(failed.predicted, undefined);
    assert.equal(failed.correct, undefined);
    const mismatched = toItem('y', classes, { image: '/d/y.jpg', name: 'y.jpg', scores: [0.2, 0.3, 0.5] });
    assert.match(mismatched.error ?? '', /3 scores for 2 classes/);
    assert.equal(toItem('z', classes, { image: '/d/z.jpg', name: 'z.jpg', scores: [Number.NaN, 0.5] }).predicted, undefined);
  });
});

describe('spot check: order', () => {
  const items = [
    item('right-sure', 0.95, 'suturing'),
    item('wrong-unsure', 0.55, 'not-suturing'),
    toItem('failed', classes, { image: '/d/f.jpg', name: 'f.jpg', error: 'unreadable' }),
    item('unknown', 0.6),
    item('wrong-sure', 0.1, 'suturing'),
    item('right-unsure', 0.52, 'suturing'),
  ];
  const ids = (list: SpotCheckItem[]) => list.map((i) => i.id);

  it('wrong first: the most confident mistakes on top, then the others by confidence, failed images last', () => {
    assert.deepEqual(ids(orderItems(items, 'wrong-first')), ['wrong-sure', 'wrong-unsure', 'right-sure', 'unknown', 'right-unsure', 'failed']);
  });

  it('by confidence, both ways, failed images last either way', () => {
    assert.deepEqual(ids(orderItems(items, 'confidence-desc')), ['right-sure', 'wrong-sure', 'unknown', 'wrong-unsure', 'right-unsure', 'failed']);
    assert.deepEqual(ids(orderItems(items, 'confidence-asc')), ['right-unsure', 'wrong-unsure', 'unknown', 'wrong-sure', 'right-sure', 'failed']);
  });

  it('is stable and leaves the input alone', () => {
    const ties = [item('t1', 0.7, 'suturing'), item('t2', 0.7, 'suturing'), item('t3', 0.7, 'suturing')];
    assert.deepEqual(ids(orderItems(ties, 'confidence-desc')), ['t1', 't2', 't3']);
    const before = ids(items);
    orderItems(items, 'confidence-asc');
    assert.deepEqual(ids(items), before);
  });

  it('counts what the header says', () => {
    assert.deepEqual(summarize(items), { total: 6, known: 4, wrong: 2, failed: 1 });
  });
});

describe('spot check: sampling', () => {
  const values = Array.from({ length: 100 }, (_, i) => i);

  it('picks n distinct values, in their original order, the same ones for the same seed', () => {
    const picked = sample(values, 10, 42);
    assert.equal(picked.length, 10);
    assert.equal(new Set(picked).size, 10);
    assert.deepEqual(picked, [...picked].sort((a, b) => a - b));
    assert.deepEqual(sample(values, 10, 42), picked);
    assert.notDeepEqual(sample(values, 10, 43), picked);
  });

  it('returns everything when there are no more than n, and nothing for n = 0', () => {
    assert.deepEqual(sample([3, 1, 2], 5, 1), [3, 1, 2]);
    assert.deepEqual(sample(values, 0, 1), []);
  });

  it('is roughly uniform: every value is picked about as often over many seeds', () => {
    const counts = new Array<number>(20).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const v of sample(values.slice(0, 20), 5, seed)) counts[v]++;
    // Expected 500 each (2000 × 5 / 20).
    for (const count of counts) assert.ok(count > 400 && count < 600, `counts ${counts.join(',')}`);
  });
});
