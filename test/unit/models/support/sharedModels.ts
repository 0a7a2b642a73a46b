import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from out/test/unit/models/support/. */
export const repoRoot = path.resolve(__dirname, '../../../../..');

/** ../shared/models beside the repository: the local copies of the official MobileNet files (see its README). */
export function sharedModelsDir(): string {
  const dir = path.resolve(repoRoot, '..', 'shared', 'models');
  assert.ok(
    fs.existsSync(path.join(dir, 'mobilenet_v1_0.25_224_tfjs_layers', 'model.json')),
    `The base-model tests need the MobileNet copies in ${dir} (mobilenet_v1_0.25_224_tfjs_layers, mobilenet_v1_0.75_224_tfjs_layers, mobilenet_v1_0.25_224_tfhub_graph); that folder is missing or incomplete.`,
  );
  return dir;
}

export const sharedModel = (folder: string): string => path.join(sharedModelsDir(), folder);

/** SHA256SUMS of a shared model folder: file name → hash. */
export function readSha256Sums(folder: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(folder, 'SHA256SUMS'), 'utf8').split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
    if (match) sums.set(match[2], match[1]);
  }
  return sums;
}

export const sha256File = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .filter((entry) => fs.statSync(path.join(dir, entry)).isFile())
    .map((entry) => entry.split(path.sep).join('/'))
    .sort();
}

/** A writable copy of a shared model folder, for tests that damage it. */
export function copyModel(folder: string, into: string): string {
  fs.cpSync(sharedModel(folder), into, { recursive: true });
  for (const file of fs.readdirSync(into)) fs.chmodSync(path.join(into, file), 0o644);
  fs.chmodSync(into, 0o755);
  return into;
}

export function editModelJson(folder: string, edit: (json: Record<string, unknown>) => void): void {
  const file = path.join(folder, 'model.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json));
}
