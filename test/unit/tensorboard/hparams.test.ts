import * as assert from 'node:assert/strict';
import { EXPERIMENT_TAG, experimentValue, SESSION_END_INFO_TAG, SESSION_START_INFO_TAG, sessionEndValue, sessionStartValue, SessionStatus } from '../../../src/core/tensorboard/hparams';
import { trainingExperiment, trainingHparamValues, TRAINING_HPARAMS } from '../../../src/core/tensorboard/trainingHparams';
import { TRAIN_DEFAULTS } from '../../../src/core/training/trainDefaults';
import { decodeAs, reencodeAs } from './support/pluginProtos';

type Plain = Record<string, unknown>;
// google.protobuf.Value comes from protobufjs's bundled struct.proto, whose field names are camelCase
// (numberValue = 2, stringValue = 3, boolValue = 4): the numbers are the official ones.

/** The Summary.Value's HParamsPluginData, checked to be what hparams.summary writes around it. */
function pluginData(bytes: Uint8Array, tag: string): Plain {
  const value = decodeAs('tensorboard.Summary.Value', bytes);
  assert.equal(value.tag, tag);
  assert.equal(value.value, 'tensor');
  // The plugin's NULL_TENSOR: DT_FLOAT of shape [0], no content.
  assert.deepEqual(value.tensor, { dtype: 1, tensor_shape: { dim: [{}] } });
  const metadata = value.metadata as { plugin_data: { plugin_name: string; content: Buffer } };
  assert.equal(metadata.plugin_data.plugin_name, 'hparams');
  assert.deepEqual(Buffer.from(reencodeAs('tensorboard.Summary.Value', bytes)), Buffer.from(bytes));
  const data = decodeAs('tensorboard.hparams.HParamsPluginData', metadata.plugin_data.content);
  assert.equal(data.version, undefined, 'version 0');
  return data;
}

describe('tensorboard: hparams summaries against the official api.proto and plugin_data.proto', () => {
  it('the experiment: every setting with its type and domain, and the metrics', () => {
    const data = pluginData(experimentValue(trainingExperiment()), EXPERIMENT_TAG);
    assert.equal(data.data, 'experiment');
    const experiment = data.experiment as { hparam_infos: Plain[]; metric_infos: Plain[]; description: string };
    assert.deepEqual(experiment.hparam_infos.map((h) => h.name), TRAINING_HPARAMS.map((h) => h.name));
    const backend = experiment.hparam_infos.find((h) => h.name === 'backend')!;
    assert.equal(backend.type, 1, 'DATA_TYPE_STRING');
    assert.equal(backend.domain, 'domain_discrete');
    assert.deepEqual((backend.domain_discrete as { values: Plain[] }).values.map((v) => v.stringValue), ['auto', 'gpu', 'cpu-native', 'wasm', 'cpu']);
    const dropout = experiment.hparam_infos.find((h) => h.name === 'dropout')!;
    assert.equal(dropout.type, 3, 'DATA_TYPE_FLOAT64');
    assert.deepEqual(dropout.domain_interval, { max_value: 0.9 });
    assert.equal(experiment.hparam_infos.find((h) => h.name === 'learning_rate')!.domain, undefined, 'unbounded: no domain');
    assert.deepEqual(experiment.metric_infos[0], { name: { tag: 'final/best_validation_accuracy' }, display_name: 'best validation accuracy', dataset_type: 2 });
    assert.ok(experiment.metric_infos.some((m) => JSON.stringify(m.name) === JSON.stringify({ group: 'validation', tag: 'accuracy' })));
  });

  it('the session start: one google.protobuf.Value per setting (0, false and "" included)', () => {
    const hparams = trainingHparamValues({ ...TRAIN_DEFAULTS, datasetDir: '/d', runsDir: '/r', modelCacheDir: '/m', embeddingCacheDir: '/e', fineTuneBlocks: 0, augmentation: ['crop', 'flip'] }, 'wasm');
    const data = pluginData(sessionStartValue({ hparams: { ...hparams, flag: false }, startTimeSecs: 1700000000.5 }), SESSION_START_INFO_TAG);
    assert.equal(data.data, 'session_start_info');
    const start = data.session_start_info as { hparams: Record<string, Plain>; start_time_secs: number };
    assert.equal(start.start_time_secs, 1700000000.5);
    assert.deepEqual(start.hparams.fine_tune_blocks, { numberValue: 0, kind: 'numberValue' });
    assert.deepEqual(start.hparams.embedding_node, { stringValue: '', kind: 'stringValue' });
    assert.deepEqual(start.hparams.flag, { boolValue: false, kind: 'boolValue' });
    assert.deepEqual(start.hparams.augmentation, { stringValue: 'flip+crop', kind: 'stringValue' });
    assert.deepEqual(start.hparams.backend_used, { stringValue: 'wasm', kind: 'stringValue' });
    assert.deepEqual(Object.keys(start.hparams).sort(), [...TRAINING_HPARAMS.map((h) => h.name), 'flag'].sort());
  });

  it('the session end: status and end time', () => {
    const data = pluginData(sessionEndValue({ status: SessionStatus.success, endTimeSecs: 1700000100 }), SESSION_END_INFO_TAG);
    assert.equal(data.data, 'session_end_info');
    assert.deepEqual(data.session_end_info, { status: 1, end_time_secs: 1700000100 });
    assert.deepEqual(pluginData(sessionEndValue({ status: SessionStatus.failure, endTimeSecs: 1 }), SESSION_END_INFO_TAG).session_end_info, { status: 2, end_time_secs: 1 });
  });
});
