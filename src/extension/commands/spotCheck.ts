import * as path from 'node:path';
import * as vscode from 'vscode';
import { sample, toItem, type ScoredImage } from '../../core/predictions/spotCheck';
import { isSpotCheckSort, type SpotCheckState } from '../../shared/spotCheckProtocol';
import { SECTION } from '../config';
import type { Log } from '../log';
import { hasClassifier, pickRun } from '../panels/pickRun';
import type { OpenResult } from '../panels/spotCheckOpen';
import { SpotCheckPanels, type SpotCheckSnapshot } from '../panels/spotCheckPanel';
import { ImageScorer } from '../panels/spotCheckScoring';
import {
  collectImages,
  describePredictions,
  IMAGE_EXTENSIONS,
  runClasses,
  SpotCheckInputError,
  testSplitFrames,
} from '../../core/predictions/spotCheckSources';
import { readTrainingSettings } from '../training/trainingSettings';
import { CommandIds } from './commandIds';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
const stringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

function sampleSize(scope?: vscode.Uri): number {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get('spotCheck.sampleSize');
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, 1000) : 48;
}

const newSeed = (): number => Math.floor(Math.random() * 2 ** 32);

/** Spot-Check Predictions: palette, explorer (images or folders), or scripted; one grid per window. */
export function registerSpotCheck(context: vscode.ExtensionContext, log: Log): vscode.Disposable {
  const panels = new SpotCheckPanels(context.extensionUri, log);
  const scorer = new ImageScorer(context.asAbsolutePath(path.join('dist', 'worker.js')), log);

  const check = async (
    runDir: string,
    what: { testSplit: { sampleSize: number; seed: number } } | { images: readonly string[]; found?: number },
  ): Promise<SpotCheckSnapshot | undefined> => {
    if (!hasClassifier(runDir))
      throw new SpotCheckInputError(
        `${runDir} has no saved classifier (model/model.json and labels.json): pick a run that finished, or train one.`,
      );
    let classes: string[];
    let scored: ScoredImage[];
    let source: string;
    if ('testSplit' in what) {
      const split = await testSplitFrames(runDir, what.testSplit.sampleSize, what.testSplit.seed);
      ({ classes, frames: scored } = split);
      source = `${scored.length} of ${split.total} test-split frames (held-out videos), scored at evaluation`;
    } else {
      classes = await runClasses(runDir);
      const predictions = await scorer.score(
        runDir,
        what.images,
        readTrainingSettings(vscode.Uri.file(runDir)).backend,
      );
      if (!predictions) return undefined;
      scored = await describePredictions(classes, predictions, (image) => vscode.workspace.asRelativePath(image));
      source =
        what.found && what.found > what.images.length
          ? `${what.images.length} of ${what.found} images, sampled`
          : `${what.images.length} image${what.images.length === 1 ? '' : 's'}`;
      const failed = scored.filter((s) => s.error);
      if (failed.length === scored.length)
        void vscode.window.showErrorMessage(`Spot check: no image could be read. ${failed[0]?.error ?? ''}`);
    }
    const state: SpotCheckState = {
      runDir,
      classes,
      source,
      sort: 'wrong-first',
      items: scored.map((s, i) => toItem(String(i), classes, s)),
    };
    return panels.show(state);
  };

  /** Files and folders of the selection, sampled to the setting when a folder holds more. */
  const imagesOf = async (paths: readonly string[]): Promise<{ images: string[]; found: number }> => {
    const all = await collectImages(paths);
    const unsupported = all.filter((file) => !IMAGE_EXTENSIONS.test(file));
    if (unsupported.length)
      throw new SpotCheckInputError(
        `${unsupported[0]} is not a .jpg, .jpeg or .png image: select images or folders of images.`,
      );
    if (!all.length)
      throw new SpotCheckInputError(
        `No .jpg, .jpeg or .png image in ${paths.map((p) => vscode.workspace.asRelativePath(p)).join(', ')}: ` +
          'select images or a folder of frames.',
      );
    return { images: sample(all, sampleSize(vscode.Uri.file(paths[0])), newSeed()), found: all.length };
  };

  const command = vscode.commands.registerCommand(
    CommandIds.spotCheck,
    async (arg?: unknown, selection?: unknown): Promise<SpotCheckSnapshot | OpenResult | undefined> => {
      if (isObject(arg) && arg.snapshot === true) return panels.snapshot();
      if (isObject(arg) && typeof arg.open === 'string') return panels.panel?.open(arg.open);
      if (isObject(arg) && isSpotCheckSort(arg.sort)) {
        panels.panel?.resort(arg.sort);
        return panels.snapshot();
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window
          .showErrorMessage(
            'Spot check runs the classifier in a worker process, so it needs a trusted workspace.',
            'Manage Workspace Trust',
          )
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      try {
        if (isObject(arg) && typeof arg.runDir === 'string') {
          if (stringArray(arg.images)) return await check(arg.runDir, { images: arg.images });
          const split = isObject(arg.testSplit) ? arg.testSplit : {};
          return await check(arg.runDir, {
            testSplit: {
              sampleSize: typeof split.sampleSize === 'number' ? split.sampleSize : sampleSize(),
              seed: typeof split.seed === 'number' ? split.seed : newSeed(),
            },
          });
        }
        // A run folder (the Runs view, the Explorer): its test split, not the images inside it.
        if (arg instanceof vscode.Uri && !Array.isArray(selection) && hasClassifier(arg.fsPath)) {
          return await check(arg.fsPath, { testSplit: { sampleSize: sampleSize(arg), seed: newSeed() } });
        }
        // Explorer: the clicked resource, or every selected one.
        let paths: string[] | undefined;
        if (arg instanceof vscode.Uri)
          paths = (
            Array.isArray(selection) && selection.length && selection.every((u) => u instanceof vscode.Uri)
              ? (selection as vscode.Uri[])
              : [arg]
          ).map((u) => u.fsPath);
        else {
          const choice = await chooseSource();
          if (!choice) return undefined;
          if (choice !== 'test-split') paths = choice;
        }
        const selected = paths ? await imagesOf(paths) : undefined;
        const runDir = await pickRun('Spot check: which run’s classifier?');
        if (!runDir) return undefined;
        return await check(runDir, selected ?? { testSplit: { sampleSize: sampleSize(), seed: newSeed() } });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`Spot check failed: ${message}`);
        if (error instanceof SpotCheckInputError) void vscode.window.showErrorMessage(message);
        else
          void vscode.window
            .showErrorMessage(`Spot check failed: ${message.split('\n')[0]}`, 'Show Log')
            .then((pick) => pick && log.show(true));
        return undefined;
      }
    },
  );

  return vscode.Disposable.from(command, panels, scorer);
}

/** Palette: the test split of a run, or images chosen in a dialog. */
async function chooseSource(): Promise<'test-split' | string[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: '$(beaker) Sample frames from the test split',
        detail: `${sampleSize()} frames of the held-out videos, with the scores of the run’s evaluation`,
        value: 'test-split' as const,
      },
      {
        label: '$(file-media) Choose images or folders…',
        detail: 'Scored now by the run’s classifier; frames of a dataset show their true class',
        value: 'choose' as const,
      },
    ],
    { title: 'Spot-Check Predictions' },
  );
  if (!picked) return undefined;
  if (picked.value === 'test-split') return 'test-split';
  const uris = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Spot-Check',
    filters: { Images: ['jpg', 'jpeg', 'png'] },
  });
  return uris?.length ? uris.map((u) => u.fsPath) : undefined;
}
