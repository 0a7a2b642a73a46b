import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunState } from '../../core/training/runFolder';
import type { RunData } from '../../shared/dashboardProtocol';
import { CommandIds } from '../commands/commandIds';
import { hasClassifier, runsFolders } from '../panels/pickRun';
import { listRuns, readRun } from '../panels/runFolders';
import { escapeMarkdown, RefreshingTree, treeItem, type TreeRow } from './treeBase';

/** The files of a run folder that the worker rewrites as it goes (run.json first and last). */
export const RUN_FILES = ['run.json', 'config.json', 'evaluation.json', 'metrics.jsonl'] as const;

interface RunSummary {
  readonly run: RunData;
  readonly trained: boolean;
  readonly message: string | undefined;
}

const STATUS_ICONS: Readonly<Record<RunData['status'], readonly [string, string?]>> = {
  running: ['sync~spin'],
  completed: ['pass', 'testing.iconPassed'],
  cancelled: ['circle-slash'],
  failed: ['error', 'problemsErrorIcon.foreground'],
  unknown: ['question'],
};

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)} %`;

/** "running · epoch 3/30 · wasm", "completed · test 85.0 % · wasm". */
export function describeRun(run: RunData): string {
  const epochs = run.settings.epochs;
  const done = run.epochs.length;
  const progress = run.status === 'running' && done ? `epoch ${done}${epochs ? `/${epochs}` : ''}` : undefined;
  const accuracy = run.evaluation ? `test ${percent(run.evaluation.accuracy)}` : undefined;
  return [run.status, progress, accuracy, run.settings.backend].filter(Boolean).join(' · ');
}

/** Runs of the runs folders (surgeryClassifier.training.runsFolder of each workspace folder), newest first. */
export class RunsView extends RefreshingTree<vscode.Uri> {
  /** Read again only when one of RUN_FILES changed: a refresh during training reads the one live run. */
  private readonly cache = new Map<string, { stamp: string; summary: RunSummary }>();

  protected async rootRows(): Promise<Array<TreeRow<vscode.Uri>>> {
    const runsOf = async (folder: string): Promise<string[]> =>
      (await listRuns(folder)).map((id) => path.join(folder, id));
    const dirs = (await Promise.all(runsFolders().map(runsOf))).flat();
    dirs.sort((a, b) => path.basename(b).localeCompare(path.basename(a)));
    const summaries = await Promise.all(dirs.map((dir) => this.summary(dir)));
    const live = new Set(dirs);
    for (const dir of this.cache.keys()) if (!live.has(dir)) this.cache.delete(dir);
    return summaries.map((summary, i) => ({ element: vscode.Uri.file(dirs[i]), item: this.runItem(dirs[i], summary) }));
  }

  private async summary(dir: string): Promise<RunSummary> {
    const stampOf = (file: string): Promise<string> =>
      fs.promises.stat(path.join(dir, file)).then(
        (s) => `${s.mtimeMs}:${s.size}`,
        () => '-',
      );
    const stamp = (await Promise.all(RUN_FILES.map(stampOf))).join('|');
    const cached = this.cache.get(dir);
    if (cached?.stamp === stamp) return cached.summary;
    const [run, state] = await Promise.all([readRun(dir), readRunState(dir)]);
    const message = typeof state?.message === 'string' ? state.message : undefined;
    const summary: RunSummary = { run, trained: hasClassifier(dir), message };
    this.cache.set(dir, { stamp, summary });
    return summary;
  }

  private runItem(dir: string, { run, trained, message }: RunSummary): vscode.TreeItem {
    const uri = vscode.Uri.file(dir);
    const [icon, color] = STATUS_ICONS[run.status];
    const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(run.id)}** — ${run.status}\n\n`);
    tooltip.appendText(`${vscode.workspace.asRelativePath(dir)}\n`);
    if (run.settings.baseModel) tooltip.appendText(`base model ${run.settings.baseModel}\n`);
    const best = Math.max(...run.epochs.map((e) => e.validationAccuracy ?? -1));
    if (best >= 0) tooltip.appendText(`best validation accuracy ${percent(best)}\n`);
    const temporal = run.evaluation?.temporal;
    if (temporal) tooltip.appendText(`test with ${temporal.model}: ${percent(temporal.temporal.mean.frameAccuracy)}\n`);
    if (message) tooltip.appendText(`\n${message}\n`);
    return treeItem(run.id, {
      id: uri.toString(),
      description: describeRun(run),
      tooltip,
      icon: new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined),
      // run.trained: a saved classifier, so Spot Check (its test split) is offered.
      contextValue: trained ? 'run.trained' : 'run',
      resourceUri: uri,
      command: { command: CommandIds.showDashboard, title: 'Show Training Dashboard', arguments: [uri] },
    });
  }
}
