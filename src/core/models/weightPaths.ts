import * as path from 'node:path';
import { ModelProblem } from './modelErrors';

/** Names the cache keeps for itself; a weight file may not overwrite them. */
const RESERVED = new Set(['model.json', '.complete.json']);

/**
 * Checks a weightsManifest path before anything is fetched or read: it must name a file inside the model's
 * folder, as tfjs resolves it (relative to model.json). A hostile model.json could otherwise make the download
 * write outside the cache ('../../x'), fetch from another host ('https://…', '//host/…'), or make the loader read
 * any file on disk ('/etc/passwd').
 */
export function checkWeightPath(weightPath: unknown): string {
  const reject = (why: string): never => {
    throw new ModelProblem(
      'unsafe-path',
      `unsafe weight path ${JSON.stringify(weightPath)} in model.json: ${why}; weight files must lie in ` +
        `model.json's folder`,
    );
  };
  if (typeof weightPath !== 'string' || weightPath.length === 0) return reject('not a non-empty string');
  if (weightPath.length > 255) return reject('too long');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(weightPath)) return reject('control characters');
  // A scheme or a drive letter ('https:', 'file:', 'C:') would leave the folder; so would '%2e%2e' once decoded.
  if (/[:\\?#%]/.test(weightPath)) return reject('a scheme, drive, backslash, query, fragment or escape');
  if (weightPath.startsWith('/')) return reject('absolute');
  const segments = weightPath.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    return reject("'..', '.' or an empty segment");
  if (RESERVED.has(weightPath)) return reject('the name of the model file itself');
  return weightPath;
}

/** The local file of a checked weight path, asserted to stay inside `folder`. */
export function weightFilePath(folder: string, weightPath: string): string {
  const file = path.resolve(folder, ...checkWeightPath(weightPath).split('/'));
  const relative = path.relative(folder, file);
  if (relative.startsWith('..') || path.isAbsolute(relative))
    throw new ModelProblem('unsafe-path', `weight path ${JSON.stringify(weightPath)} leaves ${folder}`);
  return file;
}

/** The URL of a checked weight path, asserted to be on model.json's host and under its folder. */
export function weightUrl(modelJsonUrl: URL, weightPath: string): URL {
  const url = new URL(checkWeightPath(weightPath), modelJsonUrl);
  const folder = modelJsonUrl.pathname.slice(0, modelJsonUrl.pathname.lastIndexOf('/') + 1);
  if (url.origin !== modelJsonUrl.origin || !url.pathname.startsWith(folder)) {
    throw new ModelProblem(
      'unsafe-path',
      `weight path ${JSON.stringify(weightPath)} resolves to ${url.href}, outside ${modelJsonUrl.origin}${folder}`,
    );
  }
  return url;
}
