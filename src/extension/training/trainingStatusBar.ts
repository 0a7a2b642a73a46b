import * as vscode from 'vscode';
import type { BackendReport, FromWorker } from '../../shared/workerProtocol';
import { CommandIds } from '../commands/commandIds';

/** `epoch 7/30 · val acc 0.91 · wasm` while a training runs; updated at most about once a second. */
export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'surgeryClassifier.training',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private backend: BackendReport['used'] | undefined;
  private lastUpdate = 0;

  constructor() {
    this.item.name = 'Surgery Classifier Training';
  }

  start(): void {
    this.backend = undefined;
    this.item.text = '$(sync~spin) training: starting';
    this.item.tooltip =
      'Surgery Classifier: a training is running. Click to show the training dashboard (cancel it from the ' +
      'progress notification).';
    this.item.command = CommandIds.showDashboard;
    this.item.show();
  }

  update(message: FromWorker): void {
    if (message.type === 'backend') this.backend = message.report.used;
    // The dashboard of the runs folder this training writes into.
    if (message.type === 'run')
      this.item.command = {
        title: 'Show Training Dashboard',
        command: CommandIds.showDashboard,
        arguments: [vscode.Uri.joinPath(vscode.Uri.file(message.runDir), '..')],
      };
    const now = Date.now();
    if (message.type !== 'epoch' && now - this.lastUpdate < 1000) return;
    this.lastUpdate = now;
    const suffix = this.backend ? ` · ${this.backend}` : '';
    if (message.type === 'progress' && message.phase === 'embedding')
      this.item.text = `$(sync~spin) embeddings ${message.done}/${message.total}${suffix}`;
    if (message.type === 'progress' && message.phase === 'evaluating' && message.total > 1)
      this.item.text = `$(beaker) temporal model: fold ${message.done}/${message.total}${suffix}`;
    if (message.type === 'progress' && message.phase === 'model')
      this.item.text = `$(cloud-download) base model${suffix}`;
    if (message.type === 'epoch') {
      const m = message.metrics;
      const validation = m.validationAccuracy === undefined ? '' : ` · val acc ${m.validationAccuracy.toFixed(2)}`;
      this.item.text = `$(pulse) epoch ${m.epoch}/${this.epochs}${validation}${suffix}`;
    }
  }

  epochs = 0;

  finish(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = CommandIds.showLog;
    setTimeout(() => this.item.hide(), 30_000);
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
