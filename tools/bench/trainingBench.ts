import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveBaseModel } from '../../src/core/models/resolveBaseModel';
import { selectBackend } from '../../src/worker/backend';
import { loadEmbedder } from '../../src/worker/embedder';
import { tf } from '../../src/worker/tfjs';
import { trainHead } from '../../src/worker/trainHead';
import type { BackendChoice } from '../../src/shared/trainingProtocol';

/**
 * `npm run bench`, training part: embeddings per second for each backend and base model at batch 1
 * and 32, and head training time on 10k cached embeddings. Goals (issue 4): ≥ 50 images/s for
 * MobileNet V1 0.25 on wasm; head training on 10k embeddings < 10 s. Always exits 0.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const sharedModels = path.resolve(repoRoot, '..', 'shared', 'models');
const GOAL_IMAGES_PER_SECOND = 50;
const GOAL_HEAD_SECONDS = 10;

interface EmbedRow {
  backend: string;
  model: string;
  batch: number;
  imagesPerSecond: number;
  msPerImage: number;
}

export async function runTrainingBench(): Promise<void> {
  console.log(`\nTraining benchmark: Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const models = ['mobilenet_v1_0.25_224_tfjs_layers', 'mobilenet_v1_0.25_224_tfhub_graph', 'mobilenet_v1_0.75_224_tfjs_layers']
    .map((name) => path.join(sharedModels, name))
    .filter((folder) => fs.existsSync(path.join(folder, 'model.json')));
  if (!models.length) {
    console.log(`No base models in ${sharedModels}: embedding speeds not measured.`);
  }
  const rows: EmbedRow[] = [];
  const backends: BackendChoice[] = ['cpu-native', 'wasm', 'cpu'];
  for (const backend of backends) {
    let used: string;
    try {
      const report = await selectBackend(backend);
      used = report.used;
      if ((backend === 'cpu-native' && used !== 'tensorflow') || (backend !== 'cpu-native' && used !== backend)) {
        console.log(`backend ${backend}: not available (${report.diagnosis.join(' ') || `got ${used}`})`);
        continue;
      }
    } catch (error) {
      console.log(`backend ${backend}: not available (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    for (const folder of models) {
      const base = await resolveBaseModel(folder, { cacheDir: path.join(os.tmpdir(), 'sc-bench-models') });
      const embedder = await loadEmbedder({ ...base, inputSize: base.inputSize.height });
      // The plain cpu backend is ~10× slower: fewer images keep the benchmark to minutes.
      const images = backend === 'cpu' ? 8 : 64;
      for (const batch of [1, 32]) {
        const input = Array.from({ length: Math.min(batch, images) }, () => Float32Array.from({ length: embedder.inputSize * embedder.inputSize * 3 }, () => Math.random() * 2 - 1));
        await embedder.embed(input.slice(0, 1)); // warm-up: kernels compiled, weights uploaded
        const started = performance.now();
        let done = 0;
        while (done < images) {
          await embedder.embed(input);
          done += input.length;
        }
        const seconds = (performance.now() - started) / 1000;
        rows.push({ backend: used, model: path.basename(folder), batch, imagesPerSecond: done / seconds, msPerImage: (seconds * 1000) / done });
      }
      embedder.dispose();
    }
  }

  // Head training on 10k cached embeddings (256 values, as MobileNet V1 0.25 gives), two overlapping classes.
  await selectBackend('wasm');
  const n = 10_000;
  const size = 256;
  const x = new Float32Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3 === 0 ? 1 : 0;
    for (let j = 0; j < size; j++) x[i * size + j] = Math.random() + (j < 16 && labels[i] ? 0.6 : 0);
  }
  const xs = tf.tensor2d(x, [n, size]);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat() as tf.Tensor2D;
  const epochs = 10;
  const started = performance.now();
  await trainHead({ x: xs, y: ys }, undefined, {
    inputSize: size, classes: 2, hiddenUnits: 64, dropout: 0.2, learningRate: 0.001, epochs, batchSize: 32, patience: 0,
    classWeight: undefined, seed: 1, logEverySteps: 1000, shouldStop: () => false, onEpoch: () => undefined, onStep: () => undefined,
  });
  const headSeconds = (performance.now() - started) / 1000;
  tf.dispose([xs, ys]);

  const table = [['backend', 'base model', 'batch', 'images/s', 'ms/image'], ...rows.map((r) => [r.backend, r.model, String(r.batch), r.imagesPerSecond.toFixed(1), r.msPerImage.toFixed(1)])];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  console.log(table.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n'));
  console.log(`head training on ${n} cached embeddings (${size} values, hidden 64, batch 32): ${epochs} epochs in ${headSeconds.toFixed(2)} s (${(headSeconds / epochs).toFixed(2)} s/epoch), goal < ${GOAL_HEAD_SECONDS} s`);
  const wasm025 = rows.filter((r) => r.backend === 'wasm' && r.model === 'mobilenet_v1_0.25_224_tfjs_layers');
  const best = Math.max(0, ...wasm025.map((r) => r.imagesPerSecond));
  if (wasm025.length && best < GOAL_IMAGES_PER_SECOND) console.log(`GOAL MISSED: MobileNet V1 0.25 on wasm embeds ${best.toFixed(1)} images/s, goal ≥ ${GOAL_IMAGES_PER_SECOND}`);
  if (headSeconds >= GOAL_HEAD_SECONDS) console.log(`GOAL MISSED: head training took ${headSeconds.toFixed(1)} s, goal < ${GOAL_HEAD_SECONDS} s`);
  const out = path.join(repoRoot, 'bench-output', 'training.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), embeddings: rows, head: { examples: n, size, epochs, seconds: headSeconds } }, null, 2) + '\n');
  console.log(`Results written to ${path.relative(process.cwd(), out)}`);
}

if (require.main === module) {
  runTrainingBench().catch((error: unknown) => console.error(`BENCHMARK ERROR: ${error instanceof Error ? error.stack : String(error)}`));
}
