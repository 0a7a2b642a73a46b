import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceFile } from './wait';

/** The shared MobileNet copy next to the repository (tests never download). */
export const sharedModel = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');

/**
 * Three 20 s videos whose second half ("suturing", a fractal) looks unlike the first (a test
 * pattern), extracted by the real Extract Frames command into datasets/<name>, one video per split.
 */
export async function makeTrainingDataset(name: string): Promise<vscode.Uri> {
  assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `test model missing: ${sharedModel}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const folder = workspaceFile('').fsPath;
  const entries = [];
  for (let v = 0; v < 3; v++) {
    const relative = `${name}-videos/${name}${v}.mp4`;
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=2:duration=10,hue=h=${v * 40}`,
      '-f', 'lavfi', '-i', `mandelbrot=size=160x120:rate=2:start_scale=${2 + v * 0.5},trim=duration=10`,
      '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', file]);
    entries.push({ videoId: `${name}${v}`, video: relative, durationSeconds: 20, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] });
  }
  const annotations = workspaceFile(`${name}.annotations.json`);
  fs.writeFileSync(annotations.fsPath, JSON.stringify(entries, null, 2));
  const dataset = workspaceFile(`datasets/${name}`);
  const summary = await vscode.commands.executeCommand('surgeryClassifier.extractFrames', { annotations, outDir: dataset.fsPath, settings: { step: 1, split: { train: 1, validation: 1, test: 1 } } });
  assert.ok(summary, 'the dataset was extracted');
  return dataset;
}
