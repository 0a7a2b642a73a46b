import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResolvedModel } from '../../../src/core/models/builtinModels';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { expectAbort } from './support/expectUnavailable';
import { type ModelServer, startModelServer } from './support/modelServer';
import { listFiles, readSha256Sums, sha256File, sharedModel } from './support/sharedModels';

const NAME = 'mobilenet_v1_0.25_224';
const resolverModule = path.resolve(__dirname, '../../../src/core/models/resolveBaseModel.js');

/** Resolves in a separate Node process, as a second extension host or the CLI would. */
function resolveInChild(spec: string, cacheDir: string, baseUrl: string): Promise<ResolvedModel> {
  const script = `require(${JSON.stringify(resolverModule)}).resolveBaseModel(process.argv[1], { cacheDir: process.argv[2], baseUrl: process.argv[3] })
    .then((model) => process.stdout.write(JSON.stringify(model)), (error) => { process.stderr.write(String(error)); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, spec, cacheDir, baseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout) as ResolvedModel) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

/** Waits until the cache holds exactly `entries` (a cancelled download cleans up after its caller was released). */
async function cacheSettles(cacheDir: string, entries: string[]): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const now = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : [];
    if (JSON.stringify(now) === JSON.stringify(entries)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual(fs.readdirSync(cacheDir).sort(), entries);
}

describe('resolveBaseModel: download from a loopback host playing storage.googleapis.com', function () {
  this.timeout(30_000);
  const layers = sharedModel('mobilenet_v1_0.25_224_tfjs_layers');
  const graph = sharedModel('mobilenet_v1_0.25_224_tfhub_graph');
  let server: ModelServer;
  let scratch: string;
  let cacheDir: string;

  before(async () => {
    server = await startModelServer({ [NAME]: layers, hub: graph });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-models-download-'));
  });
  after(async () => {
    await server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.intercept = undefined;
    cacheDir = fs.mkdtempSync(path.join(scratch, 'cache-'));
  });

  it('downloads a built-in once into the cache: every file verified against SHA256SUMS, progress in bytes', async () => {
    const progress: Array<[number, number | undefined, string]> = [];
    const started = performance.now();
    const model = await resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, onProgress: (done, total, file) => progress.push([done, total, file]) });
    const elapsed = performance.now() - started;
    const folder = path.join(cacheDir, NAME);
    assert.equal(model.source, 'builtin-cache');
    assert.equal(model.name, NAME);
    assert.equal(model.kind, 'layers');
    assert.equal(model.embeddingNode, 'global_average_pooling2d_1');
    assert.deepEqual(model.inputRange, [-1, 1]);
    assert.equal(model.modelJsonPath, path.join(folder, 'model.json'));
    assert.equal(model.url, `${server.baseUrl}/${NAME}/model.json`);

    const sums = readSha256Sums(layers);
    assert.equal(sums.size, 56);
    assert.deepEqual(listFiles(folder), ['.complete.json', ...[...sums.keys()].sort()]);
    for (const [file, sum] of sums) assert.equal(sha256File(path.join(folder, file)), sum, file);
    assert.deepEqual(fs.readdirSync(cacheDir), [NAME], 'no staging folder is left');
    assert.equal(server.requests.length, 56, 'model.json and 55 weight files, each once');
    assert.equal(model.fingerprint, (await resolveBaseModel(layers, { cacheDir })).fingerprint, 'the same files give the same fingerprint');

    const total = 54_134 + 1_902_176;
    const last = progress.at(-1);
    assert.deepEqual(last?.slice(0, 2), [total, total]);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] >= progress[i - 1][0], 'bytes only grow');
    assert.ok(progress.some(([, , file]) => file === 'model.json') && progress.some(([, , file]) => file === 'group29-shard1of1'));
    console.log(`      first download: ${elapsed.toFixed(0)} ms, ${progress.length} progress calls`);
  });

  it('uses the complete cache without a request, in this process and in another one', async () => {
    const first = await resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl });
    server.requests.length = 0;
    let progressCalls = 0;
    const started = performance.now();
    const second = await resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, onProgress: () => progressCalls++ });
    console.log(`      cache hit: ${(performance.now() - started).toFixed(1)} ms`);
    assert.deepEqual(second, first);
    assert.equal(progressCalls, 0);
    const other = await resolveInChild(NAME, cacheDir, server.baseUrl);
    assert.deepEqual(other, first);
    assert.deepEqual(server.requests, [], 'zero HTTP requests');
  });

  it('downloads again when a cached file was damaged', async () => {
    await resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl });
    fs.truncateSync(path.join(cacheDir, NAME, 'group29-shard1of1'), 10);
    server.requests.length = 0;
    const model = await resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl });
    assert.equal(server.requests.length, 56);
    assert.equal(sha256File(path.join(path.dirname(model.modelJsonPath), 'group29-shard1of1')), readSha256Sums(layers).get('group29-shard1of1'));
  });

  it('shares one download between concurrent resolves of the same model', async () => {
    const progress = [0, 0, 0];
    const models = await Promise.all([0, 1, 2].map((i) => resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, onProgress: () => progress[i]++ })));
    assert.deepEqual(models[1], models[0]);
    assert.deepEqual(models[2], models[0]);
    assert.equal(server.requests.length, 56, 'each file requested once');
    assert.equal(new Set(server.requests).size, 56);
    assert.ok(progress.every((calls) => calls > 0), 'every caller hears the progress');
  });

  it('lets two processes race on an empty cache: both succeed, one complete folder remains', async () => {
    const [a, b] = await Promise.all([resolveInChild(NAME, cacheDir, server.baseUrl), resolveInChild(NAME, cacheDir, server.baseUrl)]);
    assert.equal(a.modelJsonPath, b.modelJsonPath);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.deepEqual(fs.readdirSync(cacheDir), [NAME]);
    assert.equal(listFiles(path.join(cacheDir, NAME)).length, 57);
    console.log(`      ${server.requests.length / 56} of the 2 processes downloaded`);
  });

  it('downloads a model.json URL (a TF Hub graph model) into a folder named by the URL hash', async () => {
    const url = `${server.origin}/tfjs-models/tfjs/hub/model.json`;
    const model = await resolveBaseModel(url, { cacheDir });
    assert.equal(model.source, 'url-cache');
    assert.equal(model.kind, 'graph');
    assert.equal(model.name, 'hub');
    assert.equal(model.embeddingNode, 'module_apply_default/MobilenetV1/Logits/global_pool');
    assert.deepEqual(model.inputRange, [0, 1]);
    assert.match(path.basename(path.dirname(model.modelJsonPath)), /^url-[0-9a-f]{32}$/);
    for (const [file, sum] of readSha256Sums(graph)) assert.equal(sha256File(path.join(path.dirname(model.modelJsonPath), file)), sum, file);
  });

  it('follows redirects, and gives up on a redirect loop', async () => {
    server.intercept = (request, response) => {
      const url = request.url ?? '';
      const location = url.startsWith('/tfjs-models/tfjs/moved/') ? url.replace('/moved/', `/${NAME}/`) : url.startsWith('/loop') ? '/loop' : undefined;
      if (location === undefined) return false;
      response.writeHead(302, { location }).end();
      return true;
    };
    const model = await resolveBaseModel(`${server.origin}/tfjs-models/tfjs/moved/model.json`, { cacheDir });
    assert.equal(model.kind, 'layers');
    assert.equal(server.requests.length, 112, 'each file: the redirect, then the file');
    await assert.rejects(resolveBaseModel(`${server.origin}/loop/model.json`, { cacheDir }), /too many redirects from http:\/\/127\.0\.0\.1:\d+\/loop\/model\.json/);
  });

  it('cancels: the caller gets an AbortError at once and nothing is cached', async () => {
    const controller = new AbortController();
    server.intercept = (request, response, file) => {
      if (!request.url?.endsWith('/group29-shard1of1') || !file) return false;
      const body = fs.readFileSync(file);
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 1000), () => controller.abort());
      return true; // and never finish
    };
    const started = performance.now();
    await expectAbort(resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, signal: controller.signal }));
    assert.ok(performance.now() - started < 5_000);
    await cacheSettles(cacheDir, []);
    await expectAbort(resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, signal: controller.signal }));
  });

  it('when one of two sharing callers cancels, the other still gets the model', async () => {
    const controller = new AbortController();
    let release: (() => void) | undefined;
    server.intercept = (request, response, file) => {
      if (!request.url?.endsWith('/group29-shard1of1') || !file || release) return false;
      const body = fs.readFileSync(file);
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 1000), () => controller.abort());
      release = () => response.end(body.subarray(1000));
      return true;
    };
    const cancelled = resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, signal: controller.signal });
    const kept = resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl });
    await expectAbort(cancelled);
    release?.();
    const model = await kept;
    assert.equal(sha256File(path.join(path.dirname(model.modelJsonPath), 'group29-shard1of1')), readSha256Sums(layers).get('group29-shard1of1'));
  });
});
