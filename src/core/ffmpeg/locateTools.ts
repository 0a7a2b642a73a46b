import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { runTool, ToolFailure } from './toolProcess';
import type { FfmpegTools, ToolSource } from './types';

export interface ToolSettings {
  readonly ffmpegPath?: string;
  readonly ffprobePath?: string;
}

export interface ToolAttempt {
  readonly tool: 'ffmpeg' | 'ffprobe';
  readonly source: ToolSource;
  /** The path tried, when there was one to try. */
  readonly path?: string;
  readonly problem: string;
}

/** ffmpeg or ffprobe is missing or broken: the message lists every place tried and the fix. */
export class ToolsError extends Error {
  constructor(readonly attempts: readonly ToolAttempt[]) {
    super(toolsErrorMessage(attempts));
    this.name = 'ToolsError';
  }
}

interface Candidate {
  readonly source: ToolSource;
  /** Undefined when the source has nothing to offer; `problem` says why. */
  readonly path?: string;
  readonly problem?: string;
}

interface Found {
  readonly path: string;
  readonly source: ToolSource;
  readonly version: string;
}

const VERSION_TIMEOUT_MS = 10_000;

/**
 * Finds working ffmpeg and ffprobe binaries. ffmpeg: the setting, then ffmpeg-static (optional
 * dependency), then @ffmpeg-installer/ffmpeg, then PATH. ffprobe: the setting, then
 * @ffprobe-installer/ffprobe, then PATH (ffprobe-static is not a dependency). A path in a setting is
 * the user's explicit choice: when it does not work that is the error, nothing else is tried.
 * Every candidate must answer `-version`.
 */
export async function locateFfmpegTools(
  settings: ToolSettings,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<FfmpegTools> {
  const env = options.env ?? process.env;
  const [ffmpeg, ffprobe] = await Promise.all([
    findWorking('ffmpeg', ffmpegCandidates(settings.ffmpegPath, env), env),
    findWorking('ffprobe', ffprobeCandidates(settings.ffprobePath, env), env),
  ]);
  if ('attempts' in ffmpeg || 'attempts' in ffprobe) {
    throw new ToolsError([
      ...('attempts' in ffmpeg ? ffmpeg.attempts : []),
      ...('attempts' in ffprobe ? ffprobe.attempts : []),
    ]);
  }
  return {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    ffmpegSource: ffmpeg.source,
    ffprobeSource: ffprobe.source,
    ffmpegVersion: ffmpeg.version,
    ffprobeVersion: ffprobe.version,
  };
}

function ffmpegCandidates(setting: string | undefined, env: NodeJS.ProcessEnv): Array<() => Candidate> {
  if (setting?.trim()) return [() => ({ source: 'setting', path: setting.trim() })];
  return [
    () => fromPackage('ffmpeg-static', (exported) => (typeof exported === 'string' ? exported : undefined)),
    () => fromPackage('@ffmpeg-installer/ffmpeg', installerPath),
    () => fromPath('ffmpeg', env),
  ];
}

function ffprobeCandidates(setting: string | undefined, env: NodeJS.ProcessEnv): Array<() => Candidate> {
  if (setting?.trim()) return [() => ({ source: 'setting', path: setting.trim() })];
  return [
    () => ({ ...fromPackage('@ffprobe-installer/ffprobe', installerPath), source: 'ffmpeg-installer' }),
    () => fromPath('ffprobe', env),
  ];
}

async function findWorking(
  tool: 'ffmpeg' | 'ffprobe',
  candidates: Array<() => Candidate>,
  env: NodeJS.ProcessEnv,
): Promise<Found | { attempts: ToolAttempt[] }> {
  const attempts: ToolAttempt[] = [];
  for (const next of candidates) {
    const candidate = next();
    if (!candidate.path) {
      attempts.push({ tool, source: candidate.source, problem: candidate.problem ?? 'not available' });
      continue;
    }
    const checked = await checkVersion(tool, candidate.path, env);
    if (typeof checked === 'object')
      return { path: candidate.path, source: candidate.source, version: checked.version };
    attempts.push({ tool, source: candidate.source, path: candidate.path, problem: checked });
  }
  return { attempts };
}

/** The first line of `-version`, or why the binary does not work. */
async function checkVersion(
  tool: string,
  binary: string,
  env: NodeJS.ProcessEnv,
): Promise<{ version: string } | string> {
  try {
    const { stdout } = await runTool(binary, ['-version'], { timeoutMs: VERSION_TIMEOUT_MS, env });
    const firstLine = stdout.toString('utf8').split(/\r?\n/)[0].trim();
    return firstLine.startsWith(`${tool} version`)
      ? { version: firstLine }
      : `does not look like ${tool} ("${firstLine.slice(0, 80)}")`;
  } catch (error) {
    if (error instanceof ToolFailure) return error.message;
    throw error;
  }
}

/**
 * Resolves an optional package at run time. createRequire keeps esbuild from bundling it (the
 * binaries' own index files locate the executable from their __dirname), so it resolves from the
 * bundle's folder (dist/ → node_modules) exactly as from the compiled sources.
 */
function fromPackage(name: string, pick: (exported: unknown) => string | undefined): Candidate {
  const source: ToolSource = name === 'ffmpeg-static' ? 'ffmpeg-static' : 'ffmpeg-installer';
  let exported: unknown;
  try {
    exported = createRequire(__filename)(name);
  } catch (error) {
    // The installers throw a plain string for an unsupported platform.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return {
      source,
      problem:
        code === 'MODULE_NOT_FOUND'
          ? `${name} is not installed`
          : `${name} failed to load: ${String(error instanceof Error ? error.message : error)}`,
    };
  }
  const binary = pick(exported);
  return binary
    ? { source, path: binary }
    : { source, problem: `${name} has no binary for ${process.platform}-${process.arch}` };
}

function installerPath(exported: unknown): string | undefined {
  const value = (exported as { path?: unknown } | null)?.path;
  return typeof value === 'string' ? value : undefined;
}

function fromPath(name: string, env: NodeJS.ProcessEnv): Candidate {
  const found = findOnPath(name, env);
  return found ? { source: 'path', path: found } : { source: 'path', problem: `no ${name} on PATH` };
}

/** The executable `name` in the PATH of `env` (with PATHEXT on Windows), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';') : [''];
  for (const folder of pathValue.split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(folder, name + extension);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function toolsErrorMessage(attempts: readonly ToolAttempt[]): string {
  const tools = [...new Set(attempts.map((attempt) => attempt.tool))];
  const tried = attempts
    .map((attempt) => `${describeSource(attempt)}${attempt.path ? ` (${attempt.path})` : ''}: ${attempt.problem}`)
    .join('; ');
  const fixes = tools
    .map((tool) => `surgeryClassifier.${tool}Path to ${tool === 'ffmpeg' ? 'an ffmpeg' : 'an ffprobe'} executable`)
    .join(' and ');
  return (
    `No working ${tools.join(' or ')} was found. Tried ${tried}. Fix: set ${fixes}, or install ffmpeg (which ` +
    'includes ffprobe) so that it is on PATH.'
  );
}

function describeSource(attempt: ToolAttempt): string {
  switch (attempt.source) {
    case 'setting':
      return `the setting surgeryClassifier.${attempt.tool}Path`;
    case 'ffmpeg-static':
      return 'ffmpeg-static';
    case 'ffmpeg-installer':
      return attempt.tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
    case 'path':
      return 'PATH';
  }
}
