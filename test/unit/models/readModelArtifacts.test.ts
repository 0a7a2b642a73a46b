import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readModelArtifacts } from '../../../src/core/models/readModelArtifacts';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { sharedModel } from './support/sharedModels';

describe('readModelArtifacts: a resolved model as tf.io.fromMemory takes it', () => {
  const cacheDir = path.join(os.tmpdir(), 'sc-models-artifacts-unused');

  it('joins the layers model weight files in manifest order into one buffer', async () => {
    const folder = sharedModel('mobilenet_v1_0.25_224_tfjs_layers');
    const artifacts = await readModelArtifacts(await resolveBaseModel(folder, { cacheDir }));
    assert.equal(artifacts.weightSpecs.length, 137);
    assert.equal(artifacts.weightSpecs[0].name, 'conv1/kernel');
    assert.equal(artifacts.weightData.byteLength, 1_902_176);
    const first = fs.readFileSync(path.join(folder, 'group1-shard1of1'));
    const second = fs.readFileSync(path.join(folder, 'group2-shard1of1'));
    assert.deepEqual(Buffer.from(artifacts.weightData, 0, first.length), first);
    assert.deepEqual(Buffer.from(artifacts.weightData, first.length, second.length), second);
    assert.ok('model_config' in artifacts.modelTopology);
    assert.equal(artifacts.format, undefined);
  });

  it('passes the graph model format and converter fields through', async () => {
    const artifacts = await readModelArtifacts(await resolveBaseModel(sharedModel('mobilenet_v1_0.25_224_tfhub_graph'), { cacheDir }));
    assert.equal(artifacts.format, 'graph-model');
    assert.equal(artifacts.convertedBy, 'TensorFlow.js Converter v1.2.10.1');
    assert.equal(artifacts.weightData.byteLength, 1_870_388);
  });
});
