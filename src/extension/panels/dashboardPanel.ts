import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  clampSmoothing,
  DASHBOARD_VIEW_TYPE,
  DashboardState,
  FromDashboard,
  isDashboardState,
  isFromDashboard,
  RunData,
  ToDashboard,
} from '../../shared/dashboardProtocol';
import type { EpochMetrics, FromWorker } from '../../shared/workerProtocol';
import { CommandIds } from '../commands/commandIds';
import type { Log } from '../log';
import { readTrainingSettings } from '../training/trainingSettings';
import { listRuns, readRun } from './runFolders';
import { readRunInsights } from './runInsights';
import { panelResourceRoots, WebviewLoader, webviewHtml } from './webviewHtml';

/** What Show Training Dashboard returns: lets scripted callers (tests) see what the panel holds. */
export interface DashboardSnapshot {
  readonly runsFolder: string;
  /** Open dashboards in this window (one per runs folder). */
  readonly panels: number;
  /** The webview has said 'ready' and got its data. */
  readonly ready: boolean;
  readonly messagesPosted: number;
  readonly state: DashboardState;
  readonly runs: ReadonlyArray<RunSnapshot>;
}

export interface RunSnapshot {
  readonly id: string;
  readonly status: string;
  readonly steps: number;
  readonly epochs: number;
  readonly evaluation: boolean;
  /** Image grids (sample and misclassified frames) and weight distributions the run logged; absent when none. */
  readonly insights?: { readonly images: number; readonly distributions: number };
  /** The test videos' frame-only vs temporal comparison the panel shows; absent when the run has none. */
  readonly temporal?: { readonly model: string; readonly videos: number; readonly perVideo: readonly string[] };
}

function runSnapshot(run: RunData): RunSnapshot {
  const temporal = run.evaluation?.temporal;
  return {
    id: run.id,
    status: run.status,
    steps: run.steps.length,
    epochs: run.epochs.length,
    evaluation: !!run.evaluation,
    ...(run.insights
      ? { insights: { images: run.insights.images.length, distributions: run.insights.distributions.length } }
      : {}),
    ...(temporal
      ? {
          temporal: {
            model: temporal.model,
            videos: temporal.temporal.videos,
            perVideo: temporal.perVideo.map((v) => v.videoId),
          },
        }
      : {}),
  };
}

/** What the training command feeds: every worker message of the running training. */
export interface TrainingObserver {
  trainingMessage(message: FromWorker): void;
  showForRun(runDir: string): Promise<DashboardSnapshot | undefined>;
}

const UPDATE_INTERVAL_MS = 1000;
const isRunFolder = (dir: string): boolean =>
  ['metrics.jsonl', 'config.json', 'run.json'].some((file) => fs.existsSync(path.join(dir, file)));

/** One Training dashboard: a webview on one runs folder. */
class DashboardPanel implements vscode.Disposable {
  private ready = false;
  private answering: Promise<void> | undefined;
  private readonly loader: WebviewLoader;
  private disposed = false;
  private posted = 0;
  private runs: RunData[] = [];
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private state: DashboardState,
    private readonly owner: DashboardPanels,
    private readonly extensionUri: vscode.Uri,
  ) {
    const webview = panel.webview;
    // The runs folder too: the run's image grids are shown from their files (asWebviewUri), CSP img-src stays the
    // webview's own.
    webview.options = {
      enableScripts: true,
      localResourceRoots: [...panelResourceRoots(extensionUri), vscode.Uri.file(state.runsFolder)],
    };
    this.loader = new WebviewLoader(panel, (attempt) =>
      owner.log.warn(`Training dashboard: the webview did not start; loading it again (${attempt})`),
    );
    this.loader.load(() => this.html());
    this.disposables.push(
      this.loader,
      webview.onDidReceiveMessage((message: unknown) => {
        if (isFromDashboard(message)) void this.receive(message);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    // Runs written outside this window (the CLI, another window) or the worker's files between its messages.
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(state.runsFolder), '*/{metrics.jsonl,evaluation.json,run.json}'),
    );
    const changed = (uri: vscode.Uri) => this.markDirty(path.basename(path.dirname(uri.fsPath)));
    this.disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed));
  }

  get runsFolder(): string {
    return this.state.runsFolder;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  snapshot(panels: number): DashboardSnapshot {
    return {
      runsFolder: this.runsFolder,
      panels,
      ready: this.ready,
      messagesPosted: this.posted,
      state: this.state,
      runs: this.runs.map(runSnapshot),
    };
  }

  /** Shows a run (switching it on if it was hidden) and refreshes it soon. */
  showRun(runId: string): void {
    if (this.state.hiddenRuns.includes(runId))
      this.state = { ...this.state, hiddenRuns: this.state.hiddenRuns.filter((r) => r !== runId) };
    this.markDirty(runId);
  }

  /** Batched: at most one update a second, whatever the rate of worker messages. */
  markDirty(runId: string, now = false): void {
    if (this.disposed) return;
    this.dirty.add(runId);
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, UPDATE_INTERVAL_MS);
    }
  }

  private async flush(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const run = await this.read(id);
      const index = this.runs.findIndex((r) => r.id === id);
      if (index >= 0) this.runs[index] = run;
      else this.runs.push(run);
      this.post({ type: 'run', run, live: this.owner.liveRunId(this.runsFolder) });
    }
  }

  private async receive(message: FromDashboard): Promise<void> {
    if (message.type === 'state') {
      this.state = {
        ...message.state,
        runsFolder: this.runsFolder,
        smoothing: clampSmoothing(message.state.smoothing),
      };
      return;
    }
    this.loader.ready();
    // ready: (again, after the webview was reloaded) send everything — once for the 'ready's that
    // arrive while the runs are read (the webview repeats it until answered).
    this.answering ??= this.sendRuns().finally(() => (this.answering = undefined));
    return this.answering;
  }

  private async sendRuns(): Promise<void> {
    const ids = await listRuns(this.runsFolder);
    const live = this.owner.liveRunId(this.runsFolder);
    if (live && !ids.includes(live)) ids.push(live);
    this.runs = await Promise.all(ids.map((id) => this.read(id)));
    this.ready = true;
    this.dirty.clear();
    this.post({ type: 'runs', runs: this.runs, live });
  }

  private async read(id: string): Promise<RunData> {
    const runDir = path.join(this.runsFolder, id);
    const [run, insights] = await Promise.all([
      readRun(runDir),
      readRunInsights(runDir, (file) => this.panel.webview.asWebviewUri(vscode.Uri.file(file)).toString()),
    ]);
    return this.owner.withLiveEpochs(runDir, insights ? { ...run, insights } : run);
  }

  private post(message: ToDashboard): void {
    if (this.disposed) return;
    this.posted++;
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    return webviewHtml(this.panel.webview, this.extensionUri, {
      title: 'Training Dashboard',
      script: 'dashboard.js',
      styles: ['dist/webview/uPlot.css', 'media/dashboard.css'],
      state: this.state,
      body: '<main id="dashboard" aria-busy="true"><p class="empty">Loading runs…</p></main>',
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.owner.forget(this);
    for (const d of this.disposables.splice(0)) {
      try {
        d.dispose();
      } catch {
        // one failing dispose does not stop the others
      }
    }
    this.panel.dispose();
  }
}

/**
 * The Training dashboards of the window: one per runs folder, the command, the serializer, and the live feed of the
 * training.
 */
export class DashboardPanels implements vscode.Disposable, TrainingObserver {
  private readonly panels = new Map<string, DashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private live: { runDir: string; epochs: EpochMetrics[] } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: Log,
  ) {
    this.disposables.push(
      // Argument (scripted use, the status bar): a runs folder, or a run folder to show in its runs folder's dashboard.
      vscode.commands.registerCommand(CommandIds.showDashboard, (arg?: vscode.Uri) => {
        if (!(arg instanceof vscode.Uri)) return this.show();
        return isRunFolder(arg.fsPath) ? this.showForRun(arg.fsPath) : this.show(arg.fsPath);
      }),
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const restored = isDashboardState(state) ? state : this.defaultState(this.defaultRunsFolder() ?? '');
          if (!restored.runsFolder || this.panels.has(restored.runsFolder)) {
            panel.dispose();
            return;
          }
          this.adopt(panel, restored);
        },
      }),
    );
  }

  /** Opens (or reveals) the dashboard of a runs folder; default: the runs folder of the first workspace folder. */
  async show(runsFolder = this.defaultRunsFolder(), revealRunDir?: string): Promise<DashboardSnapshot | undefined> {
    if (!runsFolder) {
      void vscode.window.showInformationMessage('Open a workspace folder to see its training runs.');
      return undefined;
    }
    runsFolder = path.resolve(runsFolder);
    let panel = this.panels.get(runsFolder);
    if (panel) panel.panel.reveal(undefined, true);
    else {
      const webviewPanel = vscode.window.createWebviewPanel(
        DASHBOARD_VIEW_TYPE,
        `Training: ${path.basename(runsFolder)}`,
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
        { enableScripts: true, retainContextWhenHidden: false },
      );
      panel = this.adopt(webviewPanel, this.defaultState(runsFolder));
      this.log.info(`Training dashboard opened on ${runsFolder}`);
    }
    if (revealRunDir) panel.showRun(path.basename(revealRunDir));
    return panel.snapshot(this.panels.size);
  }

  showForRun(runDir: string): Promise<DashboardSnapshot | undefined> {
    return this.show(path.dirname(runDir), runDir);
  }

  trainingMessage(message: FromWorker): void {
    if (message.type === 'run') this.live = { runDir: message.runDir, epochs: [] };
    if (!this.live) return;
    const { runDir } = this.live;
    if (message.type === 'epoch') this.live.epochs.push(message.metrics);
    const finished = message.type === 'done' || message.type === 'failed';
    if (finished) this.live = undefined;
    if (message.type === 'run' || message.type === 'epoch' || message.type === 'progress' || finished) {
      this.panels.get(path.dirname(runDir))?.markDirty(path.basename(runDir), finished);
    }
  }

  /** The run the worker is writing, if it is in this runs folder. */
  liveRunId(runsFolder: string): string | undefined {
    return this.live && path.dirname(this.live.runDir) === runsFolder ? path.basename(this.live.runDir) : undefined;
  }

  /** Epochs the worker announced but has not yet appended to metrics.jsonl. */
  withLiveEpochs(runDir: string, run: RunData): RunData {
    if (!this.live || this.live.runDir !== runDir) return run;
    const known = new Set(run.epochs.map((e) => e.epoch));
    const missing = this.live.epochs.filter((e) => !known.has(e.epoch));
    return missing.length ? { ...run, epochs: [...run.epochs, ...missing].sort((a, b) => a.epoch - b.epoch) } : run;
  }

  forget(panel: DashboardPanel): void {
    if (this.panels.get(panel.runsFolder) === panel) this.panels.delete(panel.runsFolder);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: DashboardState): DashboardPanel {
    const panel = new DashboardPanel(webviewPanel, state, this, this.context.extensionUri);
    this.panels.set(state.runsFolder, panel);
    return panel;
  }

  private defaultState(runsFolder: string): DashboardState {
    return { runsFolder, hiddenRuns: [], smoothing: 0.6 };
  }

  private defaultRunsFolder(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    return path.resolve(folder.uri.fsPath, readTrainingSettings(folder.uri).runsFolder);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    for (const d of this.disposables.splice(0)) {
      try {
        d.dispose();
      } catch {
        // keep disposing the rest
      }
    }
  }
}
