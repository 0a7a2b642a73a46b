import * as path from 'node:path';
import * as vscode from 'vscode';
import { escapeMarkdown, plural, RefreshingTree, treeItem, type TreeRow } from './treeBase';

const SPLITS = ['train', 'validation', 'test'] as const;

/** What the view needs of dataset.json (written by Extract Frames): classes, and frames per split and class. */
export interface DatasetCounts {
  readonly classes: readonly string[];
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A class row of a dataset. */
export interface DatasetClassNode {
  readonly dataset: vscode.Uri;
  readonly className: string;
}

/** A dataset is its folder's Uri: Train Classifier, Spot Check and Reveal take a folder, as from the Explorer. */
export type DatasetNode = vscode.Uri | DatasetClassNode;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** dataset.json read defensively: another tool's dataset.json (no classes or counts) is not ours. */
export function parseDatasetCounts(text: string): DatasetCounts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !Array.isArray(value.classes) || !isRecord(value.counts)) return undefined;
  const classes = value.classes.filter((c): c is string => typeof c === 'string');
  const counts: Record<string, Record<string, number>> = {};
  for (const [split, perClass] of Object.entries(value.counts)) {
    if (!isRecord(perClass)) continue;
    const numbers = Object.entries(perClass).filter((e): e is [string, number] => typeof e[1] === 'number');
    counts[split] = Object.fromEntries(numbers);
  }
  return { classes, counts };
}

const splitsOf = (dataset: DatasetCounts): string[] => [...new Set([...SPLITS, ...Object.keys(dataset.counts)])];
const framesOf = (dataset: DatasetCounts, split: string, className?: string): number =>
  Object.entries(dataset.counts[split] ?? {})
    .filter(([c]) => className === undefined || c === className)
    .reduce((sum, [, n]) => sum + n, 0);
const perSplit = (dataset: DatasetCounts, className?: string): string =>
  splitsOf(dataset)
    .map((split) => `${split} ${framesOf(dataset, split, className)}`)
    .join(' · ');

/** Dataset folders of the workspace: those with a dataset.json of ours. */
export class DatasetsView extends RefreshingTree<DatasetNode> {
  private readonly datasets = new Map<string, DatasetCounts>();

  protected async rootRows(): Promise<Array<TreeRow<DatasetNode>>> {
    const files = await vscode.workspace.findFiles('**/dataset.json', '**/node_modules/**');
    const read = await Promise.all(
      files.map(async (file) => {
        const text = await vscode.workspace.fs.readFile(file).then(
          (bytes) => new TextDecoder().decode(bytes),
          () => '',
        );
        return { folder: vscode.Uri.joinPath(file, '..'), counts: parseDatasetCounts(text) };
      }),
    );
    this.datasets.clear();
    const rows: Array<TreeRow<DatasetNode>> = [];
    for (const { folder, counts } of read.sort((a, b) => a.folder.path.localeCompare(b.folder.path))) {
      if (!counts) continue;
      this.datasets.set(folder.toString(), counts);
      rows.push({ element: folder, item: this.datasetItem(folder, counts) });
    }
    return rows;
  }

  protected override childRows(element: DatasetNode): Array<TreeRow<DatasetNode>> {
    const counts = element instanceof vscode.Uri ? this.datasets.get(element.toString()) : undefined;
    if (!counts || !(element instanceof vscode.Uri)) return [];
    return counts.classes.map((className) => ({
      element: { dataset: element, className },
      item: treeItem(className, {
        id: `${element.toString()}#${className}`,
        description: perSplit(counts, className),
        icon: new vscode.ThemeIcon('symbol-enum-member'),
        contextValue: 'datasetClass',
      }),
    }));
  }

  private datasetItem(folder: vscode.Uri, counts: DatasetCounts): vscode.TreeItem {
    const total = splitsOf(counts).reduce((sum, split) => sum + framesOf(counts, split), 0);
    const splits = splitsOf(counts);
    const classes = plural(counts.classes.length, 'class', 'classes');
    // The tooltip is the whole classes × splits table; the rows below show it one class per line.
    const table = new vscode.MarkdownString(`**${escapeMarkdown(vscode.workspace.asRelativePath(folder))}**\n\n`);
    table.appendMarkdown(`| class | ${splits.join(' | ')} |\n|---|${splits.map(() => '--:').join('|')}|\n`);
    for (const className of counts.classes) {
      const cells = splits.map((split) => framesOf(counts, split, className));
      table.appendMarkdown(`| ${escapeMarkdown(className)} | ${cells.join(' | ')} |\n`);
    }
    return treeItem(path.posix.basename(folder.path), {
      id: folder.toString(),
      description: `${classes} · ${plural(total, 'frame')} (${perSplit(counts)})`,
      tooltip: table,
      icon: new vscode.ThemeIcon('database'),
      contextValue: 'dataset',
      expandable: counts.classes.length > 0,
      resourceUri: folder,
    });
  }
}
