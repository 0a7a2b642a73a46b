import { spawn } from 'node:child_process';
import { abortError } from './abort';

/** How a tool run ended when it did not succeed; the stderr tail is what explains it. */
export class ToolFailure extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}

export interface ToolRunOptions {
  readonly signal?: AbortSignal;
  /** Kills the process after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Receives stdout as it arrives; without it stdout is collected and returned. */
  readonly onStdout?: (chunk: Buffer, pause: () => () => void) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ToolRun {
  readonly stdout: Buffer;
  readonly stderrTail: string;
}

const STDERR_TAIL_CHARS = 4000;

/**
 * Runs ffmpeg or ffprobe with an argument array (never a shell). stderr is ffmpeg's log, not a
 * failure: only the exit status decides, and the log's tail goes into the error. Cancelling kills
 * the process with SIGKILL and rejects only once it has exited, so callers can then delete its files.
 */
export function runTool(binary: string, args: readonly string[], options: ToolRunOptions = {}): Promise<ToolRun> {
  const { signal, timeoutMs, onStdout } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<ToolRun>((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: toolEnvironment(options.env),
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stderrTail = '';
    let stopReason: 'aborted' | 'timeout' | undefined;
    let spawnError: Error | undefined;

    const kill = (reason: 'aborted' | 'timeout') => {
      stopReason ??= reason;
      child.kill('SIGKILL');
    };
    const onAbort = () => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => kill('timeout'), timeoutMs);

    const pause = () => {
      child.stdout.pause();
      return () => child.stdout.resume();
    };
    child.stdout.on('data', (chunk: Buffer) => (onStdout ? onStdout(chunk, pause) : stdout.push(chunk)));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      const tail = stderrTail.trim();
      if (stopReason === 'aborted') return reject(abortError(signal));
      if (stopReason === 'timeout')
        return reject(new ToolFailure(`did not finish within ${Math.round(timeoutMs! / 1000)} s`, tail));
      if (spawnError) return reject(new ToolFailure(spawnErrorText(spawnError), tail));
      if (code !== 0)
        return reject(new ToolFailure(killedBy ? `was killed by ${killedBy}` : `exited with status ${code}`, tail));
      resolve({ stdout: Buffer.concat(stdout), stderrTail: tail });
    });
  });
}

/**
 * The environment for ffmpeg/ffprobe. The static Linux builds on npm carry their own glibc, whose
 * iconv crashes (SIGSEGV) loading the system's gconv modules, which ffprobe does for every MPEG-TS
 * file (service names). Pointing GCONV_PATH at a path that cannot exist makes iconv fail cleanly;
 * it only affects the character set of metadata text, which nothing here reads.
 */
export function toolEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return process.platform === 'linux' ? { ...base, GCONV_PATH: '/dev/null/no-gconv-modules' } : base;
}

/**
 * The last lines of an ffmpeg log that explain a failure, in one line: without the
 * `[mov,mp4 @ 0x…]` context prefixes, and without the file's name where ffmpeg repeats it.
 */
export function logSummary(stderrTail: string, file?: string, lines = 2): string {
  const meaningful = stderrTail
    .split(/\r?\n/)
    .map((line) => line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '').trim())
    .map((line) => (file ? line.split(`file:${file}: `).join('').split(`${file}: `).join('') : line))
    .filter(Boolean);
  return [...new Set(meaningful.slice(-lines))].join('; ');
}

function spawnErrorText(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'was not found';
  if (code === 'EACCES') return 'is not executable';
  return `could not be started (${error.message})`;
}
