import * as vscode from 'vscode';
import type { Analysis } from '../../core/annotations/analyze';
import { checksOn, LARGE_FILE_SETTING, largeFileNotice, type CheckTrigger } from '../../core/annotations/largeFile';
import type { Problem } from '../../core/problem';
import { readAnnotationSettings } from '../config';
import type { Log } from '../log';
import { DisposableStore } from '../util/dispose';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange, toSeverity, type PositionSource } from './convert';
import type { WorkspaceLabels } from './workspaceLabels';

export const DIAGNOSTIC_SOURCE = 'surgery-classifier';

/** Keeps the Problems panel in step with open annotation files, debounced while the user types. */
export class AnnotationDiagnostics extends DisposableStore {
  readonly collection = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly contextKey = 'surgeryClassifier.isAnnotationFile';
  private readonly largeFileNoticed = new Set<string>();

  constructor(
    private readonly analyzer: AnnotationAnalyzer,
    private readonly labels: WorkspaceLabels,
    private readonly log: Log,
  ) {
    super();
    this.register({ dispose: () => this.pending.forEach(clearTimeout) });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document, 'open')));
    this.register(
      vscode.workspace.onDidChangeTextDocument(
        (event) => event.contentChanges.length && this.schedule(event.document, 'edit'),
      ),
    );
    this.register(vscode.workspace.onDidSaveTextDocument((document) => this.refresh(document, 'save')));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()));
    this.register(this.labels.onDidChange(() => this.refreshAll('workspaceLabels')));
    for (const document of vscode.workspace.textDocuments) this.refresh(document, 'open');
    this.updateContextKey();
  }

  /** Re-checks every open document (settings, trust or workspace labels changed). */
  refreshAll(trigger: CheckTrigger = 'settings'): void {
    this.analyzer.invalidate();
    for (const document of vscode.workspace.textDocuments) this.schedule(document, trigger, 0);
  }

  /** Analyses now and publishes, unless the trigger does not re-check this document (large files). */
  refresh(document: vscode.TextDocument, trigger: CheckTrigger): void {
    this.cancel(document);
    if (!checksOn(trigger, this.analyzer.isLarge(document), this.analyzer.editedSinceCheck(document))) return;
    let analysis: Analysis | undefined;
    try {
      const started = performance.now();
      analysis = this.analyzer.analyze(document, true);
      if (analysis)
        this.log.trace(
          `Checked ${document.uri.fsPath} v${document.version}: ${analysis.problems.length} problem(s) in ` +
            `${(performance.now() - started).toFixed(1)} ms`,
        );
    } catch (error) {
      // A rule must never take the extension host down; say where it failed instead.
      this.log.error(`Checking ${document.uri.fsPath} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return;
    }
    if (!analysis) {
      if (this.collection.has(document.uri)) this.collection.delete(document.uri);
      return;
    }
    this.labels.update(document.uri, analysis.fileLabels);
    this.collection.set(document.uri, toDiagnostics(document, this.analyzer.publishable(document, analysis)));
    if (vscode.window.activeTextEditor?.document === document) this.updateContextKey();
    if (this.analyzer.isLarge(document)) this.noticeLargeFile(document);
  }

  /** Once per file and session: says why its problems do not follow each keystroke. */
  private noticeLargeFile(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.largeFileNoticed.has(key)) return;
    this.largeFileNoticed.add(key);
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const message = largeFileNotice(name, readAnnotationSettings(document.uri).largeFileThresholdMB);
    this.log.info(message);
    void vscode.window.showInformationMessage(message, 'Open Setting').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', LARGE_FILE_SETTING);
    });
  }

  /** Publishes problems of a file that is not open (workspace validation). */
  publish(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    this.collection.set(uri, diagnostics);
  }

  private schedule(
    document: vscode.TextDocument,
    trigger: CheckTrigger,
    delay = readAnnotationSettings(document.uri).delayMs,
  ): void {
    // A large file is not even timed while edited: each check of it takes about a second.
    if (!checksOn(trigger, this.analyzer.isLarge(document), this.analyzer.editedSinceCheck(document))) return;
    this.cancel(document);
    const key = document.uri.toString();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.refresh(document, trigger);
      }, delay),
    );
  }

  private cancel(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const timer = this.pending.get(key);
    if (timer) clearTimeout(timer);
    this.pending.delete(key);
  }

  private closed(document: vscode.TextDocument): void {
    this.cancel(document);
    this.analyzer.forget(document);
    // Problems of a closed file stay only if a workspace validation put them there; the editor's own go.
    if (document.uri.scheme !== 'file') this.collection.delete(document.uri);
  }

  private updateContextKey(): void {
    const document = vscode.window.activeTextEditor?.document;
    const isAnnotation = !!document && this.analyzer.isAnnotationDocument(document);
    void vscode.commands.executeCommand('setContext', this.contextKey, isAnnotation);
  }
}

export function toDiagnostics(document: PositionSource, problems: readonly Problem[]): vscode.Diagnostic[] {
  return problems.map((problem) => {
    const diagnostic = new vscode.Diagnostic(
      toRange(document, problem.span),
      problem.message,
      toSeverity(problem.severity),
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = problem.code;
    diagnostic.relatedInformation = problem.related?.map(
      (related) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(document.uri, toRange(document, related.span)),
          related.message,
        ),
    );
    return diagnostic;
  });
}
