import * as assert from 'node:assert/strict';
import { prCurveData, prCurveValue } from '../../../src/core/tensorboard/prCurve';
import { decodeAs, reencodeAs } from './support/pluginProtos';

describe('tensorboard: PR curves against the official summary.proto, tensor.proto and pr_curve plugin_data.proto', () => {
  const positive = [true, true, false, true, false, false];
  const scores = [0.9, 0.6, 0.55, 0.2, 0.1, 1];

  it('counts as the plugin’s numpy writer: a score s is in bucket ⌊s·(N−1)⌋, threshold i counts buckets ≥ i', () => {
    const d = prCurveData(positive, scores, 3); // thresholds 0, 0.5, 1
    assert.deepEqual([...d.truePositives], [3, 2, 0]);
    assert.deepEqual([...d.falsePositives], [3, 2, 1]);
    assert.deepEqual([...d.trueNegatives], [0, 1, 2]);
    assert.deepEqual([...d.falseNegatives], [0, 1, 3]);
    assert.deepEqual([...d.precision], [0.5, 0.5, 0]);
    assert.deepEqual([...d.recall], [1, 2 / 3, 0]);
  });

  it('a [6, N] DT_FLOAT tensor, row-major TP FP TN FN precision recall, with pr_curves metadata', () => {
    const data = prCurveData(positive, scores, 11);
    const bytes = prCurveValue('pr_curve/suturing', data, 'one vs rest');
    const value = decodeAs('tensorboard.Summary.Value', bytes);
    assert.equal(value.value, 'tensor');
    const tensor = value.tensor as { dtype: number; tensor_shape: { dim: Array<{ size?: string }> }; tensor_content: Buffer };
    assert.equal(tensor.dtype, 1, 'DT_FLOAT');
    assert.deepEqual(tensor.tensor_shape.dim.map((d) => d.size), ['6', '11']);
    const floats = new Float32Array(tensor.tensor_content.buffer.slice(tensor.tensor_content.byteOffset, tensor.tensor_content.byteOffset + tensor.tensor_content.byteLength));
    assert.equal(floats.length, 66);
    assert.deepEqual([...floats.subarray(0, 11)], [...data.truePositives]);
    assert.deepEqual([...floats.subarray(55, 66)], [...Float32Array.from(data.recall)]);
    const metadata = value.metadata as { plugin_data: { plugin_name: string; content: Buffer }; summary_description: string };
    assert.equal(metadata.plugin_data.plugin_name, 'pr_curves');
    assert.equal(metadata.summary_description, 'one vs rest');
    assert.deepEqual(decodeAs('tensorboard.PrCurvePluginData', metadata.plugin_data.content), { num_thresholds: 11 }, 'version 0 (the default), num_thresholds');
    assert.deepEqual(Buffer.from(reencodeAs('tensorboard.Summary.Value', bytes)), Buffer.from(bytes));
  });

  it('no positives or no negatives reads 0, never NaN; bad input is refused', () => {
    const none = prCurveData([false, false], [0.3, 0.8], 5);
    assert.ok([...none.precision, ...none.recall].every((v) => v === 0));
    assert.ok([...prCurveData([true], [NaN], 5).recall].every(Number.isFinite));
    assert.throws(() => prCurveData([true], [0.5, 0.5]), RangeError);
    assert.throws(() => prCurveData([true], [0.5], 1), RangeError);
  });
});
