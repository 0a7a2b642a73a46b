import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelProblem } from '../../../src/core/models/modelErrors';
import { parseModelJson } from '../../../src/core/models/modelJson';
import { weightEntryBytes } from '../../../src/core/models/weightBytes';
import { checkWeightPath, weightFilePath, weightUrl } from '../../../src/core/models/weightPaths';
import { sharedModel } from './support/sharedModels';

describe('model.json checks', () => {
  for (const folder of ['mobilenet_v1_0.25_224_tfjs_layers', 'mobilenet_v1_0.75_224_tfjs_layers', 'mobilenet_v1_0.25_224_tfhub_graph']) {
    it(`computes each weight group's bytes from shapes and dtypes: ${folder}`, () => {
      const dir = sharedModel(folder);
      const info = parseModelJson(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'), folder);
      assert.ok(info.groups.length > 0);
      for (const group of info.groups) {
        const actual = group.paths.reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
        assert.equal(group.bytes, actual, group.paths.join(','));
      }
    });
  }

  it('counts quantized weights by their stored dtype and leaves string tensors unknown', () => {
    assert.equal(weightEntryBytes({ name: 'w', shape: [3, 4], dtype: 'float32' }, 'x'), 48);
    assert.equal(weightEntryBytes({ name: 'w', shape: [3, 4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } }, 'x'), 12);
    assert.equal(weightEntryBytes({ name: 'w', shape: [10], dtype: 'float32', quantization: { dtype: 'float16' } }, 'x'), 20);
    assert.equal(weightEntryBytes({ name: 's', shape: [], dtype: 'int32' }, 'x'), 4);
    assert.equal(weightEntryBytes({ name: 's', shape: [2], dtype: 'string' }, 'x'), undefined);
    assert.throws(() => weightEntryBytes({ name: 'w', shape: [-1], dtype: 'float32' }, 'x'), ModelProblem);
    assert.throws(() => weightEntryBytes({ name: 'w', shape: [1], dtype: 'float64' }, 'x'), /unknown dtype "float64"/);
  });

  it('accepts plain relative weight paths and refuses every way out of the folder', () => {
    for (const ok of ['group1-shard1of1', 'group1-shard1of1.bin', 'weights/part 1.bin']) assert.equal(checkWeightPath(ok), ok);
    const unsafe = ['../../etc/passwd', '..', './x', 'a/../../x', '/etc/passwd', '\\\\server\\share', 'C:\\x', 'c:x', 'http://evil.example/x', '//evil.example/x', 'file:///etc/passwd', '%2e%2e/x', 'a//b', 'x?y', 'model.json', '', 5];
    for (const bad of unsafe) assert.throws(() => checkWeightPath(bad), (error: unknown) => error instanceof ModelProblem && error.reason === 'unsafe-path', JSON.stringify(bad));
    assert.equal(weightFilePath('/cache/m', 'a/b'), path.resolve('/cache/m/a/b'));
    const modelUrl = new URL('http://127.0.0.1:9/tfjs-models/tfjs/m/model.json');
    assert.equal(weightUrl(modelUrl, 'group1-shard1of1').href, 'http://127.0.0.1:9/tfjs-models/tfjs/m/group1-shard1of1');
  });

  it('tells layers from graph models and rejects what is neither', () => {
    const layers = parseModelJson(fs.readFileSync(path.join(sharedModel('mobilenet_v1_0.25_224_tfjs_layers'), 'model.json'), 'utf8'), 'l');
    assert.equal(layers.kind, 'layers');
    assert.deepEqual(layers.poolingLayers, ['global_average_pooling2d_1']);
    assert.equal(layers.nodeNames.at(-1), 'reshape_2');
    const graph = parseModelJson(fs.readFileSync(path.join(sharedModel('mobilenet_v1_0.25_224_tfhub_graph'), 'model.json'), 'utf8'), 'g');
    assert.equal(graph.kind, 'graph');
    const manifest = [{ paths: ['w'], weights: [{ name: 'a', shape: [1], dtype: 'float32' }] }];
    assert.throws(() => parseModelJson(JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: manifest }), 'x'), /needs "node"/);
    assert.throws(() => parseModelJson(JSON.stringify({ format: 'onnx', modelTopology: {}, weightsManifest: manifest }), 'x'), /unknown format "onnx"/);
    assert.throws(() => parseModelJson(JSON.stringify({ modelTopology: { class_name: 'Model', config: { layers: [] } } }), 'x'), /no "weightsManifest"/);
    assert.throws(() => parseModelJson(JSON.stringify({ modelTopology: { config: { layers: [] } }, weightsManifest: [...manifest, ...manifest] }), 'x'), /lists a weight file twice/);
  });
});
