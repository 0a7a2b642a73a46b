import * as fs from 'node:fs';
import * as path from 'node:path';
import { classificationReport } from '../core/metrics/classification';
import { readDatasetManifest } from '../core/frames/datasetManifest';
import type { ManifestRow } from '../core/frames/manifest';
import { sha256Hex } from '../core/frames/stableHash';
import { resolveBaseModel } from '../core/models/resolveBaseModel';
import { TrainingLogWriter } from '../core/tensorboard/trainingLogWriter';
import { appendJsonLine, createRunFolder, writeJson, writeRunState } from '../core/training/runFolder';
import type { FromWorker, TrainConfig, TrainResult } from '../shared/workerProtocol';
import { selectBackend } from './backend';
import { datasetTensors, disposeDatasetTensors } from './datasetTensors';
import { embedDataset } from './embedDataset';
import { loadEmbedder, type Embedder } from './embedder';
import { BACKBONE_LEARNING_RATE_FACTOR, loadFineTunePlan } from './fineTuneBase';
import { fileModelWriter } from './modelFiles';
import { tf } from './tfjs';
import { classWeights, trainHead, type HeadOptions } from './trainHead';
import { emptyClassesOf, emptyClassWarning } from '../core/training/emptyClasses';
import { chooseTemporalModel, saveTemporalModel } from './temporalSelection';
import { RichLogs } from './richLogs';
import { evaluateVideos, labelledVideos } from '../core/temporal/evaluateVideos';

export interface TrainingChannel {
  send(message: FromWorker): void;
  isCancelled(): boolean;
}

/**
 * Dataset → run folder: embeddings (cached), head training with validation, one test evaluation, the saved classifier.
 */
export async function runTraining(config: TrainConfig, channel: TrainingChannel): Promise<TrainResult> {
  const log = (level: 'info' | 'warn' | 'error', message: string) => channel.send({ type: 'log', level, message });
  const backend = await selectBackend(config.backend);
  channel.send({ type: 'backend', report: backend });
  for (const line of backend.diagnosis)
    log(backend.requested === 'auto' && !/installed but/.test(line) ? 'info' : 'warn', line);
  log('info', `Backend: ${backend.used} (asked for ${backend.requested})`);

  const { classes, rows, manifestHash } = await readDataset(config.datasetDir);
  const runDir = await createRunFolder(config.runsDir, config.runName);
  const started = new Date().toISOString();
  await writeRunState(runDir, { status: 'running', started });
  channel.send({ type: 'run', runDir });
  let rich: RichLogs | undefined;
  const fail = async (error: unknown): Promise<never> => {
    await rich?.abort();
    await writeRunState(runDir, {
      status: 'failed',
      started,
      finished: new Date().toISOString(),
      message: String(error instanceof Error ? error.message : error),
    });
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
    if (base.inputSize.width !== base.inputSize.height)
      throw new Error(
        `${base.name} takes ${base.inputSize.width}×${base.inputSize.height} images; only square inputs are supported.`,
      );
    // Fine-tuning moves the cut to the input of the trained blocks: what is cached is what stays frozen.
    const fineTune = config.fineTuneBlocks > 0 ? await loadFineTunePlan(base, config.fineTuneBlocks) : undefined;
    const cutNode = fineTune?.cutLayer ?? base.embeddingNode;
    const embedder = await loadEmbedder({ ...base, embeddingNode: cutNode, inputSize: base.inputSize.height });
    if (fineTune) {
      const [h, w, c] = fineTune.cutShape;
      log(
        'info',
        `Fine-tuning blocks ${fineTune.blocks.join(', ')} of ${base.name} at ${BACKBONE_LEARNING_RATE_FACTOR}× ` +
          `the head's learning rate; activations of "${cutNode}" (${h}×${w}×${c} = ${embedder.size} floats, ` +
          `${((embedder.size * 4) / 1024).toFixed(0)} KiB per frame) are cached`,
      );
      if (config.embeddingNode)
        log(
          'warn',
          `The embedding layer setting ("${config.embeddingNode}") is not used while fine-tuning: the head ` +
            'takes the pooled output of the last block.',
        );
    } else {
      log(
        'info',
        `Base model ${base.name} (${base.kind}, ${base.source}): embedding "${base.embeddingNode}" of size ` +
          `${embedder.size}`,
      );
    }

    // The fingerprint covers model.json and every weight file: a changed model never reuses old embeddings.
    const embedded = await embedDataset(
      rows,
      config,
      embedder,
      `${base.fingerprint}|${cutNode}|${base.inputRange.join(',')}|${embedder.inputSize}`,
      channel,
    );
    embedder.finishEmbedding();
    const data = datasetTensors(embedded.items, classes, fineTune ? fineTune.cutShape : [embedder.size]);
    const { train, validation, test } = data;
    if (!validation) log('warn', 'The dataset has no validation frames: the epoch is chosen on training loss.');
    if (data.augmentedCopies)
      log('info', `Training on ${data.trainFrames} frames and ${data.augmentedCopies} augmented copies`);
    const counts = data.trainCounts;
    const emptyClasses = emptyClassesOf(classes, counts);
    for (const name of emptyClasses) log('warn', emptyClassWarning(name));
    const present = counts.filter((n) => n > 0);
    const weighting =
      config.classWeighting === 'on' ||
      (config.classWeighting === 'auto' && Math.max(...present) > 1.5 * Math.min(...present));
    const classWeight = weighting ? classWeights(counts) : undefined;
    if (classWeight)
      log('info', `Class weights: ${classes.map((c, i) => `${c} ${classWeight[i].toFixed(2)}`).join(', ')}`);

    const logs = await TrainingLogWriter.create(runDir);
    rich = await RichLogs.start({
      runDir,
      config,
      classes,
      backendUsed: backend.used,
      train,
      validation,
      test,
      logs,
      fineTuned: !!fineTune,
      log,
    });
    const metricsFile = path.join(runDir, 'metrics.jsonl');
    const headOptions: HeadOptions = {
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
      body: fineTune && {
        inputShape: fineTune.cutShape,
        build: fineTune.build,
        learningRateFactor: BACKBONE_LEARNING_RATE_FACTOR,
      },
      shouldStop: () => channel.isCancelled(),
      onStep: async (step, loss, accuracy) => {
        logs.scalar('train', 'cross_entropy', loss, step);
        logs.scalar('train', 'accuracy', accuracy, step);
        await appendJsonLine(metricsFile, { kind: 'step', step, loss, accuracy });
      },
      onEpoch: async (metrics, trained) => {
        channel.send({ type: 'epoch', metrics });
        channel.send({
          type: 'progress',
          phase: 'training',
          done: metrics.epoch,
          total: config.epochs,
          epoch: metrics.epoch,
          epochs: config.epochs,
          validationAccuracy: metrics.validationAccuracy,
        });
        logs.scalar('train', 'learning_rate', metrics.learningRate, metrics.step);
        if (metrics.validationLoss !== undefined)
          logs.scalar('validation', 'cross_entropy', metrics.validationLoss, metrics.step);
        if (metrics.validationAccuracy !== undefined)
          logs.scalar('validation', 'accuracy', metrics.validationAccuracy, metrics.step);
        await rich?.epoch(metrics, trained, validation);
        await logs.flush();
        await appendJsonLine(metricsFile, { kind: 'epoch', ...metrics });
      },
    };
    const head = await trainHead(train, validation, headOptions);
    await logs.close();

    channel.send({ type: 'progress', phase: 'evaluating', done: 0, total: 1 });
    // Frames in no annotated segment are "nothing happens": left out of segments, as ms-tcn's bg_class.
    const background = [...new Set(rows.filter((r) => r.annotation === null).map((r) => r.class))];
    const quiet = { onStep: () => undefined, onEpoch: () => undefined, logEverySteps: Number.MAX_SAFE_INTEGER };
    // Fold heads train as long as the run's best epoch: there is no validation split inside a fold.
    // A cancelled run trains no more heads; fine-tuned blocks would make each fold as long as the run.
    const trainFold =
      fineTune || head.cancelled
        ? undefined
        : async (x: tf.Tensor, y: tf.Tensor2D) =>
            (
              await trainHead({ x, y }, undefined, {
                ...headOptions,
                ...quiet,
                epochs: Math.max(1, head.bestEpoch),
                patience: 0,
              })
            ).model;
    const temporal = await chooseTemporalModel({
      classes,
      train,
      validation,
      validationHead: head.model,
      trainFold,
      background,
      trainCounts: counts,
      classWeight,
      onFold: (done, total) => channel.send({ type: 'progress', phase: 'evaluating', done, total }),
      shouldStop: () => channel.isCancelled(),
    });
    const temporalName = await saveTemporalModel(runDir, temporal, background, log);
    let testAccuracy: number | undefined;
    let temporalTest: TrainResult['temporal']['test'];
    if (test) {
      const output = head.model.predict(test.x) as tf.Tensor2D;
      const scores = (await output.array()) as number[][];
      output.dispose();
      const report = classificationReport(
        classes,
        test.rows.map((row) => classes.indexOf(row.class)),
        scores,
      );
      testAccuracy = report.accuracy;
      const videos = evaluateVideos(labelledVideos(test.rows, scores, classes), temporal.model, background);
      const t = videos.temporal.mean;
      temporalTest = {
        videos: videos.temporal.videos,
        frameAccuracy: t.frameAccuracy,
        frameOnlyAccuracy: videos.frameOnly.mean.frameAccuracy,
        majorityBaseline: t.majorityBaseline,
        editScore: t.editScore,
        f1At25: t.f1At25,
      };
      log(
        'info',
        `Test videos with ${temporalName}: accuracy ${(t.frameAccuracy * 100).toFixed(1)} % (frame only ` +
          `${(videos.frameOnly.mean.frameAccuracy * 100).toFixed(1)} %, majority class ` +
          `${(t.majorityBaseline * 100).toFixed(1)} %), edit ${t.editScore.toFixed(1)}, F1@{10,25,50} ` +
          `${[t.f1At10, t.f1At25, t.f1At50].map((v) => v.toFixed(1)).join('/')} (per-video mean)`,
      );
      await writeJson(path.join(runDir, 'evaluation.json'), {
        split: 'test',
        classes,
        ...report,
        temporal: { model: temporalName, background, ...videos },
        predictions: test.rows.map((row, i) => ({
          path: row.path,
          video: row.video,
          videoId: row.videoId,
          time: row.time,
          trueClass: row.class,
          scores: scores[i],
        })),
      });
      log(
        'info',
        `Test accuracy ${(report.accuracy * 100).toFixed(1)} % on ${test.rows.length} frames of held-out videos`,
      );
    } else {
      log('warn', 'The dataset has no test frames: no evaluation was written.');
    }

    await saveClassifier(
      runDir,
      embedder,
      (x) => head.head.apply(fineTune ? fineTune.exportStandard(x) : x) as tf.SymbolicTensor,
      head.head,
      classes,
      { ...base, inputSize: base.inputSize.height, embeddingNode: cutNode, fineTunedBlocks: fineTune?.blocks ?? [] },
    );
    await rich.finish({
      model: head.model,
      status: head.cancelled ? 'cancelled' : 'completed',
      bestEpoch: head.bestEpoch,
      bestValidationAccuracy: head.bestValidationAccuracy,
    });
    disposeDatasetTensors(data);
    embedder.dispose();
    fineTune?.dispose();
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
      emptyClasses,
      embeddingsComputed: embedded.computed,
      embeddingsCached: embedded.cached,
      temporal: { name: temporalName, basis: temporal.basis, ...(temporalTest ? { test: temporalTest } : {}) },
    };
  } catch (error) {
    return fail(error);
  }
}

/**
 * The whole classifier (base cut at the embedding, or at the fine-tuned blocks, + those blocks + head) as one
 * LayersModel in <run>/model, so that `tf.loadLayersModel('file://…/model/model.json')` (tfjs-node) or
 * an IOHandler reading the two files gives image → class probabilities in one call. Graph base models keep
 * the head alone in model/.
 */
async function saveClassifier(
  runDir: string,
  embedder: Embedder,
  onTop: (cut: tf.SymbolicTensor) => tf.SymbolicTensor,
  head: tf.LayersModel,
  classes: readonly string[],
  base: {
    name: string;
    kind: string;
    inputRange: readonly [number, number];
    inputSize: number;
    embeddingNode: string;
    fineTunedBlocks: readonly number[];
  },
): Promise<void> {
  const folder = path.join(runDir, 'model');
  const meta = {
    classes,
    input: { size: base.inputSize, range: base.inputRange, layout: 'NHWC RGB' },
    baseModel: base.name,
    embeddingNode: base.embeddingNode,
    fineTunedBlocks: base.fineTunedBlocks,
  };
  if (embedder.layersModel) {
    const truncated = embedder.layersModel;
    const output = onTop(truncated.outputs[0]);
    const full = tf.model({ inputs: truncated.inputs, outputs: output, name: 'surgery_classifier' });
    await full.save(withMetadata(fileModelWriter(folder), { ...meta, contains: 'base+head' }));
  } else {
    await head.save(
      withMetadata(fileModelWriter(folder), { ...meta, contains: 'head (apply to the graph base model embedding)' }),
    );
  }
}

function withMetadata(handler: tf.io.IOHandler, metadata: object): tf.io.IOHandler {
  return { save: (artifacts) => handler.save!({ ...artifacts, userDefinedMetadata: { surgeryClassifier: metadata } }) };
}

async function readDataset(
  datasetDir: string,
): Promise<{ classes: string[]; rows: ManifestRow[]; manifestHash: string }> {
  const { rows, text } = await readDatasetManifest(datasetDir);
  let classes: string[] | undefined;
  try {
    classes = (
      JSON.parse(await fs.promises.readFile(path.join(datasetDir, 'dataset.json'), 'utf8')) as { classes?: string[] }
    ).classes;
  } catch {
    classes = undefined;
  }
  classes ??= [...new Set(rows.map((r) => r.class))].sort();
  if (classes.length < 2)
    throw new Error(`The dataset in ${datasetDir} has ${classes.length} class(es); a classifier needs at least two.`);
  return { classes, rows, manifestHash: sha256Hex(text) };
}

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
