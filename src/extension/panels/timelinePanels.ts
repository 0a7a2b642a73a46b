import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  clampSmoothingFrames,
  isTimelineState,
  TIMELINE_VIEW_TYPE,
  TimelineSource,
  TimelineState,
} from '../../shared/timelineProtocol';
import { disposeAll } from '../util/dispose';
import { keyOf, TimelinePanel, type TimelineServices } from './timelinePanel';

/** The Video timelines of the window: one per (run, video), and the serializer that restores them. */
export class TimelinePanels implements vscode.Disposable {
  private readonly panels = new Map<string, TimelinePanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: TimelineServices) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
        // Restores what was shown (the prediction kept in the webview state); never runs the model by itself.
        deserializeWebviewPanel: async (panel, state: unknown) => {
          if (!isTimelineState(state) || this.panels.has(keyOf(state.source))) {
            panel.dispose();
            return;
          }
          this.adopt(panel, state);
        },
      }),
    );
  }

  /** The open timeline of this run and video, if any. */
  find(source: TimelineSource): TimelinePanel | undefined {
    return this.panels.get(keyOf(source));
  }

  /** Opens (or reveals) the timeline of a source. */
  open(source: TimelineSource, smoothing: number): TimelinePanel {
    const existing = this.find(source);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      `Timeline: ${path.basename(source.video)}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: false },
    );
    return this.adopt(webviewPanel, { source, smoothing: clampSmoothingFrames(smoothing) });
  }

  get count(): number {
    return this.panels.size;
  }

  private adopt(webviewPanel: vscode.WebviewPanel, state: TimelineState): TimelinePanel {
    // A restored state is the webview's: its smoothing is clamped like a new one.
    const panel = new TimelinePanel(
      webviewPanel,
      { ...state, smoothing: clampSmoothingFrames(state.smoothing) },
      this.services,
      (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
      },
    );
    this.panels.set(panel.key, panel);
    return panel;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    disposeAll(this.disposables);
  }
}
