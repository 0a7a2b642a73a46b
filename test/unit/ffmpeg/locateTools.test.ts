import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath, locateFfmpegTools, ToolsError } from '../../../src/core/ffmpeg/locateTools';
import { FFMPEG, FFPROBE } from '../../support/videos';

const root = path.resolve(__dirname, '../../../..');

function ffmpegStaticInstalled(): boolean {
  try {
    require.resolve('ffmpeg-static');
    return true;
  } catch {
    return false;
  }
}

describe('ffmpeg layer: locateFfmpegTools', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-locate-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without settings finds the npm binaries (ffmpeg-static when installed, else @ffmpeg-installer) and their versions', async () => {
    const tools = await locateFfmpegTools({}, { env: { PATH: '' } });
    assert.equal(tools.ffmpegSource, ffmpegStaticInstalled() ? 'ffmpeg-static' : 'ffmpeg-installer');
    if (!ffmpegStaticInstalled()) assert.equal(tools.ffmpeg, FFMPEG);
    assert.equal(tools.ffprobe, FFPROBE);
    assert.equal(tools.ffprobeSource, 'ffmpeg-installer');
    assert.match(tools.ffmpegVersion, /^ffmpeg version \S+/);
    assert.match(tools.ffprobeVersion, /^ffprobe version \S+/);
  });

  it('a path in the settings wins over the packages', async () => {
    const ffmpeg = path.join(dir, 'my-ffmpeg');
    const ffprobe = path.join(dir, 'my-ffprobe');
    fs.symlinkSync(FFMPEG, ffmpeg);
    fs.symlinkSync(FFPROBE, ffprobe);
    const tools = await locateFfmpegTools({ ffmpegPath: ffmpeg, ffprobePath: ffprobe });
    assert.deepEqual([tools.ffmpeg, tools.ffmpegSource, tools.ffprobe, tools.ffprobeSource], [ffmpeg, 'setting', ffprobe, 'setting']);
  });

  it('a broken path in the settings is one clear error with the fix, not a silent fallback', async () => {
    const missing = path.join(dir, 'no-such-ffmpeg');
    const error = await locateFfmpegTools({ ffmpegPath: missing }).then(
      () => assert.fail('expected a ToolsError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ToolsError);
    assert.equal(error.attempts.length, 1);
    assert.match(error.message, /surgeryClassifier\.ffmpegPath/);
    assert.ok(error.message.includes(missing));
    assert.match(error.message, /was not found/);
    assert.match(error.message, /Fix: set surgeryClassifier\.ffmpegPath to an ffmpeg executable, or install ffmpeg/);
  });

  it('rejects an executable that is not ffmpeg, and reports ffmpeg and ffprobe problems together', async function () {
    if (process.platform === 'win32') this.skip();
    const impostor = path.join(dir, 'impostor');
    fs.writeFileSync(impostor, '#!/bin/sh\necho "hello from a script"\n', { mode: 0o755 });
    const error = await locateFfmpegTools({ ffmpegPath: impostor, ffprobePath: path.join(dir, 'nothing') }).then(
      () => assert.fail('expected a ToolsError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ToolsError);
    assert.deepEqual(error.attempts.map((a) => a.tool), ['ffmpeg', 'ffprobe']);
    assert.match(error.message, /does not look like ffmpeg/);
    assert.match(error.message, /No working ffmpeg or ffprobe/);
    assert.match(error.message, /surgeryClassifier\.ffprobePath/);
  });

  it('findOnPath finds executables on PATH and skips files that are not executable', function () {
    if (process.platform === 'win32') this.skip();
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'ffprobe'), '', { mode: 0o644 });
    fs.symlinkSync(FFMPEG, path.join(bin, 'ffmpeg'));
    assert.equal(findOnPath('ffmpeg', { PATH: `/nonexistent${path.delimiter}${bin}` }), path.join(bin, 'ffmpeg'));
    assert.equal(findOnPath('ffprobe', { PATH: bin }), undefined);
    assert.equal(findOnPath('ffmpeg', {}), undefined);
  });

  it('still finds the installer binaries when bundled by esbuild (the require stays a runtime require)', async () => {
    // Bundle a tiny entry the way esbuild.mjs bundles the extension, into a folder below the repository
    // (like dist/), then run it: the packages must resolve from the bundle's own location.
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    const bundleDir = fs.mkdtempSync(path.join(root, 'out', 'bundle-check-'));
    try {
      const entry = path.join(bundleDir, 'entry.ts');
      const locate = path.join(root, 'src/core/ffmpeg/locateTools').replace(/\\/g, '/');
      fs.writeFileSync(entry, `import { locateFfmpegTools } from '${locate}';\nlocateFfmpegTools({}).then((t) => console.log(JSON.stringify(t)));\n`);
      const outfile = path.join(bundleDir, 'bundle.js');
      await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', external: ['vscode'] });
      const bundled = fs.readFileSync(outfile, 'utf8');
      assert.ok(!bundled.includes('Could not find ffmpeg executable'), 'the installer package must not be inlined into the bundle');
      const tools = JSON.parse(execFileSync(process.execPath, [outfile]).toString()) as { ffmpeg: string; ffprobe: string };
      assert.equal(tools.ffprobe, FFPROBE);
      if (!ffmpegStaticInstalled()) assert.equal(tools.ffmpeg, FFMPEG);
    } finally {
      fs.rmSync(bundleDir, { recursive: true, force: true });
    }
  });
});
