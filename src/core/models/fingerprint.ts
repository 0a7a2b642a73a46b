import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** One file of a model folder, as hashed. */
export interface FileDigest {
  /** Relative to the folder, '/'-separated; model.json first, then the weight files in manifest order. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The model's identity: a hash of its files' names and hashes, the same wherever the folder lies. */
export function modelFingerprint(files: readonly FileDigest[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\t${file.bytes}\t${file.sha256}\n`);
  return hash.digest('hex');
}

export async function digestFile(file: string, relativePath: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { path: relativePath, bytes, sha256: hash.digest('hex') };
}
