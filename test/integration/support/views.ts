// Reaching the Activity Bar views from a test: their providers (the extension's exports), their rows,
// their refreshes, and the context-menu entries package.json offers on a row.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'surgery-classifier.surgery-classifier';

/** The structural part of a TreeDataProvider a test needs; elements stay opaque. */
export interface ViewProvider {
  readonly onDidChangeTreeData: vscode.Event<unknown>;
  getChildren(element?: unknown): Promise<unknown[]>;
  getTreeItem(element: unknown): vscode.TreeItem;
}

export interface Views {
  readonly annotationFiles: ViewProvider;
  readonly datasets: ViewProvider;
  readonly runs: ViewProvider;
}

export async function viewProviders(): Promise<Views> {
  const extension = vscode.extensions.getExtension<{ views?: Views }>(extensionId);
  assert.ok(extension, `${extensionId} is loaded`);
  const api = await extension.activate();
  assert.ok(api?.views, 'activate() returns the view providers');
  return api.views;
}

export interface Row {
  readonly element: unknown;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string | undefined;
  readonly item: vscode.TreeItem;
}

export async function rowsOf(provider: ViewProvider, parent?: unknown): Promise<Row[]> {
  const elements = await provider.getChildren(parent);
  return elements.map((element) => {
    const item = provider.getTreeItem(element);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    return { element, label, description: String(item.description ?? ''), contextValue: item.contextValue, item };
  });
}

/**
 * Runs `change`, then waits for the provider's refresh event and a row `label` that passes `accept`;
 * fails unless at least one refresh event came (a view that shows new values only when reopened
 * would not pass). The recursive file watcher starts watching a new folder only once it has seen it
 * made, so a file written in the same instant goes unreported; as the next write of a real run
 * would, `rewrite` files are written again (same content) each second until an event comes.
 */
export async function afterRefresh(
  provider: ViewProvider, change: () => unknown, label: string, accept: (row: Row) => boolean, rewrite: readonly string[] = [], timeoutMs = 20_000,
): Promise<Row> {
  let events = 0;
  let wake: () => void = () => undefined;
  const listener = provider.onDidChangeTreeData(() => {
    events++;
    wake();
  });
  try {
    await change();
    const deadline = Date.now() + timeoutMs;
    let last: Row | undefined;
    for (;;) {
      if (events > 0) {
        last = (await rowsOf(provider)).find((row) => row.label === label);
        if (last && accept(last)) return last;
      }
      if (events === 0) for (const file of rewrite) fs.writeFileSync(file, fs.readFileSync(file));
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no refresh of "${label}" within ${timeoutMs} ms (${events} event(s)); last: ${last?.description ?? 'no row'}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.min(left, 1000));
      });
    }
  } finally {
    listener.dispose();
  }
}

export async function rowNamed(provider: ViewProvider, label: string, parent?: unknown): Promise<Row> {
  const row = (await rowsOf(provider, parent)).find((r) => r.label === label);
  assert.ok(row, `a row "${label}"`);
  return row;
}

interface MenuEntry {
  readonly command: string;
  readonly when?: string;
  readonly group?: string;
}

export interface Manifest {
  readonly contributes: {
    readonly commands: ReadonlyArray<{ command: string; enablement?: string }>;
    readonly menus: Readonly<Record<string, readonly MenuEntry[]>>;
    readonly views: Readonly<Record<string, ReadonlyArray<{ id: string; name: string }>>>;
    readonly viewsContainers: { readonly activitybar: ReadonlyArray<{ id: string; icon: string }> };
    readonly viewsWelcome: ReadonlyArray<{ view: string; contents: string; when?: string }>;
    readonly walkthroughs: ReadonlyArray<{ id: string; steps: ReadonlyArray<{ id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }> }>;
  };
}

export function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension);
  return extension.packageJSON as Manifest;
}

type Context = Readonly<Record<string, string | boolean>>;

/**
 * Evaluates the when clauses the manifest uses on view rows: terms joined by `&&`, each `key == value`,
 * `key =~ /regex/`, `key`, `!key`, `true` or `false`. Anything else fails the test, so a clause this
 * cannot read is never taken for true.
 */
export function whenHolds(when: string | undefined, context: Context): boolean {
  if (!when) return true;
  assert.ok(!when.includes('||'), `supported when clause: ${when}`);
  return when.split('&&').map((term) => term.trim()).every((term) => {
    let match = /^([\w.]+)\s*==\s*(\S+)$/.exec(term);
    if (match) return String(context[match[1]] ?? '') === match[2];
    match = /^([\w.]+)\s*=~\s*\/(.*)\/([a-z]*)$/.exec(term);
    if (match) return new RegExp(match[2], match[3]).test(String(context[match[1]] ?? ''));
    if (term === 'true' || term === 'false') return term === 'true';
    match = /^(!?)([\w.]+)$/.exec(term);
    assert.ok(match, `supported when term: ${term}`);
    return match[1] === '!' ? !context[match[2]] : !!context[match[2]];
  });
}

/** The commands the context menu (inline or not) of a row offers, once each, sorted. */
export function offeredCommands(view: string, contextValue: string | undefined, trusted: boolean): string[] {
  const entries = manifest().contributes.menus['view/item/context'] ?? [];
  const context: Context = { view, viewItem: contextValue ?? '', isWorkspaceTrusted: trusted };
  return [...new Set(entries.filter((entry) => whenHolds(entry.when, context)).map((entry) => entry.command))].sort();
}

/**
 * Makes `dir` (a folder of the workspace) and returns once the workspace's file watcher reports a
 * file in it: only then are folders made inside it seen (a folder made with its parent is not).
 */
export async function watchedFolder(dir: string, timeoutMs = 20_000): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const canary = path.join(dir, '.views-canary');
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '.views-canary'));
  let seen = false;
  const listeners = [watcher.onDidCreate(() => (seen = true)), watcher.onDidChange(() => (seen = true))];
  try {
    const deadline = Date.now() + timeoutMs;
    for (let n = 0; !seen; n++) {
      assert.ok(Date.now() < deadline, `the file watcher never reported a file in ${dir}`);
      fs.writeFileSync(canary, String(n));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    listeners.forEach((l) => l.dispose());
    watcher.dispose();
    fs.rmSync(canary, { force: true });
  }
}
