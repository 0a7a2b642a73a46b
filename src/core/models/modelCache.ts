import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';
import type { FileDigest } from './fingerprint';
import { weightFilePath } from './weightPaths';

/**
 * The download cache: one folder per model, `<cacheDir>/<name>` for built-ins and `<cacheDir>/url-<sha256(url)>`
 * for URLs. A download fills a private staging folder and renames it into place only after every file was verified
 * and the marker written, so a folder that exists with its marker is complete, in this process and any other.
 */

export const COMPLETE_MARKER = '.complete.json';

export interface CacheMarker {
  readonly version: 1;
  readonly url: string;
  /** model.json first, then the weight files in manifest order. */
  readonly files: readonly FileDigest[];
  readonly fingerprint: string;
  readonly completedAt: string;
}

/** Staging folders older than this belong to a process that died; newer ones may be another's download. */
const STALE_STAGING_MS = 60 * 60 * 1000;

export function builtinCacheFolder(cacheDir: string, name: string): string {
  return path.join(path.resolve(cacheDir), name.replace(/[^A-Za-z0-9._-]/g, '_'));
}

export function urlCacheFolder(cacheDir: string, url: string): string {
  return path.join(path.resolve(cacheDir), `url-${createHash('sha256').update(url).digest('hex').slice(0, 32)}`);
}

/** The folder's marker when the folder is complete: the marker parses and every file it lists has its size. */
export async function readCompleteCache(folder: string): Promise<CacheMarker | undefined> {
  let marker: CacheMarker;
  try {
    marker = JSON.parse(await fs.promises.readFile(path.join(folder, COMPLETE_MARKER), 'utf8')) as CacheMarker;
  } catch {
    return undefined;
  }
  if (
    marker?.version !== 1 ||
    !Array.isArray(marker.files) ||
    marker.files[0]?.path !== 'model.json' ||
    typeof marker.fingerprint !== 'string'
  )
    return undefined;
  try {
    for (const file of marker.files) {
      const stat = await fs.promises.stat(
        file.path === 'model.json' ? path.join(folder, 'model.json') : weightFilePath(folder, file.path),
      );
      if (!stat.isFile() || stat.size !== file.bytes) return undefined;
    }
  } catch {
    return undefined;
  }
  return marker;
}

/** A new private folder beside `folder` to download into; removes staging folders that crashed runs left behind. */
export async function createStaging(folder: string): Promise<string> {
  const parent = path.dirname(folder);
  const prefix = `.${path.basename(folder)}.download-`;
  await fs.promises.mkdir(parent, { recursive: true });
  const entries = await fs.promises.readdir(parent).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((entry) => entry.startsWith(prefix))
      .map(async (entry) => {
        const stale = path.join(parent, entry);
        const stat = await fs.promises.stat(stale).catch(() => undefined);
        if (stat && Date.now() - stat.mtimeMs > STALE_STAGING_MS)
          await fs.promises.rm(stale, { recursive: true, force: true }).catch(() => undefined);
      }),
  );
  return fs.promises.mkdtemp(path.join(parent, prefix));
}

/**
 * Marks `staging` complete and moves it to `folder`. When another process got there first with a complete folder,
 * that one is kept (the files are the same model) and `staging` is dropped; an incomplete leftover is replaced.
 */
export async function commitStaging(staging: string, folder: string, marker: CacheMarker): Promise<CacheMarker> {
  await writeFileAtomic(path.join(staging, COMPLETE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.rename(staging, folder);
      return marker;
    } catch (error) {
      const existing = await readCompleteCache(folder);
      if (existing) {
        await fs.promises.rm(staging, { recursive: true, force: true });
        return existing;
      }
      if (attempt >= 2) throw error;
      // An incomplete folder from an older version or a user's edit: make room.
      await fs.promises.rm(folder, { recursive: true, force: true });
    }
  }
}
