import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { abortError, throwIfAborted } from '../core/ffmpeg/abort';
import { chooseStrategy } from '../core/ffmpeg/chooseStrategy';
import { grabFrames } from '../core/ffmpeg/grabFrames';
import { locateFfmpegTools } from '../core/ffmpeg/locateTools';
import { probeVideo } from '../core/ffmpeg/probeVideo';
import type { FfmpegTools } from '../core/ffmpeg/types';
import { createPool } from '../core/util/concurrencyPool';
import { selectBackend } from './backend';
import { imageToInput } from './images';
import { loadSavedClassifier, type ClassifierMeta } from './savedClassifier';
import { tf } from './tfjs';
import type { BackendChoice, VideoPrediction } from '../shared/workerProtocol';

export type { VideoPrediction };

export interface PredictVideoOptions {
  readonly runDir: string;
  readonly video: string;
  /** Seconds between scored frames. */
  readonly everySeconds: number;
  readonly backend?: BackendChoice;
  readonly tools?: FfmpegTools;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  /**
   * Also score each frame mirrored left-right and average the two (test-time augmentation: twice the inference time).
   */
  readonly testTimeFlip?: boolean;
}

/** Frames are grabbed and scored a chunk at a time: the temp folder stays small and progress moves evenly. */
const CHUNK_FRAMES = 64;
const BATCH = 16;

/**
 * Scores the frame shown every `everySeconds` of a video (t = 0, k, 2k, … up to its last frame)
 * with a run's saved classifier. Frames are exact (first frame with pts ≥ t), grabbed by ffmpeg into
 * a temp folder that is removed however this ends. Cancel stops ffmpeg and rejects with an AbortError.
 */
export async function predictVideo(options: PredictVideoOptions): Promise<VideoPrediction> {
  const { runDir, video, everySeconds, signal } = options;
  if (!(everySeconds > 0)) throw new RangeError(`everySeconds must be > 0, got ${everySeconds}.`);
  const report = await selectBackend(options.backend ?? 'auto');
  const tools = options.tools ?? (await locateFfmpegTools({}));
  const probe = await probeVideo(tools, video, signal);
  const lastFrame = probe.framePts[probe.framePts.length - 1] ?? 0;
  const times: number[] = [];
  // Integer multiples, not repeated addition, so that 0.1-s steps do not drift.
  for (let i = 0; i * everySeconds <= lastFrame + 1e-9; i++) times.push(Math.min(lastFrame, i * everySeconds));

  const { model, meta } = await loadSavedClassifier(runDir);
  const temp = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sc-predict-'));
  const runSlot = createPool(Math.max(1, os.cpus().length));
  const scores: number[][] = [];
  try {
    for (let from = 0; from < times.length; from += CHUNK_FRAMES) {
      throwIfAborted(signal);
      const chunk = times.slice(from, from + CHUNK_FRAMES);
      const requests = chunk.map((time, i) => ({ time, target: path.join(temp, `frame-${from + i}.jpg`) }));
      await grabFrames(tools, video, probe, requests, chooseStrategy(probe, chunk, os.cpus().length), {
        jpegQuality: 90,
        shortSide: meta.input.size,
        signal,
        runSlot,
      });
      for (let b = 0; b < requests.length; b += BATCH) {
        const batch = requests.slice(b, b + BATCH);
        scores.push(
          ...(await scoreBatch(
            model,
            meta,
            batch.map((r) => r.target),
            options.testTimeFlip ?? false,
          )),
        );
        if (signal?.aborted) throw abortError(signal);
        options.onProgress?.({ done: scores.length, total: times.length });
      }
      await Promise.all(requests.map((r) => fs.promises.rm(r.target, { force: true })));
    }
  } finally {
    model.dispose();
    await fs.promises.rm(temp, { recursive: true, force: true });
  }
  return { classes: meta.classes, times, scores, durationSeconds: probe.duration, backend: report.used };
}

async function scoreBatch(
  model: tf.LayersModel,
  meta: ClassifierMeta,
  files: readonly string[],
  flip: boolean,
): Promise<number[][]> {
  const { size, range } = meta.input;
  const inputs = await Promise.all(
    files.map(async (file) => imageToInput(await fs.promises.readFile(file), size, range)),
  );
  const joined = new Float32Array(inputs.length * size * size * 3);
  inputs.forEach((input, i) => joined.set(input, i * input.length));
  const output = tf.tidy(() => {
    const x = tf.tensor4d(joined, [inputs.length, size, size, 3]);
    const scores = model.predict(x) as tf.Tensor;
    // Axis 2 of NHWC is the width: a left-right mirror, as the training's flip augmentation.
    return flip ? scores.add(model.predict(tf.reverse(x, 2)) as tf.Tensor).div(2) : scores;
  });
  const flat = Array.from(await output.data());
  output.dispose();
  const n = meta.classes.length;
  return inputs.map((_, i) => flat.slice(i * n, (i + 1) * n));
}
