import { predictImages } from '../../worker/predictImages';
import { parseArgs, UsageError } from '../args';

export const PREDICT_USAGE = `Usage: surgery-classifier predict RUN IMAGE... [--json]

Scores images with a run's classifier: one row per image, one column per class (like the original spot checks).`;

export async function runPredict(argv: readonly string[], out: { stdout: (t: string) => void; stderr: (t: string) => void }): Promise<number> {
  const { positionals, options } = parseArgs(argv, { json: 'flag', help: 'flag', backend: 'value' });
  if (options.has('help')) {
    out.stdout(PREDICT_USAGE);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError('Give a run folder and at least one image.');
  const [run, ...images] = positionals;
  let predictions;
  try {
    predictions = await predictImages(run, images, (options.get('backend') as 'wasm' | undefined) ?? 'auto');
  } catch (error) {
    out.stderr(`surgery-classifier predict: ${(error as Error).message}`);
    return 2;
  }
  if (options.has('json')) {
    out.stdout(JSON.stringify(predictions, null, 2));
  } else {
    const classes = Object.keys(predictions.find((p) => p.scores)?.scores ?? {});
    const width = Math.max(5, ...images.map((i) => i.length));
    out.stdout([`${'image'.padEnd(width)}  ${classes.map((c) => c.padStart(Math.max(8, c.length))).join('  ')}`, ...predictions.map((p) =>
      p.scores ? `${p.image.padEnd(width)}  ${classes.map((c) => p.scores![c].toFixed(5).padStart(Math.max(8, c.length))).join('  ')}` : `${p.image.padEnd(width)}  error: ${p.error}`,
    )].join('\n'));
  }
  return predictions.some((p) => p.error) ? 1 : 0;
}
