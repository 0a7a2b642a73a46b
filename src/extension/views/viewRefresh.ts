import * as vscode from 'vscode';

/**
 * Turns a burst of changes into one refresh: the first change starts the delay and later ones join
 * it. Unlike a trailing debounce this still refreshes while a training appends to metrics.jsonl
 * every few hundred milliseconds, at most once per delay.
 */
export class CoalescedRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly run: () => void,
    private readonly delayMs = 300,
  ) {}

  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, this.delayMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** File watchers on `patterns`: any create, change or delete calls `onChange`. */
export function watchFiles(patterns: readonly vscode.GlobPattern[], onChange: () => void): vscode.Disposable {
  return vscode.Disposable.from(
    ...patterns.flatMap((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      return [watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onChange)];
    }),
  );
}

/**
 * Watchers whose patterns come from settings (annotation globs, the runs folder): made again, and
 * `onChange` called, when one of `settings` or the workspace folders change.
 */
export function watchConfiguredFiles(
  patterns: () => vscode.GlobPattern[],
  settings: readonly string[],
  onChange: () => void,
): vscode.Disposable {
  let watchers = watchFiles(patterns(), onChange);
  const rewatch = (): void => {
    watchers.dispose();
    watchers = watchFiles(patterns(), onChange);
    onChange();
  };
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (settings.some((key) => event.affectsConfiguration(key))) rewatch();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(rewatch),
    { dispose: () => watchers.dispose() },
  );
}
