import * as vscode from 'vscode';
import { CoalescedRefresh } from './viewRefresh';

/** One row: the element VS Code hands to commands, and how it looks. */
export interface TreeRow<E> {
  readonly element: E;
  readonly item: vscode.TreeItem;
}

/**
 * The part the three views share: rows are computed when VS Code asks (so a refresh reads the files
 * once, when the view is visible), and getTreeItem answers from the last computation. Elements are
 * what the context menus pass to the commands, so views choose them to fit the commands' arguments.
 */
export abstract class RefreshingTree<E extends object> implements vscode.TreeDataProvider<E>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<E | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private items = new WeakMap<E, vscode.TreeItem>();
  private readonly refresher = new CoalescedRefresh(() => this.changed.fire(undefined));

  /** Asks for a refresh; many requests in a short time make one. */
  refresh(): void {
    this.refresher.schedule();
  }

  async getChildren(element?: E): Promise<E[]> {
    const rows = await (element ? this.childRows(element) : this.rootRows());
    for (const row of rows) this.items.set(row.element, row.item);
    return rows.map((row) => row.element);
  }

  getTreeItem(element: E): vscode.TreeItem {
    return this.items.get(element) ?? new vscode.TreeItem('…');
  }

  dispose(): void {
    this.refresher.dispose();
    this.changed.dispose();
    this.items = new WeakMap();
  }

  protected abstract rootRows(): Promise<Array<TreeRow<E>>>;

  protected childRows(_element: E): Promise<Array<TreeRow<E>>> | Array<TreeRow<E>> {
    return [];
  }
}

/** "1 problem", "3 problems", "2 classes". */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string =>
  `${count} ${count === 1 ? noun : nouns}`;

/** Text shown as itself inside Markdown (class names, labels, run ids are data). */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

export interface RowOptions {
  readonly id: string;
  readonly description?: string;
  readonly tooltip?: string | vscode.MarkdownString;
  readonly icon?: vscode.ThemeIcon;
  readonly contextValue?: string;
  readonly expandable?: boolean;
  readonly resourceUri?: vscode.Uri;
  readonly command?: vscode.Command;
}

/** A row's item with the fields every view sets. */
export function treeItem(label: string, options: RowOptions): vscode.TreeItem {
  const state = options.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(label, state);
  item.id = options.id;
  item.description = options.description;
  item.tooltip = options.tooltip;
  item.iconPath = options.icon;
  item.contextValue = options.contextValue;
  item.resourceUri = options.resourceUri;
  item.command = options.command;
  return item;
}
