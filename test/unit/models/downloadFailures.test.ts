import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { expectUnavailable } from './support/expectUnavailable';
import { closedPort, type Intercept, type ModelServer, startModelServer } from './support/modelServer';
import { listFiles, sharedModel } from './support/sharedModels';

const NAME = 'mobilenet_v1_0.25_224';
const WEIGHT = 'group29-shard1of1'; // 1,028,000 bytes: the big one
const FIX = /Fix: on a machine that is online, download \S+\/mobilenet_v1_0\.25_224\/model\.json and every weight file[\s\S]*set "surgeryClassifier\.baseModel" to the folder's path \(the folder that contains model\.json/;

/** Answers requests for `file` with `answer`; everything else is served normally. */
const on = (file: string, answer: (response: import('node:http').ServerResponse, body: Buffer) => void): Intercept =>
  (request, response, local) => {
    if (!request.url?.endsWith(`/${file}`) || !local) return false;
    answer(response, fs.readFileSync(local));
    return true;
  };

/** A model.json that the server hands out instead of the real one. */
const rewriteModelJson = (edit: (json: { weightsManifest: Array<{ paths: string[] }> }) => void): Intercept =>
  on('model.json', (response, body) => {
    const json = JSON.parse(body.toString('utf8')) as { weightsManifest: Array<{ paths: string[] }> };
    edit(json);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
  });

describe('resolveBaseModel: failed downloads', function () {
  this.timeout(30_000);
  let server: ModelServer;
  let scratch: string;
  let cacheDir: string;
  const resolve = (options: { fetchTimeoutMs?: number } = {}) => resolveBaseModel(NAME, { cacheDir, baseUrl: server.baseUrl, ...options });

  before(async () => {
    server = await startModelServer({ [NAME]: sharedModel('mobilenet_v1_0.25_224_tfjs_layers') });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-models-fail-'));
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
  afterEach(() => assert.deepEqual(listFiles(cacheDir), [], 'a failed download leaves nothing, least of all a complete-marked folder'));

  it('a weight file cut short by a closed connection', async () => {
    server.intercept = on(WEIGHT, (response, body) => {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 300_000), () => response.socket?.destroy());
    });
    const error = await expectUnavailable(resolve(), 'network', /^Could not download the base model "mobilenet_v1_0\.25_224": the connection closed after \d+ of 1028000 bytes of http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/group29-shard1of1/);
    assert.match(error.message, FIX);
  });

  it('a weight file that ends early without a Content-Length: its size contradicts the manifest', async () => {
    server.intercept = on(WEIGHT, (response, body) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(body.subarray(0, 514_000));
    });
    await expectUnavailable(resolve(), 'invalid-model', /group29-shard1of1 is 514000 bytes, but model\.json declares 1028000 for its weights \(truncated or wrong file\)/);
  });

  it('a weight file larger than the manifest declares is stopped, not stored', async () => {
    server.intercept = on(WEIGHT, (response, body) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(Buffer.concat([body, body]));
    });
    await expectUnavailable(resolve(), 'invalid-model', /group29-shard1of1 is larger than the 1028000 bytes that model\.json declares/);
  });

  it('HTTP 404 for a weight file and for model.json', async () => {
    server.intercept = on(WEIGHT, (response) => response.writeHead(404).end());
    await expectUnavailable(resolve(), 'http', /HTTP 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/group29-shard1of1/);
    server.intercept = on('model.json', (response) => response.writeHead(404).end());
    const error = await expectUnavailable(resolve(), 'http', /HTTP 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/model\.json/);
    assert.match(error.message, FIX);
  });

  it('a model.json whose weight path is ../../etc/passwd: refused before any weight is requested', async () => {
    server.intercept = rewriteModelJson((json) => (json.weightsManifest[3].paths = ['../../etc/passwd']));
    await expectUnavailable(resolve(), 'unsafe-path', /^Cannot use the base model "mobilenet_v1_0\.25_224": unsafe weight path "\.\.\/\.\.\/etc\/passwd" in model\.json/);
    assert.deepEqual(server.requests, [`/tfjs-models/tfjs/${NAME}/model.json`]);
    assert.ok(!fs.existsSync(path.join(scratch, 'etc')));
  });

  it('a model.json whose weights live on another host or at an absolute path', async () => {
    for (const weightPath of ['http://127.0.0.1:1/group1-shard1of1', '//127.0.0.1:1/x', '/etc/passwd', '%2e%2e/%2e%2e/x']) {
      server.intercept = rewriteModelJson((json) => (json.weightsManifest[0].paths = [weightPath]));
      await expectUnavailable(resolve(), 'unsafe-path', /unsafe weight path/);
    }
  });

  it('a model.json that is not a tfjs model', async () => {
    server.intercept = on('model.json', (response) => response.writeHead(200).end('<html>captive portal</html>'));
    await expectUnavailable(resolve(), 'invalid-model', /model\.json is not JSON/);
  });

  it('an unreachable host: ModelUnavailableError with the cause and the exact fix', async () => {
    for (const baseUrl of [`http://127.0.0.1:${await closedPort()}/tfjs-models/tfjs`, 'http://127.0.0.1:1/tfjs-models/tfjs']) {
      const error = await expectUnavailable(resolveBaseModel(NAME, { cacheDir, baseUrl }), 'network', /^Could not download the base model "mobilenet_v1_0\.25_224": connect ECONNREFUSED 127\.0\.0\.1:\d+ \(GET http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/model\.json\)\./);
      assert.match(error.message, FIX);
      assert.equal(error.name, 'ModelUnavailableError');
      assert.equal(error.spec, NAME);
    }
  });

  it('a host that never answers, and one that stalls mid-file, time out', async () => {
    server.intercept = on('model.json', () => undefined);
    await expectUnavailable(resolve({ fetchTimeoutMs: 300 }), 'timeout', /no answer from 127\.0\.0\.1:\d+ within 0\.3 s \(GET http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/model\.json\)/);
    server.intercept = on(WEIGHT, (response, body) => {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 1000));
    });
    await expectUnavailable(resolve({ fetchTimeoutMs: 300 }), 'timeout', /the download of http:\/\/127\.0\.0\.1:\d+\/tfjs-models\/tfjs\/mobilenet_v1_0\.25_224\/group29-shard1of1 stalled for 0\.3 s after 1000 bytes/);
  });

  it('a failure does not poison the next attempt', async () => {
    server.intercept = on(WEIGHT, (response) => response.writeHead(500).end());
    await expectUnavailable(resolve(), 'http', /HTTP 500 Internal Server Error/);
    server.intercept = undefined;
    const model = await resolve();
    assert.equal(model.source, 'builtin-cache');
    fs.rmSync(cacheDir, { recursive: true });
    fs.mkdirSync(cacheDir);
  });
});
