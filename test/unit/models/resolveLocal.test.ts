import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { expectUnavailable } from './support/expectUnavailable';
import { copyModel, editModelJson, sharedModel, sharedModelsDir } from './support/sharedModels';

describe('resolveBaseModel: local paths', () => {
  let scratch: string;
  let cacheDir: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-models-local-'));
    cacheDir = path.join(scratch, 'cache');
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('resolves the MobileNet V1 0.25 layers folder in place, verified, without copying', async () => {
    const folder = sharedModel('mobilenet_v1_0.25_224_tfjs_layers');
    const model = await resolveBaseModel(folder, { cacheDir });
    assert.deepEqual(
      { ...model, fingerprint: undefined },
      {
        name: 'mobilenet_v1_0.25_224_tfjs_layers',
        kind: 'layers',
        modelJsonPath: path.join(folder, 'model.json'),
        embeddingNode: 'global_average_pooling2d_1',
        inputSize: { height: 224, width: 224 },
        inputRange: [-1, 1],
        source: 'path',
        fingerprint: undefined,
        weightBytes: 1_902_176,
      },
    );
    assert.match(model.fingerprint, /^[0-9a-f]{64}$/);
    assert.equal(fs.existsSync(cacheDir), false, 'a local path is used where it is');
  });

  it('accepts the model.json file itself, a relative path against baseDir, and the 0.75 model', async () => {
    const models = sharedModelsDir();
    const byFile = await resolveBaseModel(path.join(models, 'mobilenet_v1_0.75_224_tfjs_layers', 'model.json'), { cacheDir });
    const byRelative = await resolveBaseModel('mobilenet_v1_0.75_224_tfjs_layers', { cacheDir, baseDir: models });
    assert.equal(byFile.modelJsonPath, byRelative.modelJsonPath);
    assert.equal(byFile.fingerprint, byRelative.fingerprint);
    assert.equal(byFile.embeddingNode, 'global_average_pooling2d_1');
    assert.equal(byFile.weightBytes, 10_407_904);
  });

  it('resolves the TF Hub graph model: kind graph, the known embedding node, input in [0, 1]', async () => {
    const model = await resolveBaseModel(sharedModel('mobilenet_v1_0.25_224_tfhub_graph'), { cacheDir });
    assert.equal(model.kind, 'graph');
    assert.equal(model.embeddingNode, 'module_apply_default/MobilenetV1/Logits/global_pool');
    assert.deepEqual(model.inputRange, [0, 1]);
    assert.deepEqual(model.inputSize, { height: 224, width: 224 });
    assert.equal(model.weightBytes, 1_870_388);
  });

  it('honours an embedding layer and an input range that the settings name', async () => {
    const model = await resolveBaseModel(sharedModel('mobilenet_v1_0.25_224_tfjs_layers'), { cacheDir, embeddingNode: 'conv_pw_13_relu', inputRange: [0, 1] });
    assert.equal(model.embeddingNode, 'conv_pw_13_relu');
    assert.deepEqual(model.inputRange, [0, 1]);
  });

  it('rejects an embedding layer the model lacks, naming candidates and the fix', async () => {
    await expectUnavailable(
      resolveBaseModel(sharedModel('mobilenet_v1_0.25_224_tfjs_layers'), { cacheDir, embeddingNode: 'global_pool' }),
      'embedding-node',
      /no layer named "global_pool" \(candidates: "global_average_pooling2d_1"\)[\s\S]*Fix: set "surgeryClassifier\.embeddingLayer" to the layer/,
    );
  });

  it('requires the embedding node of a graph model it does not know', async () => {
    const copy = copyModel('mobilenet_v1_0.25_224_tfhub_graph', path.join(scratch, 'renamed-graph'));
    editModelJson(copy, (json) => {
      const nodes = (json.modelTopology as { node: Array<{ name: string; input?: string[] }> }).node;
      const known = 'module_apply_default/MobilenetV1/Logits/global_pool';
      for (const node of nodes) {
        if (node.name === known) node.name = 'features/pool';
        node.input = node.input?.map((input) => (input === known ? 'features/pool' : input));
      }
    });
    await expectUnavailable(resolveBaseModel(copy, { cacheDir }), 'embedding-node', /embedding node of this graph model is not known and was not named \(candidates: .*"features\/pool"/);
    assert.equal((await resolveBaseModel(copy, { cacheDir, embeddingNode: 'features/pool' })).embeddingNode, 'features/pool');
  });

  it('says when a setting is neither a built-in name nor an existing path, listing the built-ins', async () => {
    const error = await expectUnavailable(
      resolveBaseModel('mobilenet_v2_1.0_224', { cacheDir, baseDir: scratch }),
      'not-found',
      /"mobilenet_v2_1\.0_224" is neither a built-in model name \(mobilenet_v1_0\.25_224, mobilenet_v1_0\.50_224, mobilenet_v1_0\.75_224, mobilenet_v1_1\.0_224\) nor an existing folder or model\.json/,
    );
    assert.match(error.fix, /surgeryClassifier\.baseModel/);
    fs.mkdirSync(path.join(scratch, 'empty'));
    await expectUnavailable(resolveBaseModel(path.join(scratch, 'empty'), { cacheDir }), 'not-found', /has no model\.json/);
  });

  it('rejects a local copy with a truncated or missing weight file', async () => {
    const copy = copyModel('mobilenet_v1_0.25_224_tfjs_layers', path.join(scratch, 'truncated'));
    fs.truncateSync(path.join(copy, 'group29-shard1of1'), 1000);
    await expectUnavailable(resolveBaseModel(copy, { cacheDir }), 'invalid-model', /group29-shard1of1 is 1000 bytes, but model\.json declares 1028000/);
    fs.rmSync(path.join(copy, 'group29-shard1of1'));
    await expectUnavailable(resolveBaseModel(copy, { cacheDir }), 'invalid-model', /the weight file group29-shard1of1 is missing/);
  });

  it('rejects a local model.json whose weight path leaves its folder, before reading it', async () => {
    const copy = copyModel('mobilenet_v1_0.25_224_tfjs_layers', path.join(scratch, 'escaping'));
    editModelJson(copy, (json) => {
      (json.weightsManifest as Array<{ paths: string[] }>)[0].paths = ['../../etc/passwd'];
    });
    await expectUnavailable(resolveBaseModel(copy, { cacheDir }), 'unsafe-path', /unsafe weight path "\.\.\/\.\.\/etc\/passwd"/);
  });

  it('rejects files that are not tfjs models', async () => {
    const notModel = path.join(scratch, 'not-model');
    fs.mkdirSync(notModel);
    fs.writeFileSync(path.join(notModel, 'model.json'), '{"weightsManifest": []}');
    await expectUnavailable(resolveBaseModel(notModel, { cacheDir }), 'invalid-model', /has no "modelTopology"/);
    fs.writeFileSync(path.join(notModel, 'model.json'), '<html>');
    await expectUnavailable(resolveBaseModel(notModel, { cacheDir }), 'invalid-model', /is not JSON/);
  });
});
