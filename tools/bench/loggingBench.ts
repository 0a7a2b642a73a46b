import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TRAIN_DEFAULTS } from '../../src/core/training/trainDefaults';
import { TrainingProcess } from '../../src/core/training/workerProcess';
import { makeDataset, sharedModel } from '../../test/unit/training/trainingDataset';

/**
 * `npm run bench`, logging part: what the TensorBoard extras (images, histograms, PR curves, hparams,
 * projector; src/worker/richLogs.ts) add to a real training run in the worker process. The worker
 * times its logging steps itself (the sprite is made while the head trains: only the wait for it
 * counts) and says so in its log; the ratio is that time over the rest of the run. Two runs on the
 * same frames: cold (embeddings and sprite made) and warm (both from the cache, where logging weighs
 * the most). Goal (issue 10): < 5 %. The size for 10 000 test frames is measured by
 * test/unit/tensorboard/richLogs.test.ts.
 */

const GOAL_OVERHEAD = 0.05;
const repoRoot = path.resolve(__dirname, '../../..');

interface LoggingRow {
  readonly pass: string;
  readonly runSeconds: number;
  readonly loggingSeconds: number;
  readonly megabytes: number;
  readonly overhead: number;
}

export async function runLoggingBench(): Promise<void> {
  if (!fs.existsSync(path.join(sharedModel, 'model.json'))) {
    console.log(`\nLogging overhead: no base model at ${sharedModel}, not measured.`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-logging-'));
  const rows: LoggingRow[] = [];
  try {
    const datasetDir = makeDataset(dir);
    for (const pass of ['cold: embeddings and sprite made', 'warm: embeddings and sprite from the cache']) {
      const lines: string[] = [];
      const config = {
        ...TRAIN_DEFAULTS,
        datasetDir,
        runsDir: path.join(dir, 'runs'),
        baseModel: sharedModel,
        modelCacheDir: path.join(dir, 'cache', 'models'),
        embeddingCacheDir: path.join(dir, 'cache', 'embeddings'),
        backend: 'wasm' as const,
      };
      const started = performance.now();
      const training = new TrainingProcess(path.join(repoRoot, 'dist', 'worker.js'), config, { onMessage: (message) => message.type === 'log' && lines.push(message.message) });
      await training.result;
      const runSeconds = (performance.now() - started) / 1000;
      const line = lines.find((l) => l.startsWith('TensorBoard extras'));
      const match = line && /: ([\d.]+) s added to the run.*?, ([\d.]+) MB in logs/.exec(line);
      if (!match) {
        console.log(`Logging overhead (${pass}): the worker did not report its logging time. Its warnings: ${lines.filter((l) => l.startsWith('TensorBoard')).join(' | ') || 'none'}`);
        continue;
      }
      const loggingSeconds = Number(match[1]);
      rows.push({ pass, runSeconds, loggingSeconds, megabytes: Number(match[2]), overhead: loggingSeconds / Math.max(1e-9, runSeconds - loggingSeconds) });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nTensorBoard extras on a real training run (${path.basename(sharedModel)}, wasm, the generated 5-video dataset, ${TRAIN_DEFAULTS.epochs} epochs at most):`);
  for (const row of rows) {
    console.log(`  ${row.pass}: ${row.loggingSeconds.toFixed(2)} s of ${row.runSeconds.toFixed(1)} s, ${(row.overhead * 100).toFixed(1)} % over the run without them (goal < ${GOAL_OVERHEAD * 100} %), ${row.megabytes.toFixed(1)} MB`);
    if (row.overhead >= GOAL_OVERHEAD) console.log(`GOAL MISSED: TensorBoard extras add ${(row.overhead * 100).toFixed(1)} % to the ${row.pass.split(':')[0]} run, goal < ${GOAL_OVERHEAD * 100} %`);
  }
  const out = path.join(repoRoot, 'bench-output', 'logging.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), goal: GOAL_OVERHEAD, runs: rows }, null, 2) + '\n');
  console.log(`Results written to ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) {
  runLoggingBench().catch((error: unknown) => console.error(`BENCHMARK ERROR: ${error instanceof Error ? error.stack : String(error)}`));
}
