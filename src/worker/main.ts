import { locateFfmpegTools } from '../core/ffmpeg/locateTools';
import {
  isToWorker,
  type FromWorker,
  type PredictImagesJob,
  type PredictVideoJob,
  type TrainConfig,
  type WorkerJob,
} from '../shared/workerProtocol';
import { predictImages } from './predictImages';
import { predictVideo } from './predictVideo';
import { runTraining } from './runTraining';

/**
 * The worker process (forked by the extension host or the CLI): one job (train, predict images,
 * predict a video), `cancel` at any time, progress and results back over the IPC channel.
 * Exits when its parent goes away: tfjs never runs in the extension host.
 */
function send(message: FromWorker): void {
  process.send?.(message);
}

const cancel = new AbortController();
let running = false;

process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  if (message.type === 'cancel') {
    cancel.abort();
    return;
  }
  if (running) return send({ type: 'log', level: 'warn', message: 'This worker is already running a job.' });
  running = true;
  void run(message);
});

// The parent closed the channel (VS Code quit, the CLI was killed): stop, there is no one to report to.
process.on('disconnect', () => process.exit(0));

async function run(job: WorkerJob): Promise<void> {
  try {
    if (job.type === 'train') await train(job.config);
    else if (job.type === 'predict-images') await scoreImages(job.job);
    else await scoreVideo(job.job);
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    // Let the last messages leave before exiting.
    setTimeout(() => process.exit(0), 50);
  }
}

async function train(config: TrainConfig): Promise<void> {
  const result = await runTraining(config, { send, isCancelled: () => cancel.signal.aborted });
  send({ type: 'done', result });
}

/** Progress at most about once a second, and always the last one. */
function progressReporter(): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    if (done < total && Date.now() - last < 1000) return;
    last = Date.now();
    send({ type: 'progress', phase: 'predicting', done, total });
  };
}

async function scoreImages(job: PredictImagesJob): Promise<void> {
  const predictions = await predictImages(
    job.runDir,
    job.images,
    job.backend,
    progressReporter(),
    () => cancel.signal.aborted,
  );
  send({ type: 'images-done', predictions });
}

async function scoreVideo(job: PredictVideoJob): Promise<void> {
  const tools = await locateFfmpegTools({ ffmpegPath: job.ffmpegPath, ffprobePath: job.ffprobePath });
  const report = progressReporter();
  const prediction = await predictVideo({
    runDir: job.runDir,
    video: job.video,
    everySeconds: job.everySeconds,
    backend: job.backend,
    tools,
    signal: cancel.signal,
    onProgress: ({ done, total }) => report(done, total),
  });
  send({ type: 'video-done', prediction });
}

send({ type: 'ready' });
