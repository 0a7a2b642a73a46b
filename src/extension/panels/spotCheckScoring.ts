import * as vscode from 'vscode';
import { WorkerProcess } from '../../core/training/workerProcess';
import type { BackendChoice, ImagePrediction, PredictImagesJob } from '../../shared/workerProtocol';
import type { Log } from '../log';

type PredictImages = { readonly type: 'predict-images'; readonly job: PredictImagesJob };

/**
 * Scores images with a run's classifier in the worker process (tfjs never loads in the extension
 * host), behind a cancellable progress notification. Cancel, or the extension going away, kills it.
 */
export class ImageScorer implements vscode.Disposable {
  private readonly workers = new Set<WorkerProcess<PredictImages>>();

  constructor(
    private readonly workerScript: string,
    private readonly log: Log,
  ) {}

  /** Undefined when the user cancelled. */
  score(runDir: string, images: readonly string[], backend: BackendChoice): Thenable<ImagePrediction[] | undefined> {
    const title = `Spot check: scoring ${images.length} image${images.length === 1 ? '' : 's'}`;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const worker = new WorkerProcess<PredictImages>(
          this.workerScript,
          { type: 'predict-images', job: { runDir, images, backend } },
          {
            onMessage: (message) => {
              if (message.type === 'log') this.log[message.level](message.message);
              // The worker batches its progress (about one message a second).
              if (message.type === 'progress' && message.phase === 'predicting' && message.total) {
                const percent = (100 * message.done) / message.total;
                progress.report({ message: `${message.done}/${message.total}`, increment: percent - reported });
                reported = percent;
              }
            },
          },
        );
        this.workers.add(worker);
        const cancelled = new Promise<undefined>((resolve) =>
          token.onCancellationRequested(() => {
            worker.kill();
            this.log.info(`Spot check cancelled: ${images.length} images of ${runDir}`);
            resolve(undefined);
          }),
        );
        try {
          return await Promise.race([worker.result, cancelled]);
        } finally {
          this.workers.delete(worker);
          worker.kill();
        }
      },
    );
  }

  dispose(): void {
    for (const worker of this.workers) worker.kill();
    this.workers.clear();
  }
}
