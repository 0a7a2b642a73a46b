import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunState } from '../../core/training/runFolder';
import { readTrainingSettings } from '../training/trainingSettings';
import { listRuns } from './runFolders';

/** The runs folders of the open workspace folders (surgeryClassifier.training.runsFolder of each). */
export function runsFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) =>
    path.resolve(folder.uri.fsPath, readTrainingSettings(folder.uri).runsFolder),
  );
}

/** A run folder whose classifier can predict: it has model/model.json and labels.json. */
export const hasClassifier = (runDir: string): boolean =>
  fs.existsSync(path.join(runDir, 'model', 'model.json')) && fs.existsSync(path.join(runDir, 'labels.json'));

/**
 * The run whose classifier to use: the only one without asking, else a quick pick of the runs that
 * have a saved classifier, newest first, with their status and test accuracy. Undefined when the user
 * cancels; a message saying how to get one when there is none.
 */
export async function pickRun(title: string): Promise<string | undefined> {
  const runs: Array<{ dir: string; id: string; folder: string }> = [];
  for (const folder of runsFolders()) {
    for (const id of await listRuns(folder)) {
      const dir = path.join(folder, id);
      if (hasClassifier(dir)) runs.push({ dir, id, folder });
    }
  }
  if (!runs.length) {
    const where =
      runsFolders()
        .map((f) => vscode.workspace.asRelativePath(f))
        .join(', ') || 'this workspace';
    void vscode.window.showErrorMessage(
      `No trained classifier in ${where}: run "Surgery Classifier: Train Classifier" first, ` +
        'or set surgeryClassifier.training.runsFolder to your runs folder.',
    );
    return undefined;
  }
  if (runs.length === 1) return runs[0].dir;
  runs.sort((a, b) => b.id.localeCompare(a.id));
  const items = await Promise.all(
    runs.map(async (run) => {
      const state = await readRunState(run.dir);
      const accuracy = await testAccuracy(run.dir);
      return {
        label: run.id,
        description: [
          state?.status,
          accuracy === undefined ? undefined : `test accuracy ${(accuracy * 100).toFixed(1)} %`,
        ]
          .filter(Boolean)
          .join(' · '),
        detail: vscode.workspace.asRelativePath(run.folder),
        dir: run.dir,
      };
    }),
  );
  return (
    await vscode.window.showQuickPick(items, {
      title,
      placeHolder: 'Which run’s classifier?',
      matchOnDescription: true,
    })
  )?.dir;
}

async function testAccuracy(runDir: string): Promise<number | undefined> {
  try {
    const value = (
      JSON.parse(await fs.promises.readFile(path.join(runDir, 'evaluation.json'), 'utf8')) as { accuracy?: unknown }
    ).accuracy;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
