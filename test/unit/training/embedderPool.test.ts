import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { selectBackend } from '../../../src/worker/backend';
import { loadEmbedder, type BaseModelFiles, type Embedder } from '../../../src/worker/embedder';
import { startEmbedderPool } from '../../../src/worker/embedderPool';

const root = path.resolve(__dirname, '../../../..');
const sharedModel = path.resolve(root, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');

/** Distinct, deterministic images in [-1, 1]: a wrong order or a mixed-up batch gives other vectors. */
function images(count: number, seed: number): Float32Array[] {
  return Array.from({ length: count }, (_, k) => Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => Math.sin((i % 997) * 0.01 * (k + seed + 1) + (k + seed))));
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i])), 0);
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms).unref())]);

describe('embedder pool: worker threads with their own wasm backend (real tfjs, MobileNet V1 0.25)', function () {
  this.timeout(120_000);
  let files: BaseModelFiles;
  let single: Embedder;
  let pooled: Embedder;
  let tmp: string;

  before(async () => {
    assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `the test model is missing: ${sharedModel}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pool-'));
    assert.equal((await selectBackend('wasm')).used, 'wasm');
    const base = await resolveBaseModel(sharedModel, { cacheDir: path.join(tmp, 'models') });
    files = { ...base, inputSize: base.inputSize.height };
    single = await loadEmbedder(files, { threads: 1 });
    pooled = await loadEmbedder(files, { threads: 2 });
  });
  after(() => {
    single?.dispose();
    pooled?.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('gives the single-thread embeddings, in input order, for a batch split unevenly over two threads', async () => {
    const expected = await single.embed(images(5, 0));
    const actual = await pooled.embed(images(5, 0));
    assert.equal(pooled.size, single.size);
    assert.equal(actual.length, 5);
    for (let i = 0; i < 5; i++) {
      assert.equal(actual[i].length, single.size);
      assert.ok(maxDifference(actual[i], expected[i]) < 1e-4, `image ${i}`);
    }
    // The images differ enough that a swapped order would be caught.
    assert.ok(maxDifference(expected[0], expected[4]) > 1e-2);
    assert.ok(pooled.layersModel, 'the calling thread keeps the truncated LayersModel to save the classifier');
  });

  it('keeps each call\'s order when calls overlap, and moves the input buffers instead of copying them', async () => {
    const [a, b] = [images(3, 10), images(4, 20)];
    const [expectedA, expectedB] = [await single.embed(images(3, 10)), await single.embed(images(4, 20))];
    const [actualA, actualB, one] = await Promise.all([pooled.embed(a), pooled.embed(b), pooled.embed(images(1, 10))]);
    actualA.forEach((v, i) => assert.ok(maxDifference(v, expectedA[i]) < 1e-4, `call A image ${i}`));
    actualB.forEach((v, i) => assert.ok(maxDifference(v, expectedB[i]) < 1e-4, `call B image ${i}`));
    assert.ok(maxDifference(one[0], expectedA[0]) < 1e-4);
    assert.ok([...a, ...b].every((input) => input.length === 0), 'transferred buffers are detached here');
  });

  it('rejects a wrongly sized or already used input with the reason, and goes on working', async () => {
    await assert.rejects(pooled.embed([...images(1, 0), new Float32Array(10)]), { message: 'Image 2 of the batch has 10 values, expected 150528.' });
    const used = images(2, 0);
    await pooled.embed(used);
    await assert.rejects(pooled.embed(used), /Image 1 of the batch has 0 values, expected 150528 \(an input already given to embed is moved away and empty\)/);
    assert.equal((await pooled.embed(images(2, 0))).length, 2);
  });

  it('fails to start with the reason when the embedding layer does not exist', async () => {
    await assert.rejects(startEmbedderPool({ ...files, embeddingNode: 'no_such_layer' }, { threads: 2, backend: 'wasm' }), /could not load the base model: The base model has no layer "no_such_layer"/);
  });

  it('dispose terminates every thread: later calls reject and the threads exit', async () => {
    const pool = await startEmbedderPool(files, { threads: 2, backend: 'wasm' });
    assert.equal((await pool.embed(images(2, 0))).length, 2);
    pool.dispose();
    await within(pool.exited, 10_000, 'both threads exiting');
    await assert.rejects(pool.embed(images(1, 0)), /disposed/);
  });

  it('a process that disposes its embedder exits by itself; one that does not is kept alive by the threads', async () => {
    const script = (dispose: boolean) => `
      const { selectBackend } = require(${JSON.stringify(path.join(root, 'out/src/worker/backend.js'))});
      const { loadEmbedder } = require(${JSON.stringify(path.join(root, 'out/src/worker/embedder.js'))});
      (async () => {
        await selectBackend('wasm');
        const embedder = await loadEmbedder(${JSON.stringify(files)}, { threads: 2 });
        await embedder.embed([new Float32Array(224 * 224 * 3), new Float32Array(224 * 224 * 3)]);
        ${dispose ? 'embedder.dispose();' : ''}
        console.log('embedded');
      })();`;
    const run = (dispose: boolean) => new Promise<'exited' | 'still running'>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', script(dispose)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let timer: NodeJS.Timeout | undefined;
      child.stdout.on('data', (chunk: Buffer) => {
        if (!timer && chunk.toString().includes('embedded')) timer = setTimeout(() => { child.kill(); resolve('still running'); }, 5_000);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve('exited');
        else if (timer === undefined) reject(new Error(`the child failed with code ${code}`));
      });
    });
    assert.equal(await run(true), 'exited');
    assert.equal(await run(false), 'still running');
  });
});

describe('embedder pool: a thread that dies fails the call, never hangs', function () {
  this.timeout(60_000);
  let tmp: string;
  const files: BaseModelFiles = { kind: 'layers', modelJsonPath: '/unused/model.json', name: 'fake', embeddingNode: 'x', inputSize: 2, inputRange: [0, 1] };

  /** A stand-in thread script that speaks the protocol, then dies the given way at its first batch. */
  function dyingScript(name: string, death: string): string {
    const file = path.join(tmp, `${name}.js`);
    fs.writeFileSync(file, `
      const { parentPort } = require('node:worker_threads');
      parentPort.postMessage({ type: 'ready', size: 4 });
      parentPort.on('message', () => { setTimeout(() => { ${death} }, 10); });`);
    return file;
  }

  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pool-crash-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The whole message: exactly what the user reads in the log.
  const cases: Array<[string, string, RegExp]> = [
    ['an uncaught error', "throw new Error('kernel exploded')", /^Embedding thread [12] of 2 crashed: kernel exploded$/],
    ['process.exit', 'process.exit(3)', /^Embedding thread [12] of 2 exited unexpectedly \(code 3\)$/],
    ['running out of memory', 'const keep = []; for (;;) keep.push(new Array(1e5).fill(keep.length));', /^Embedding thread [12] of 2 ran out of memory$/],
  ];
  it('a batch the thread cannot embed rejects with the thread\'s reason, and the pool goes on', async () => {
    const file = path.join(tmp, 'refuses.js');
    fs.writeFileSync(file, `
      const { parentPort } = require('node:worker_threads');
      parentPort.postMessage({ type: 'ready', size: 4 });
      parentPort.on('message', (m) => parentPort.postMessage({ type: 'failed', id: m.id, message: 'kernel refused' }));`);
    const pool = await startEmbedderPool(files, { threads: 2, backend: 'wasm', script: file });
    for (let call = 0; call < 2; call++) {
      await assert.rejects(pool.embed([new Float32Array(12), new Float32Array(12)]), { message: /^Embedding thread [12] of 2 could not embed a batch: kernel refused$/ });
    }
    pool.dispose();
    await within(pool.exited, 10_000, 'every thread exiting');
  });

  for (const [what, death, message] of cases) {
    it(`${what}: the call rejects with a clear message, later calls too, and every thread ends`, async () => {
      const pool = await startEmbedderPool(files, { threads: 2, backend: 'wasm', script: dyingScript(what.replace(/\W/g, '_'), death), resourceLimits: { maxOldGenerationSizeMb: 32 } });
      await within(assert.rejects(pool.embed([new Float32Array(12), new Float32Array(12)]), { message }), 30_000, 'the rejection');
      await assert.rejects(pool.embed([new Float32Array(12)]), { message });
      await within(pool.exited, 10_000, 'every thread exiting');
    });
  }
});
