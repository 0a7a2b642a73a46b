import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CacheMarker, commitStaging, createStaging, readCompleteCache } from '../../../src/core/models/modelCache';

const marker = (fingerprint: string, bytes: number): CacheMarker => ({
  version: 1,
  url: 'http://127.0.0.1/m/model.json',
  files: [{ path: 'model.json', bytes, sha256: '0'.repeat(64) }],
  fingerprint,
  completedAt: new Date(0).toISOString(),
});

/** A staging folder holding a model.json of `bytes` bytes. */
async function staged(folder: string, bytes: number): Promise<string> {
  const staging = await createStaging(folder);
  fs.writeFileSync(path.join(staging, 'model.json'), 'x'.repeat(bytes));
  return staging;
}

describe('model cache: staging and commit', () => {
  let cacheDir: string;
  beforeEach(() => (cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-models-cache-'))));
  afterEach(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

  it('moves a staged folder into place with its marker; the folder counts as complete only then', async () => {
    const folder = path.join(cacheDir, 'm');
    const staging = await staged(folder, 5);
    assert.equal(await readCompleteCache(staging), undefined, 'staged files without a marker are not complete');
    await commitStaging(staging, folder, marker('a', 5));
    assert.equal((await readCompleteCache(folder))?.fingerprint, 'a');
    assert.deepEqual(fs.readdirSync(cacheDir), ['m']);
  });

  it('keeps the complete folder another process committed first and drops its own staging', async () => {
    const folder = path.join(cacheDir, 'm');
    await commitStaging(await staged(folder, 5), folder, marker('first', 5));
    const kept = await commitStaging(await staged(folder, 5), folder, marker('second', 5));
    assert.equal(kept.fingerprint, 'first');
    assert.equal((await readCompleteCache(folder))?.fingerprint, 'first');
    assert.deepEqual(fs.readdirSync(cacheDir), ['m']);
  });

  it('replaces an incomplete folder, and one whose files no longer have their sizes', async () => {
    const folder = path.join(cacheDir, 'm');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'model.json'), 'partial');
    await commitStaging(await staged(folder, 5), folder, marker('new', 5));
    assert.equal((await readCompleteCache(folder))?.fingerprint, 'new');
    fs.writeFileSync(path.join(folder, 'model.json'), 'changed size');
    assert.equal(await readCompleteCache(folder), undefined);
  });

  it('removes staging folders that a crashed run left more than an hour ago, and only those', async () => {
    const folder = path.join(cacheDir, 'm');
    const old = await createStaging(folder);
    const recent = await createStaging(folder);
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(old, hourAgo, hourAgo);
    const mine = await createStaging(folder);
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), [path.basename(mine), path.basename(recent)].sort());
  });
});
