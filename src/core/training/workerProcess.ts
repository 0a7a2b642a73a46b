import { fork, type ChildProcess } from 'node:child_process';
import { readRunState, writeRunState } from './runFolder';
import {
  isFromWorker,
  type FromWorker,
  type JobResult,
  type TrainConfig,
  type WorkerJob,
} from '../../shared/workerProtocol';

/** The worker died (crash, out of memory, SIGKILL): the message carries its last output lines. */
export class WorkerDiedError extends Error {
  constructor(
    message: string,
    readonly lastLines: readonly string[],
  ) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

export interface TrainingHandlers {
  onMessage?(message: FromWorker): void;
}

const KEPT_LINES = 40;

/**
 * One job (training, predictions) in a child process: the editor (or the CLI) stays responsive, a
 * crash cannot take it down, and cancel/kill reach the process. Resolves with the worker's result.
 */
export class WorkerProcess<J extends WorkerJob> {
  private readonly child: ChildProcess;
  private readonly lastLines: string[] = [];
  /** The run folder, once a training worker has made it. */
  runDir: string | undefined;
  readonly result: Promise<JobResult<J>>;

  constructor(workerScript: string, job: J, handlers: TrainingHandlers = {}) {
    this.child = fork(workerScript, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // VS Code's executable is Electron: make it run as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.keep(chunk));
    }
    const what = job.type === 'train' ? 'training' : 'prediction';
    this.result = new Promise<JobResult<J>>((resolve, reject) => {
      let settled = false;
      this.child.on('message', (message: unknown) => {
        if (!isFromWorker(message)) return;
        if (message.type === 'log') this.keep(`[${message.level}] ${message.message}`);
        if (message.type === 'run') this.runDir = message.runDir;
        handlers.onMessage?.(message);
        if (message.type === 'ready') this.child.send(job);
        const result =
          message.type === 'done'
            ? message.result
            : message.type === 'images-done'
              ? message.predictions
              : message.type === 'video-done'
                ? message.prediction
                : undefined;
        if (result !== undefined) {
          settled = true;
          // The worker answers the job it was sent: its terminal message matches J.
          resolve(result as JobResult<J>);
        }
        if (message.type === 'failed') {
          settled = true;
          reject(new Error(message.message));
        }
      });
      this.child.on('error', (error) => {
        if (!settled) reject(new WorkerDiedError(`The ${what} worker could not run: ${error.message}`, this.lastLines));
        settled = true;
      });
      this.child.on('exit', (code, signal) => {
        if (settled) return;
        settled = true;
        const how = signal
          ? `was killed (${signal}${signal === 'SIGKILL' ? ', perhaps out of memory' : ''})`
          : `exited with code ${code}`;
        const died = new WorkerDiedError(
          `The ${what} worker ` +
            `${how}.${this.lastLines.length ? ` Its last lines:\n${this.lastLines.slice(-10).join('\n')}` : ''}`,
          [...this.lastLines],
        );
        // The worker could not mark its run: do it here, so that the run folder says what happened.
        void markRunFailed(this.runDir, died.message).finally(() => reject(died));
      });
    });
    // A rejected result that nobody awaits yet must not crash the host.
    this.result.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops after the current batch; the best weights and the logs are kept. */
  cancel(): void {
    if (this.child.connected) this.child.send({ type: 'cancel' });
  }

  /** Ends the process at once (VS Code closing, a second cancel). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private keep(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.lastLines.push(line);
      if (this.lastLines.length > KEPT_LINES) this.lastLines.shift();
    }
  }
}

/** A training in a worker process. */
export class TrainingProcess extends WorkerProcess<{ readonly type: 'train'; readonly config: TrainConfig }> {
  constructor(workerScript: string, config: TrainConfig, handlers: TrainingHandlers = {}) {
    super(workerScript, { type: 'train', config }, handlers);
  }
}

async function markRunFailed(runDir: string | undefined, message: string): Promise<void> {
  if (!runDir) return;
  const state = await readRunState(runDir);
  if (state?.status === 'running')
    await writeRunState(runDir, {
      status: 'failed',
      started: state.started,
      finished: new Date().toISOString(),
      message,
    });
}
