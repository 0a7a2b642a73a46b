import * as vscode from 'vscode';
import { readFileFacts } from '../../core/annotations/analyzeWindows';
import { addCounts, type LabelCounts } from '../../core/annotations/labels';
import { readAnnotationSettings } from '../config';
import type { Log } from '../log';
import { DisposableStore } from '../util/dispose';

const MAX_FILES = 2000;

/**
 * Label counts per annotation file of the workspace: typos are judged against what the whole team
 * writes, not one file. Files on disk are scanned once and then followed by a watcher; open
 * documents report their own live counts.
 */
export class WorkspaceLabels extends DisposableStore {
  private readonly byFile = new Map<string, LabelCounts>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly log: Log) {
    super();
    this.register({ dispose: () => this.watcher?.dispose() });
  }

  /** (Re)scans the files matching surgeryClassifier.annotationFiles. */
  async scan(): Promise<void> {
    const patterns = readAnnotationSettings().annotationFiles;
    this.watcher?.dispose();
    this.watcher = undefined;
    if (!patterns.length || !vscode.workspace.workspaceFolders?.length) return;
    const glob = patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
    this.watcher = vscode.workspace.createFileSystemWatcher(glob);
    this.watcher.onDidCreate((uri) => void this.readFile(uri));
    this.watcher.onDidChange((uri) => void this.readFile(uri));
    this.watcher.onDidDelete((uri) => this.forget(uri));
    const started = Date.now();
    const files = await vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_FILES);
    await Promise.all(files.map((uri) => this.readFile(uri, false)));
    this.log.info(
      `Label scan: ${files.length} annotation file(s), ${this.totals().size} label(s) in ${Date.now() - started} ms`,
    );
    this.changed.fire();
  }

  /** Live counts of an open document replace those read from disk. */
  update(uri: vscode.Uri, counts: LabelCounts): void {
    const key = uri.toString();
    if (sameCounts(this.byFile.get(key), counts)) return;
    this.byFile.set(key, new Map(counts));
    this.changed.fire();
  }

  /** Counts of every file but one: the analysed file adds its own live counts. */
  othersThan(uri: vscode.Uri): Map<string, number> {
    return this.totals(uri.toString());
  }

  totals(except?: string): Map<string, number> {
    const total = new Map<string, number>();
    for (const [key, counts] of this.byFile) if (key !== except) addCounts(total, counts);
    return total;
  }

  private async readFile(uri: vscode.Uri, notify = true): Promise<void> {
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      // Window by window: a large file's labels without its whole tree in the extension host.
      this.byFile.set(uri.toString(), readFileFacts(text).labels);
      if (notify) this.changed.fire();
    } catch (error) {
      this.log.warn(`Could not read ${uri.fsPath} for label counts: ${String(error)}`);
    }
  }

  private forget(uri: vscode.Uri): void {
    if (this.byFile.delete(uri.toString())) this.changed.fire();
  }
}

function sameCounts(a: LabelCounts | undefined, b: LabelCounts): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [label, count] of b) if (a.get(label) !== count) return false;
  return true;
}
