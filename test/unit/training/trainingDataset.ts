import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '../../../..');
export const cli = path.join(root, 'dist/cli.js');
export const sharedModels = path.resolve(root, '..', 'shared', 'models');
export const sharedModel = path.join(sharedModels, 'mobilenet_v1_0.25_224_tfjs_layers');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/**
 * Five generated videos whose "suturing" segments look different (a fractal) from the rest (a test
 * pattern), extracted with the project's own extraction, split by video 3/1/1.
 */
export function makeDataset(dir: string): string {
  fs.mkdirSync(path.join(dir, 'videos'), { recursive: true });
  const entries = [];
  for (let v = 0; v < 5; v++) {
    const file = path.join(dir, "videos", `v${v}.mp4`);
    const shift = v * 3;
    // 10 s background, 10 s suturing, 10 s background; each video varies a little (offsets, colours).
    const filter = `[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p`;
    execFileSync(ffmpeg, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=192x144:rate=5:duration=10,hue=h=${shift * 10}`,
      '-f', 'lavfi', '-i', `mandelbrot=size=192x144:rate=5:start_scale=${2 + v * 0.3},trim=duration=10`,
      '-f', 'lavfi', '-i', `testsrc=size=192x144:rate=5:duration=10,hue=h=${90 + shift * 10}:s=${1 + v * 0.1}`,
      '-filter_complex', filter, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', file,
    ]);
    entries.push({ videoId: `v${v}`, durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] });
  }
  fs.writeFileSync(path.join(dir, 'suturing.annotations.json'), JSON.stringify(entries));
  const result = spawnSync(process.execPath, [cli, 'extract', 'suturing.annotations.json', '--videos', 'videos', '--out', 'dataset', '--step', '1', '--margin', '1', '--split', '60/20/20', '--short-side', '160'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return path.join(dir, 'dataset');
}

export interface ManifestLine {
  readonly path: string;
  readonly split: string;
  readonly class: string;
}

export function readManifest(datasetDir: string): ManifestLine[] {
  return fs.readFileSync(path.join(datasetDir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestLine);
}
