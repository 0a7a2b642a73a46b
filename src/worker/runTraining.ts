import * as fs from 'node:fs';
import * as path from 'node:path';
import { classificationReport } from '../core/metrics/classification';
import { parseJsonLines, type ManifestRow } from '../core/frames/manifest';
import { sha256Hex } from '../core/frames/stableHash';
import { resolveBaseModel } from '../core/models/resolveBaseModel';
import { TrainingLogWriter } from '../core/tensorboard/trainingLogWriter';
import { appendJsonLine, createRunFolder, writeJson, writeRunState } from '../core/training/runFolder';
import type { FromWorker, TrainConfig, TrainResult } from '../shared/trainingProtocol';
import { selectBackend } from './backend';
import { loadEmbedder, type Embedder } from './embedder';
import { EmbeddingCache } from './embeddingCache';
import { imageToInput } from './images';
import { fileModelWriter } from './modelFiles';
import { tf } from './tfjs';
import { classWeights, trainHead } from './trainHead';

export interface TrainingChannel {
  send(message: FromWorker): void;
  isCancelled(): boolean;
}

const EMBED_BATCH = 32;

/** Dataset → run folder: embeddings (cached), head training with validation, one test evaluation, the saved classifier. */
export async function runTraining(config: TrainConfig, channel: TrainingChannel): Promise<TrainResult> {
  const log = (level: 'info' | 'warn' | 'error', message: string) => channel.send({ type: 'log', level, message });
  const backend = await selectBackend(config.backend);
  channel.send({ type: 'backend', report: backend });
  for (const line of backend.diagnosis) log(backend.requested === 'auto' && !/installed but/.test(line) ? 'info' : 'warn', line);
  log('info', `Backend: ${backend.used} (asked for ${backend.requested})`);

  const { classes, rows, manifestHash } = await readDataset(config.datasetDir);
  const runDir = await createRunFolder(config.runsDir, config.runName);
  const started = new Date().toISOString();
  await writeRunState(runDir, { status: 'running', started });
  channel.send({ type: 'run', runDir });
  const fail = async (error: unknown): Promise<never> => {
    await writeRunState(runDir, { status: 'failed', started, finished: new Date().toISOString(), message: String(error instanceof Error ? error.message : error) });
    throw error;
  };
  try {
    await writeJson(path.join(runDir, 'config.json'), {
      ...config,
      dataset: { dir: config.datasetDir, manifestSha256: manifestHash, frames: rows.length },
      backend,
      versions: { tfjs: tf.version.tfjs, node: process.versions.node, surgeryClassifier: packageVersion() },
    });
    await writeJson(path.join(runDir, 'labels.json'), classes);

    channel.send({ type: 'progress', phase: 'model', done: 0, total: 1 });
    const base = await resolveBaseModel(config.baseModel, {
      cacheDir: config.modelCacheDir,
      baseUrl: config.modelBaseUrl,
      embeddingNode: config.embeddingNode || undefined,
      onProgress: (done, total) => channel.send({ type: 'progress', phase: 'model', done, total: total ?? done }),
    });
    if (base.inputSize.width !== base.inputSize.height) throw new Error(`${base.name} takes ${base.inputSize.width}×${base.inputSize.height} images; only square inputs are supported.`);
    const embedder = await loadEmbedder({ ...base, inputSize: base.inputSize.height });
    log('info', `Base model ${base.name} (${base.kind}, ${base.source}): embedding "${base.embeddingNode}" of size ${embedder.size}`);

    // The fingerprint covers model.json and every weight file: a changed model never reuses old embeddings.
    const embedded = await embedAll(rows, config, embedder, `${base.fingerprint}|${base.embeddingNode}|${base.inputRange.join(',')}|${embedder.inputSize}`, channel);
    const bySplit = (split: string) => embedded.items.filter((item) => item.row.split === split);
    const toTensors = (items: typeof embedded.items) => ({
      x: tf.tensor2d(flatten(items.map((i) => i.embedding), embedder.size), [items.length, embedder.size]),
      y: tf.oneHot(tf.tensor1d(items.map((i) => classes.indexOf(i.row.class)), 'int32'), classes.length).toFloat() as tf.Tensor2D,
    });
    const trainItems = bySplit('train');
    if (!trainItems.length) throw new Error('The dataset has no readable training frame: extract frames with a train split first.');
    const train = toTensors(trainItems);
    const validationItems = bySplit('validation');
    const validation = validationItems.length ? toTensors(validationItems) : undefined;
    if (!validation) log('warn', 'The dataset has no validation frames: the epoch is chosen on training loss.');

    const counts = classes.map((c) => trainItems.filter((i) => i.row.class === c).length);
    const present = counts.filter((n) => n > 0);
    const weighting = config.classWeighting === 'on' || (config.classWeighting === 'auto' && Math.max(...present) > 1.5 * Math.min(...present));
    const classWeight = weighting ? classWeights(counts) : undefined;
    if (classWeight) log('info', `Class weights: ${classes.map((c, i) => `${c} ${classWeight[i].toFixed(2)}`).join(', ')}`);

    const logs = await TrainingLogWriter.create(runDir);
    const metricsFile = path.join(runDir, 'metrics.jsonl');
    const head = await trainHead(train, validation, {
      inputSize: embedder.size,
      classes: classes.length,
      hiddenUnits: config.hiddenUnits,
      dropout: config.dropout,
      learningRate: config.learningRate,
      epochs: config.epochs,
      batchSize: config.batchSize,
      patience: config.patience,
      classWeight,
      seed: config.seed,
      logEverySteps: Math.max(1, config.logEverySteps),
      shouldStop: () => channel.isCancelled(),
      onStep: async (step, loss, accuracy) => {
        logs.scalar('train', 'cross_entropy', loss, step);
        logs.scalar('train', 'accuracy', accuracy, step);
        await appendJsonLine(metricsFile, { kind: 'step', step, loss, accuracy });
      },
      onEpoch: async (metrics) => {
        channel.send({ type: 'epoch', metrics });
        channel.send({ type: 'progress', phase: 'training', done: metrics.epoch, total: config.epochs, epoch: metrics.epoch, epochs: config.epochs, validationAccuracy: metrics.validationAccuracy });
        logs.scalar('train', 'learning_rate', metrics.learningRate, metrics.step);
        if (metrics.validationLoss !== undefined) logs.scalar('validation', 'cross_entropy', metrics.validationLoss, metrics.step);
        if (metrics.validationAccuracy !== undefined) logs.scalar('validation', 'accuracy', metrics.validationAccuracy, metrics.step);
        await logs.flush();
        await appendJsonLine(metricsFile, { kind: 'epoch', ...metrics });
      },
    });
    await logs.close();

    channel.send({ type: 'progress', phase: 'evaluating', done: 0, total: 1 });
    const testItems = bySplit('test');
    let testAccuracy: number | undefined;
    if (testItems.length) {
      const test = toTensors(testItems);
      const scores = (await (head.model.predict(test.x) as tf.Tensor2D).array()) as number[][];
      const report = classificationReport(classes, testItems.map((i) => classes.indexOf(i.row.class)), scores);
      testAccuracy = report.accuracy;
      await writeJson(path.join(runDir, 'evaluation.json'), {
        split: 'test',
        classes,
        ...report,
        predictions: testItems.map((item, i) => ({ path: item.row.path, video: item.row.video, videoId: item.row.videoId, time: item.row.time, trueClass: item.row.class, scores: scores[i] })),
      });
      tf.dispose([test.x, test.y]);
      log('info', `Test accuracy ${(report.accuracy * 100).toFixed(1)} % on ${testItems.length} frames of held-out videos`);
    } else {
      log('warn', 'The dataset has no test frames: no evaluation was written.');
    }

    await saveClassifier(runDir, embedder, head.model, classes, { ...base, inputSize: base.inputSize.height });
    tf.dispose([train.x, train.y, ...(validation ? [validation.x, validation.y] : [])]);
    embedder.dispose();
    const status = head.cancelled ? 'cancelled' : 'completed';
    await writeRunState(runDir, { status, started, finished: new Date().toISOString() });
    return {
      runDir,
      status,
      bestEpoch: head.bestEpoch,
      testAccuracy,
      validationAccuracy: head.bestValidationAccuracy,
      backend,
      skippedImages: embedded.skipped,
      embeddingsComputed: embedded.computed,
      embeddingsCached: embedded.cached,
    };
  } catch (error) {
    return fail(error);
  }
}

interface EmbeddedItem {
  readonly row: ManifestRow;
  readonly embedding: Float32Array;
}

async function embedAll(rows: readonly ManifestRow[], config: TrainConfig, embedder: Embedder, modelKey: string, channel: TrainingChannel) {
  const cache = new EmbeddingCache(config.embeddingCacheDir, modelKey);
  const items: EmbeddedItem[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  let computed = 0;
  let cached = 0;
  let pending: Array<{ row: ManifestRow; key: string; input: Float32Array }> = [];
  let lastReport = 0;
  const flush = async () => {
    if (!pending.length) return;
    const embeddings = await embedder.embed(pending.map((p) => p.input));
    for (let i = 0; i < pending.length; i++) {
      await cache.set(pending[i].key, embeddings[i]);
      items.push({ row: pending[i].row, embedding: embeddings[i] });
    }
    computed += pending.length;
    pending = [];
  };
  for (let index = 0; index < rows.length; index++) {
    if (channel.isCancelled()) throw new Error('Training was cancelled while computing embeddings.');
    const row = rows[index];
    const file = path.join(config.datasetDir, row.path);
    try {
      const bytes = await fs.promises.readFile(file);
      const key = EmbeddingCache.key(bytes);
      const hit = await cache.get(key, embedder.size);
      if (hit) {
        items.push({ row, embedding: hit });
        cached++;
      } else {
        pending.push({ row, key, input: await imageToInput(bytes, embedder.inputSize, embedder.inputRange) });
        if (pending.length >= EMBED_BATCH) await flush();
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      skipped.push({ path: row.path, reason });
      channel.send({ type: 'log', level: 'warn', message: `Skipped ${row.path}: ${reason}` });
    }
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      channel.send({ type: 'progress', phase: 'embedding', done: index + 1, total: rows.length });
    }
  }
  await flush();
  channel.send({ type: 'progress', phase: 'embedding', done: rows.length, total: rows.length });
  channel.send({ type: 'log', level: 'info', message: `Embeddings: ${computed} computed, ${cached} from the cache, ${skipped.length} image(s) skipped` });
  return { items, skipped, computed, cached };
}

/**
 * The whole classifier (base cut at the embedding + head) as one LayersModel in <run>/model, so that
 * `tf.loadLayersModel('file://…/model/model.json')` (tfjs-node) or an IOHandler reading the two files
 * gives image → class probabilities in one call. Graph base models keep the head alone in model/.
 */
async function saveClassifier(runDir: string, embedder: Embedder, head: tf.Sequential, classes: readonly string[], base: { name: string; kind: string; inputRange: readonly [number, number]; inputSize: number; embeddingNode: string }): Promise<void> {
  const folder = path.join(runDir, 'model');
  const meta = { classes, input: { size: base.inputSize, range: base.inputRange, layout: 'NHWC RGB' }, baseModel: base.name, embeddingNode: base.embeddingNode };
  if (embedder.layersModel) {
    const truncated = embedder.layersModel;
    const output = head.apply(truncated.outputs[0]) as tf.SymbolicTensor;
    const full = tf.model({ inputs: truncated.inputs, outputs: output, name: 'surgery_classifier' });
    await full.save(withMetadata(fileModelWriter(folder), { ...meta, contains: 'base+head' }));
  } else {
    await head.save(withMetadata(fileModelWriter(folder), { ...meta, contains: 'head (apply to the graph base model embedding)' }));
  }
}

function withMetadata(handler: tf.io.IOHandler, metadata: object): tf.io.IOHandler {
  return { save: (artifacts) => handler.save!({ ...artifacts, userDefinedMetadata: { surgeryClassifier: metadata } }) };
}

async function readDataset(datasetDir: string): Promise<{ classes: string[]; rows: ManifestRow[]; manifestHash: string }> {
  const manifestFile = path.join(datasetDir, 'manifest.jsonl');
  let text: string;
  try {
    text = await fs.promises.readFile(manifestFile, 'utf8');
  } catch {
    throw new Error(`${datasetDir} is not a dataset: it has no manifest.jsonl. Run Extract Frames first and choose its output folder.`);
  }
  const rows = parseJsonLines(text, manifestFile);
  let classes: string[] | undefined;
  try {
    classes = (JSON.parse(await fs.promises.readFile(path.join(datasetDir, 'dataset.json'), 'utf8')) as { classes?: string[] }).classes;
  } catch {
    classes = undefined;
  }
  classes ??= [...new Set(rows.map((r) => r.class))].sort();
  if (classes.length < 2) throw new Error(`The dataset in ${datasetDir} has ${classes.length} class(es); a classifier needs at least two.`);
  return { classes, rows, manifestHash: sha256Hex(text) };
}

function flatten(vectors: readonly Float32Array[], size: number): Float32Array {
  const out = new Float32Array(vectors.length * size);
  vectors.forEach((v, i) => out.set(v, i * size));
  return out;
}

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
