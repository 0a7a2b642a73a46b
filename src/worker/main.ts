import { isToWorker, type FromWorker, type TrainConfig } from '../shared/trainingProtocol';
import { runTraining } from './runTraining';

/**
 * The training process (forked by the extension host or the CLI): one `train` request, `cancel` at
 * any time, progress and results back over the IPC channel. Exits when its parent goes away.
 */
function send(message: FromWorker): void {
  process.send?.(message);
}

let cancelled = false;
let running = false;

process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  if (message.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (running) return send({ type: 'log', level: 'warn', message: 'A training is already running in this worker.' });
  running = true;
  void train(message.config);
});

// The parent closed the channel (VS Code quit, the CLI was killed): stop, there is no one to report to.
process.on('disconnect', () => process.exit(0));

async function train(config: TrainConfig): Promise<void> {
  try {
    const result = await runTraining(config, { send, isCancelled: () => cancelled });
    send({ type: 'done', result });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    // Let the last messages leave before exiting.
    setTimeout(() => process.exit(0), 50);
  }
}

send({ type: 'ready' });
