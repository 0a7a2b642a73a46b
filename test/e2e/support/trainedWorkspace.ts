// A workspace with a real trained run, made once per mocha process through the CLI (real ffmpeg,
// real tfjs on the shared MobileNet), for the suites that need predictions: spot check, timeline.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../../tools/host/paths';
import { FFMPEG } from '../../support/videos';

/** The shared MobileNet copy next to the repository (tests never download). */
export const sharedModel = path.resolve(repoRoot, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');

export interface TrainedWorkspace {
  /** Folder to pass as `useWorkbench({ workspace })` (each suite opens its own copy). */
  readonly folder: string;
  /** Relative to the folder. */
  readonly annotations: string;
  readonly dataset: string;
  readonly runsFolder: string;
  /** The one run in runs/ (its folder name). */
  readonly runId: string;
  /** videoId → video path relative to the folder; clip2 is the test split's video. */
  readonly videos: Readonly<Record<string, string>>;
}

let pending: TrainedWorkspace | undefined;

/**
 * Three 20 s clips whose second half ("suturing": a fractal) looks unlike the first (a test pattern),
 * annotated in suturing.annotations.json, extracted one frame a second (one video per split) into
 * datasets/suturing, and a classifier trained on them in runs/. Takes about a minute the first time.
 */
export function trainedWorkspace(): TrainedWorkspace {
  if (pending) return pending;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-e2e-trained-'));
  process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  const videos: Record<string, string> = {};
  const entries = [];
  for (let v = 0; v < 3; v++) {
    const videoId = `clip${v}`;
    const relative = `videos/${videoId}.mp4`;
    fs.mkdirSync(path.join(folder, 'videos'), { recursive: true });
    execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=10:duration=10,hue=h=${v * 40}`,
      '-f', 'lavfi', '-i', `mandelbrot=size=160x120:rate=10:start_scale=${2 + v * 0.5},trim=duration=10`,
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', path.join(folder, relative)]);
    videos[videoId] = relative;
    entries.push({ videoId, video: relative, durationSeconds: 20, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] });
  }
  const annotations = 'suturing.annotations.json';
  fs.writeFileSync(path.join(folder, annotations), JSON.stringify(entries, null, 2) + '\n');
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const run = (args: string[]) => execFileSync(process.execPath, [cli, ...args], { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] });
  run(['extract', annotations, '--videos', '.', '--out', 'datasets/suturing', '--step', '1', '--split', '1/1/1', '--pin', 'clip0=train,clip1=validation,clip2=test', '--short-side', '224']);
  run(['train', 'datasets/suturing', '--out', 'runs', '--base-model', sharedModel, '--epochs', '20', '--patience', '0', '--backend', 'wasm', '--cache-dir', path.join(folder, '.cache')]);
  fs.rmSync(path.join(folder, '.cache'), { recursive: true, force: true });
  const [runId] = fs.readdirSync(path.join(folder, 'runs'));
  pending = { folder, annotations, dataset: 'datasets/suturing', runsFolder: 'runs', runId, videos };
  return pending;
}
