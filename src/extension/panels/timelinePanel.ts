import * as path from 'node:path';
import * as vscode from 'vscode';
import { predictedAnnotationText, predictedFileName, predictedVideoId } from '../../core/predictions/predictedFile';
import { runBackground, timelineEvaluation, type TimelineResult } from '../../core/predictions/timelineEvaluation';
import { readRunTemporal, temporalForChoice, type RunTemporal } from '../../core/temporal/runTemporalModel';
import type { TemporalModel } from '../../core/temporal/types';
import type { VideoTruth } from '../../core/predictions/truthSegments';
import { WorkerProcess } from '../../core/training/workerProcess';
import {
  clampSmoothingFrames,
  FromTimeline,
  isFromTimeline,
  TimelinePrediction,
  TimelineSource,
  TimelineState,
  ToTimeline,
} from '../../shared/timelineProtocol';
import type { PredictVideoJob } from '../../shared/workerProtocol';
import type { FfmpegToolsService } from '../frames/ffmpegTools';
import type { VideoInfoService } from '../frames/videoInfo';
import type { Log } from '../log';
import { readTrainingSettings } from '../training/trainingSettings';
import { disposeAll } from '../util/dispose';
import { readPredictionSettings, readTruth } from './timelineData';
import { savePredictedSegments } from './timelineSave';
import { panelResourceRoots, WebviewLoader, webviewHtml } from './webviewHtml';

/** What Predict Video returns: lets scripted callers (tests, the demo) see what the panel holds. */
export interface TimelineSnapshot {
  readonly source: TimelineSource;
  /** Open timelines in this window. */
  readonly panels: number;
  readonly ready: boolean;
  readonly running: boolean;
  readonly messagesPosted: number;
  readonly smoothing: number;
  readonly frames: number;
  readonly classes: readonly string[];
  readonly backend?: string;
  readonly durationSeconds?: number;
  readonly truth?: ReadonlyArray<{ label: string; start: number; end: number }>;
  readonly evaluation?: Omit<TimelineResult, 'labels' | 'confidences'>;
  readonly savedFile?: string;
  readonly error?: string;
  /** The worker process while predicting (tests check that closing the panel ends it). */
  readonly workerPid?: number;
}

export interface TimelineServices {
  readonly context: vscode.ExtensionContext;
  readonly ffmpegTools: FfmpegToolsService;
  readonly videoInfo: VideoInfoService;
  readonly log: Log;
}

const PROGRESS_INTERVAL_MS = 500;
const TRUTH_RELOAD_MS = 300;
const CANCEL_GRACE_MS = 5000;
/** A closed panel's worker gets less time: nobody waits for its answer. */
const CLOSE_GRACE_MS = 1000;
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
/** One panel per run and video. */
export const keyOf = (source: TimelineSource): string =>
  `${path.resolve(source.runDir)}\n${path.resolve(source.video)}`;

/** One Video timeline: a run's predictions over one video, against its annotations when known. */
export class TimelinePanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private posted = 0;
  private truth: VideoTruth | undefined;
  private runTemporal: RunTemporal | undefined;
  /** The temporal row's model (the setting's choice), undefined for frame only. */
  private temporal: { readonly model: TemporalModel; readonly name: string } | undefined;
  private truthNote: string | undefined;
  private evaluation: TimelineResult | undefined;
  private worker: WorkerProcess<{ type: 'predict-video'; job: PredictVideoJob }> | undefined;
  private running: Promise<boolean> | undefined;
  private savedFile: string | undefined;
  private lastError: string | undefined;
  private frameRequest = 0;
  private recomputeTimer: NodeJS.Timeout | undefined;
  private truthTimer: NodeJS.Timeout | undefined;
  private readonly truthLoaded: Promise<void>;
  private cancelledByPanel = false;
  private progressDone = 0;
  private progressTotal = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly loader: WebviewLoader;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private state: TimelineState,
    private readonly services: TimelineServices,
    private readonly onDispose: (panel: TimelinePanel) => void,
  ) {
    this.loader = new WebviewLoader(panel, (attempt) =>
      services.log.warn(`Video timeline: the webview did not start; loading it again (${attempt})`),
    );
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: panelResourceRoots(services.context.extensionUri) };
    // The prediction travels in messages, not in the HTML attribute: it can be large.
    this.loader.load(() =>
      webviewHtml(webview, services.context.extensionUri, {
        title: 'Video Timeline',
        script: 'timeline.js',
        styles: ['media/timeline.css'],
        state: { source: this.state.source, smoothing: this.state.smoothing },
        body: '<main id="timeline" aria-busy="true"><p class="empty">Loading…</p></main>',
      }),
    );
    this.disposables.push(
      this.loader,
      webview.onDidReceiveMessage((received: unknown) => {
        if (isFromTimeline(received)) void this.receive(received);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    // A truth that cannot be read is reported in the panel (readTruth's note); never an unhandled rejection.
    this.truthLoaded = this.loadTruth().catch((error: unknown) =>
      services.log.error(`Video timeline: ${message(error)}`),
    );
    // The ground truth follows the annotation file as it is edited (unsaved text included).
    if (state.source.annotations) {
      const annotations = path.resolve(state.source.annotations);
      this.disposables.push(
        vscode.workspace.onDidChangeTextDocument((event) => {
          if (event.document.uri.scheme !== 'file' || event.document.uri.fsPath !== annotations) return;
          if (this.truthTimer) clearTimeout(this.truthTimer);
          this.truthTimer = setTimeout(() => {
            this.truthTimer = undefined;
            this.loadTruth().then(
              () => this.sendAll(),
              (error: unknown) => services.log.error(`Video timeline: ${message(error)}`),
            );
          }, TRUTH_RELOAD_MS);
        }),
      );
    }
  }

  private async loadTruth(): Promise<void> {
    const [{ truth, note }, temporal] = await Promise.all([
      readTruth(this.state.source),
      // A damaged temporal.json is logged, and the panel shows frame-only predictions.
      readRunTemporal(this.state.source.runDir).catch(
        (error: unknown) => void this.services.log.error(`Video timeline: ${message(error)}`),
      ),
    ]);
    this.runTemporal = temporal ?? undefined;
    const choice = readPredictionSettings(vscode.Uri.file(this.state.source.video)).temporalModel;
    // Frame only (asked for, or all an older run has) needs no second row.
    const chosen = choice === 'frame' || !this.runTemporal ? undefined : temporalForChoice(this.runTemporal, choice);
    if (!chosen && choice !== 'frame' && this.runTemporal)
      this.services.log.warn(
        `Video timeline: the run has no phase statistics for "${choice}" ` +
          '(surgeryClassifier.prediction.temporalModel); showing its own temporal model.',
      );
    this.temporal =
      chosen ??
      (choice === 'frame' || !this.runTemporal
        ? undefined
        : { model: this.runTemporal.model, name: this.runTemporal.name });
    this.truth = truth;
    this.truthNote = note;
    this.recompute();
  }

  get key(): string {
    return keyOf(this.state.source);
  }

  get hasPrediction(): boolean {
    return !!this.state.prediction;
  }

  get isRunning(): boolean {
    return !!this.running;
  }

  snapshot(panels: number): TimelineSnapshot {
    const prediction = this.state.prediction;
    const evaluation = this.evaluation && (({ labels: _l, confidences: _c, ...rest }) => rest)(this.evaluation);
    return {
      source: this.state.source,
      panels,
      ready: this.ready,
      running: !!this.running,
      messagesPosted: this.posted,
      smoothing: this.state.smoothing,
      frames: prediction?.times.length ?? 0,
      classes: prediction?.classes ?? [],
      ...(prediction ? { backend: prediction.backend, durationSeconds: prediction.durationSeconds } : {}),
      ...(this.truth ? { truth: this.truth.segments } : {}),
      ...(evaluation ? { evaluation } : {}),
      ...(this.savedFile ? { savedFile: this.savedFile } : {}),
      ...(this.lastError ? { error: this.lastError } : {}),
      ...(this.worker?.pid ? { workerPid: this.worker.pid } : {}),
    };
  }

  /** Smoothing from a caller (the command's argument): recomputed now, sent to the webview. */
  async setSmoothing(frames: number): Promise<void> {
    await this.truthLoaded;
    this.state = { ...this.state, smoothing: clampSmoothingFrames(frames) };
    this.recompute();
    if (this.evaluation) this.post({ type: 'evaluation', evaluation: this.evaluation });
  }

  /**
   * Runs the model over the video in the worker, with a cancellable notification and progress in the
   * panel. Resolves true with a new prediction, false when cancelled or failed (the message is shown).
   */
  predict(everySeconds: number): Promise<boolean> {
    this.running ??= this.runWorker(everySeconds).finally(() => {
      this.running = undefined;
      this.worker = undefined;
      this.sendAll();
    });
    return this.running;
  }

  private async runWorker(everySeconds: number): Promise<boolean> {
    const { runDir, video } = this.state.source;
    const { context, ffmpegTools, log } = this.services;
    let tools;
    try {
      tools = await ffmpegTools.get();
    } catch (error) {
      return this.fail(
        `Predict Video needs ffmpeg: ${message(error)} Set surgeryClassifier.ffmpegPath and ` +
          'surgeryClassifier.ffprobePath.',
      );
    }
    if (this.disposed) return false;
    const job: PredictVideoJob = {
      runDir,
      video,
      everySeconds,
      backend: readTrainingSettings(vscode.Uri.file(video)).backend,
      ffmpegPath: tools.ffmpeg,
      ffprobePath: tools.ffprobe,
    };
    log.info(`Predict Video: ${video} with ${runDir}, a frame every ${everySeconds} s (backend ${job.backend})`);
    this.lastError = undefined;
    this.cancelledByPanel = false;
    this.progressDone = this.progressTotal = 0;
    let lastPost = 0;
    const worker = new WorkerProcess(
      context.asAbsolutePath(path.join('dist', 'worker.js')),
      { type: 'predict-video', job },
      {
        onMessage: (m) => {
          if (m.type === 'log') log[m.level](m.message);
          if (m.type !== 'progress' || m.phase !== 'predicting') return;
          // Batched: the worker may report often; the panel needs a few updates a second at most.
          const now = Date.now();
          if (now - lastPost < PROGRESS_INTERVAL_MS && m.done < m.total) return;
          lastPost = now;
          this.post({ type: 'progress', done: m.done, total: m.total });
        },
      },
    );
    this.worker = worker;
    this.sendAll();
    let cancelled = false;
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Predicting ${path.basename(video)}`,
          cancellable: true,
        },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => {
            cancelled = true;
            this.stop(worker);
          });
          const timer = setInterval(() => progress.report({ message: this.progressText() }), 1000);
          try {
            return await worker.result;
          } finally {
            clearInterval(timer);
            onCancel.dispose();
          }
        },
      );
      if (this.disposed) return false;
      const prediction: TimelinePrediction = {
        classes: result.classes,
        times: result.times,
        scores: result.scores,
        durationSeconds: result.durationSeconds,
        backend: result.backend,
        everySeconds,
      };
      this.state = { ...this.state, prediction };
      this.recompute();
      log.info(`Predict Video: ${result.times.length} frames of ${video} scored (${result.backend})`);
      return true;
    } catch (error) {
      if (this.disposed) return false;
      if (cancelled || this.cancelledByPanel) {
        this.cancelledByPanel = false;
        log.info(`Predict Video cancelled: ${video}`);
        return false;
      }
      return this.fail(
        `Predict Video failed on ${vscode.workspace.asRelativePath(video)}: ${message(error).split('\n')[0]}`,
      );
    }
  }

  private progressText(): string {
    return this.progressTotal ? `${this.progressDone}/${this.progressTotal} frames` : 'reading the video…';
  }

  private fail(text: string): false {
    this.lastError = text;
    this.services.log.error(text);
    this.post({ type: 'error', message: text });
    void vscode.window.showErrorMessage(text, 'Show Log').then((pick) => pick && this.services.log.show(true));
    return false;
  }

  /** Stops the prediction (ffmpeg stopped, temp frames removed by the worker). */
  cancel(): void {
    if (!this.worker) return;
    this.cancelledByPanel = true;
    this.stop(this.worker);
  }

  /** Asks the worker to stop cleanly; one that does not answer within the grace time is killed. */
  private stop(
    worker: WorkerProcess<{ type: 'predict-video'; job: PredictVideoJob }>,
    graceMs = CANCEL_GRACE_MS,
  ): void {
    worker.cancel();
    const timer = setTimeout(() => worker.kill(), graceMs);
    const settled = () => clearTimeout(timer);
    worker.result.then(settled, settled);
  }

  /**
   * Save predicted segments: the save dialog (or `target`), then the file written and opened, so the validator checks
   * it.
   */
  async save(target?: vscode.Uri): Promise<string | undefined> {
    const prediction = this.state.prediction;
    // What the run's temporal model reads is the proposal; runs without one save the frame-only row.
    const segments = this.evaluation?.temporal?.segments ?? this.evaluation?.segments;
    if (!prediction || !segments) {
      void vscode.window.showInformationMessage('Nothing to save yet: run the prediction first.');
      return undefined;
    }
    const { source } = this.state;
    const videoId = predictedVideoId(source.video, this.truth?.videoId ?? source.videoId);
    const defaultFile = path.join(path.dirname(source.annotations ?? source.video), predictedFileName(videoId));
    let file: string | undefined;
    try {
      file = await savePredictedSegments(defaultFile, target, (outFile) =>
        predictedAnnotationText({
          outFile,
          video: source.video,
          videoId,
          durationSeconds: prediction.durationSeconds,
          segments,
        }),
      );
    } catch (error) {
      this.fail(message(error));
      return undefined;
    }
    if (!file) return undefined;
    this.savedFile = file;
    this.services.log.info(`Predicted segments of ${source.video} written to ${file}`);
    this.post({ type: 'saved', file: vscode.workspace.asRelativePath(file) });
    return file;
  }

  private async receive(received: FromTimeline): Promise<void> {
    switch (received.type) {
      case 'ready':
        this.loader.ready();
        await this.truthLoaded;
        this.ready = true;
        this.sendAll();
        return;
      case 'smoothing':
        this.state = { ...this.state, smoothing: clampSmoothingFrames(received.frames) };
        this.scheduleRecompute();
        return;
      case 'frame':
        return this.sendFrame(received.time);
      case 'save':
        await this.save();
        return;
      case 'predict':
        await this.predict(
          this.state.prediction?.everySeconds ??
            readPredictionSettings(vscode.Uri.file(this.state.source.video)).everySeconds,
        );
        return;
      case 'cancel':
        this.cancel();
        return;
    }
  }

  /** A slider drag sends many values: compute once per burst. */
  private scheduleRecompute(): void {
    if (this.recomputeTimer) clearTimeout(this.recomputeTimer);
    this.recomputeTimer = setTimeout(() => {
      this.recomputeTimer = undefined;
      this.recompute();
      if (this.evaluation) this.post({ type: 'evaluation', evaluation: this.evaluation });
    }, 50);
  }

  private recompute(): void {
    const prediction = this.state.prediction;
    if (!prediction || !prediction.times.length) {
      this.evaluation = undefined;
      return;
    }
    const knownLabels = this.truth?.segments.filter((s) => prediction.classes.includes(s.label));
    this.evaluation = timelineEvaluation(prediction, {
      everySeconds: prediction.everySeconds,
      durationSeconds: prediction.durationSeconds,
      smoothing: this.state.smoothing,
      background: runBackground(prediction.classes, this.runTemporal),
      truth: this.truth ? knownLabels : undefined,
      temporal: this.temporal,
    });
  }

  private async sendFrame(time: number): Promise<void> {
    const request = ++this.frameRequest;
    const uri = await this.services.videoInfo.thumbnail(this.state.source.video, time);
    // Only the latest click is answered: older frames would flicker in after it.
    if (request !== this.frameRequest) return;
    this.post(
      uri
        ? { type: 'frame', time, uri }
        : {
            type: 'frame',
            time,
            error:
              `ffmpeg could not read the frame at ${time.toFixed(1)} s of ` +
              `${path.basename(this.state.source.video)} (see the Surgery Classifier log).`,
          },
    );
  }

  private sendAll(): void {
    if (!this.ready) return;
    this.post({
      type: 'show',
      source: this.state.source,
      running: !!this.running,
      ...(this.truth ? { truth: this.truth.segments } : {}),
      ...(this.truthNote ? { truthNote: this.truthNote } : {}),
      ...(this.state.prediction ? { prediction: this.state.prediction } : {}),
      ...(this.evaluation ? { evaluation: this.evaluation } : {}),
    });
  }

  private post(toWebview: ToTimeline): void {
    if (toWebview.type === 'progress') {
      this.progressDone = toWebview.done;
      this.progressTotal = toWebview.total;
    }
    if (this.disposed || !this.ready) return;
    this.posted++;
    void this.panel.webview.postMessage(toWebview);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.recomputeTimer) clearTimeout(this.recomputeTimer);
    if (this.truthTimer) clearTimeout(this.truthTimer);
    // A closed panel does not keep a worker busy: cancel lets it stop ffmpeg and remove its temporary frames, then it
    // is killed.
    if (this.worker) this.stop(this.worker, CLOSE_GRACE_MS);
    this.onDispose(this);
    disposeAll(this.disposables);
    this.panel.dispose();
  }
}
