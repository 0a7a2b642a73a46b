import * as assert from 'node:assert/strict';
import { DISTRIBUTION_BASIS_POINTS as SHARED_BASIS_POINTS } from '../../../src/shared/dashboardProtocol';
import { DISTRIBUTION_BASIS_POINTS, encodeHistogram, histogramOf, histogramValue, percentiles } from '../../../src/core/tensorboard/histogram';
import { decodeAs, reencodeAs } from './support/pluginProtos';

describe('tensorboard: histograms against the official histogram.proto', () => {
  it('HistogramProto: min, max, num, sum, sum_squares, bucket_limit (right edges) and bucket', () => {
    const values = [-1, -0.5, 0, 0.25, 0.5, 1, 1];
    const bytes = histogramValue('head/head_softmax/kernel', histogramOf(values, 4));
    const value = decodeAs('tensorboard.Summary.Value', bytes);
    assert.equal(value.value, 'histo');
    const histo = value.histo as Record<string, number | number[]>;
    assert.deepEqual([histo.min, histo.max, histo.num, histo.sum], [-1, 1, 7, 1.25]);
    assert.equal(histo.sum_squares, 1 + 0.25 + 0 + 0.0625 + 0.25 + 1 + 1);
    assert.deepEqual(histo.bucket_limit, [-0.5, 0, 0.5, 1]);
    // [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]: the maximum falls in the last bucket.
    assert.deepEqual(histo.bucket, [1, 1, 2, 3]);
    assert.deepEqual(Buffer.from(reencodeAs('tensorboard.Summary.Value', bytes)), Buffer.from(bytes));
  });

  it('counts every finite value once; equal values make one bucket; nothing makes an empty histogram', () => {
    const random = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 3);
    const h = histogramOf(random);
    assert.equal(h.bucket.reduce((a, b) => a + b, 0), 5000);
    assert.equal(h.bucketLimit.length, 30);
    assert.equal(h.bucketLimit[29], h.max);
    assert.deepEqual(histogramOf([2, 2, NaN, Infinity]), { min: 2, max: 2, num: 2, sum: 4, sumSquares: 8, bucketLimit: [2], bucket: [2] });
    assert.equal(encodeHistogram(histogramOf([])).length, 0, 'every field at its default');
    assert.equal(decodeAs('tensorboard.Summary.Value', histogramValue('x', histogramOf([]))).value, 'histo');
  });

  it('percentiles at the DISTRIBUTIONS basis points (the dashboard uses the same list)', () => {
    assert.deepEqual([...SHARED_BASIS_POINTS], [...DISTRIBUTION_BASIS_POINTS]);
    const values = Array.from({ length: 10001 }, (_, i) => i);
    assert.deepEqual(percentiles(values), DISTRIBUTION_BASIS_POINTS.map((bp) => bp));
    assert.deepEqual(percentiles([5]), DISTRIBUTION_BASIS_POINTS.map(() => 5));
    assert.ok(percentiles([]).every(Number.isNaN));
  });
});
