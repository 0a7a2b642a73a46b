import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError, readDatasetManifest } from '../../core/frames/datasetManifest';
import { findDatasetRoot } from '../../core/predictions/spotCheckDataset';
import type { BackendChoice, PredictImagesJob } from '../../shared/workerProtocol';
import { parseArgs, UsageError } from '../args';
import { predictionProgress, runWorkerJob } from '../workerJob';

export const PREDICT_USAGE = `Usage: surgery-classifier predict RUN IMAGE... [--json]

Scores images with a run's classifier: one row per image, one column per class (like the original spot checks).`;

export async function runPredict(
  argv: readonly string[],
  out: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const { positionals, options } = parseArgs(argv, { json: 'flag', help: 'flag', backend: 'value' });
  if (options.has('help')) {
    out.stdout(PREDICT_USAGE);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError('Give a run folder and at least one image.');
  const [run, ...images] = positionals;
  const backend = (options.get('backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be auto, gpu, cpu-native, wasm or cpu, not "${backend}".`);
  const refusal = await escapingDatasetOf(images);
  if (refusal) {
    out.stderr(`surgery-classifier predict: ${refusal}`);
    return 1;
  }
  let predictions;
  try {
    const job: PredictImagesJob = {
      runDir: path.resolve(run),
      images: images.map((image) => path.resolve(image)),
      backend,
    };
    predictions = (
      await runWorkerJob(
        { type: 'predict-images' as const, job },
        { onMessage: predictionProgress(out.stderr, 'scored images') },
      )
    ).map((p, i) => ({ ...p, image: images[i] }));
  } catch (error) {
    out.stderr(`surgery-classifier predict: ${(error as Error).message}`);
    return 2;
  }
  if (options.has('json')) {
    out.stdout(JSON.stringify(predictions, null, 2));
  } else {
    const classes = Object.keys(predictions.find((p) => p.scores)?.scores ?? {});
    const width = Math.max(5, ...images.map((i) => i.length));
    out.stdout(
      [
        `${'image'.padEnd(width)}  ${classes.map((c) => c.padStart(Math.max(8, c.length))).join('  ')}`,
        ...predictions.map((p) =>
          p.scores
            ? `${p.image.padEnd(width)}  ` +
              `${classes.map((c) => p.scores![c].toFixed(5).padStart(Math.max(8, c.length))).join('  ')}`
            : `${p.image.padEnd(width)}  error: ${p.error}`,
        ),
      ].join('\n'),
    );
  }
  return predictions.some((p) => p.error) ? 1 : 0;
}

/**
 * Images inside a dataset folder are joined with its manifest elsewhere; a manifest that points outside is refused
 * everywhere.
 */
async function escapingDatasetOf(images: readonly string[]): Promise<string | undefined> {
  const roots = new Set(
    images.map((image) => findDatasetRoot(image, fs.existsSync)).filter((root): root is string => root !== undefined),
  );
  for (const root of roots) {
    const refused = await readDatasetManifest(root).then(
      () => undefined,
      (error: unknown) => (error instanceof DatasetError && error.kind === 'escapes' ? error.message : undefined),
    );
    if (refused) return refused;
  }
  return undefined;
}
