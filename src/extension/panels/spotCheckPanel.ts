import * as path from 'node:path';
import * as vscode from 'vscode';
import { orderItems, summarize } from '../../core/predictions/spotCheck';
import {
  FromSpotCheck,
  isFromSpotCheck,
  isSpotCheckState,
  SPOT_CHECK_VIEW_TYPE,
  SpotCheckSort,
  SpotCheckState,
  SpotCheckView,
  ToSpotCheck,
} from '../../shared/spotCheckProtocol';
import type { Log } from '../log';
import { openItem, type OpenResult } from './spotCheckOpen';
import { panelResourceRoots, WebviewLoader, webviewHtml } from './webviewHtml';

/** What the command returns: lets scripted callers (tests) see what the grid holds. */
export interface SpotCheckSnapshot {
  readonly panels: number;
  /** The webview has said 'ready' and got the grid. */
  readonly ready: boolean;
  readonly messagesPosted: number;
  readonly runDir: string;
  readonly source: string;
  readonly sort: SpotCheckSort;
  readonly classes: readonly string[];
  readonly summary: ReturnType<typeof summarize>;
  /** In grid order. */
  readonly items: ReadonlyArray<{
    id: string;
    name: string;
    image: string;
    scores?: readonly number[];
    predicted?: string;
    confidence?: number;
    trueClass?: string;
    correct?: boolean;
    error?: string;
    hasFrame: boolean;
  }>;
}

/**
 * The Spot-check panel: one per window, showing the latest check. Images are served from their own
 * folders only (added to localResourceRoots), so the CSP and the roots stay as narrow as the grid.
 */
export class SpotCheckPanel implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private posted = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly loader: WebviewLoader;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private state: SpotCheckState,
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly onDispose: () => void,
  ) {
    this.loader = new WebviewLoader(panel, (attempt) =>
      log.warn(`Spot check: the webview did not start; loading it again (${attempt})`),
    );
    this.disposables.push(
      this.loader,
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isFromSpotCheck(message)) void this.receive(message);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.load(state);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** A new check in this panel: new roots, new page (the webview says ready again). */
  load(state: SpotCheckState): void {
    if (this.disposed) return;
    this.state = { ...state, items: orderItems(state.items, state.sort) };
    this.ready = false;
    const folders = [...new Set(this.state.items.map((item) => path.dirname(item.image)))].map((dir) =>
      vscode.Uri.file(dir),
    );
    this.panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [...panelResourceRoots(this.extensionUri), ...folders],
    };
    this.panel.title = `Spot Check: ${path.basename(state.runDir)}`;
    this.loader.load(() =>
      webviewHtml(this.panel.webview, this.extensionUri, {
        title: 'Spot Check',
        script: 'spotCheck.js',
        styles: ['media/spotCheck.css'],
        state: this.view(),
        body: '<main id="spot-check" aria-busy="true"><p class="empty">Loading predictions…</p></main>',
      }),
    );
  }

  resort(sort: SpotCheckSort): void {
    this.state = { ...this.state, sort, items: orderItems(this.state.items, sort) };
    this.post({ type: 'show', view: this.view() });
  }

  async open(id: string): Promise<OpenResult | undefined> {
    const item = this.state.items.find((i) => i.id === id);
    if (!item) return undefined;
    try {
      return await openItem(item);
    } catch (error) {
      const message = `Could not open ${item.image}: ${error instanceof Error ? error.message : String(error)}`;
      this.log.warn(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  snapshot(panels: number): SpotCheckSnapshot {
    const s = this.state;
    return {
      panels,
      ready: this.ready,
      messagesPosted: this.posted,
      runDir: s.runDir,
      source: s.source,
      sort: s.sort,
      classes: s.classes,
      summary: summarize(s.items),
      items: s.items.map((i) => ({
        id: i.id,
        name: i.name,
        image: i.image,
        scores: i.scores,
        predicted: i.predicted,
        confidence: i.confidence,
        trueClass: i.trueClass,
        correct: i.correct,
        error: i.error,
        hasFrame: !!i.frame,
      })),
    };
  }

  private view(): SpotCheckView {
    const sources: Record<string, string> = {};
    for (const item of this.state.items)
      sources[item.id] = this.panel.webview.asWebviewUri(vscode.Uri.file(item.image)).toString();
    return { state: this.state, sources };
  }

  private async receive(message: FromSpotCheck): Promise<void> {
    if (message.type === 'ready') {
      this.loader.ready();
      this.ready = true;
      this.post({ type: 'show', view: this.view() });
    } else if (message.type === 'sort') {
      this.resort(message.sort);
    } else {
      await this.open(message.id);
    }
  }

  private post(message: ToSpotCheck): void {
    if (this.disposed) return;
    this.posted++;
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
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

const inWorkspace = (file: string): boolean =>
  (vscode.workspace.workspaceFolders ?? []).some((folder) => {
    const relative = path.relative(folder.uri.fsPath, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });

/** The window's Spot-check panel: created by the command, restored by the serializer after a reload. */
export class SpotCheckPanels implements vscode.Disposable {
  private current: SpotCheckPanel | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(SPOT_CHECK_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        // The webview saves the state the host sent it; checked again before it is trusted, and its
        // images (whose folders the panel may read) must lie in the workspace.
        if (
          !isSpotCheckState(state) ||
          !state.items.every((item) => inWorkspace(item.image)) ||
          (this.current && !this.current.isDisposed)
        ) {
          panel.dispose();
          return;
        }
        this.adopt(panel, state);
      },
    });
  }

  show(state: SpotCheckState): SpotCheckSnapshot {
    if (this.current && !this.current.isDisposed) {
      this.current.load(state);
      this.current.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        SPOT_CHECK_VIEW_TYPE,
        'Spot Check',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        { enableScripts: true },
      );
      this.adopt(panel, state);
    }
    this.log.info(`Spot check of ${state.runDir}: ${state.source}`);
    return this.current!.snapshot(1);
  }

  get panel(): SpotCheckPanel | undefined {
    return this.current && !this.current.isDisposed ? this.current : undefined;
  }

  snapshot(): SpotCheckSnapshot | undefined {
    return this.panel?.snapshot(1);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: SpotCheckState): void {
    const panel: SpotCheckPanel = new SpotCheckPanel(webviewPanel, state, this.extensionUri, this.log, () => {
      if (this.current === panel) this.current = undefined;
    });
    this.current = panel;
  }

  dispose(): void {
    this.current?.dispose();
    this.serializer.dispose();
  }
}
