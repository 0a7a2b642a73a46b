import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sha256Hex } from '../../core/frames/stableHash';
import { chooseAnnotationFile, locateFrame, type AnnotationCandidate } from '../../core/predictions/spotCheckSegment';
import type { SpotCheckFrame, SpotCheckItem } from '../../shared/spotCheckProtocol';

/** What a click on a card did (returned to scripted callers). */
export interface OpenResult {
  readonly image: string;
  /** The annotation file and the selected segment (or entry), for frames of a dataset. */
  readonly annotation?: {
    readonly file: string;
    readonly line: number;
    readonly kind: 'segment' | 'entry';
    readonly detail: string;
  };
  /** Why only the image was opened. */
  readonly note?: string;
}

const openImage = (image: string, preserveFocus: boolean): Thenable<unknown> =>
  vscode.commands.executeCommand('vscode.open', vscode.Uri.file(image), {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus,
  });

/**
 * Opens the image beside the grid and, for a frame of a dataset, its segment in the annotation file:
 * the annotation beside the grid, the image beside the annotation, so that both stay in sight.
 */
export async function openItem(item: SpotCheckItem): Promise<OpenResult> {
  const found = item.frame ? await findAnnotationFile(item.frame) : undefined;
  const imageOnly = async (note?: string): Promise<OpenResult> => {
    await openImage(item.image, false);
    if (note) void vscode.window.showInformationMessage(note);
    return { image: item.image, ...(note ? { note } : {}) };
  };
  if (!item.frame || found === undefined) return imageOnly();
  if (typeof found !== 'string') return imageOnly(found.note);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(found));
  const location = locateFrame(document.getText(), item.frame.videoId, item.frame.time, item.trueClass);
  if (!location)
    return imageOnly(`${found} has no entry for video ${String(item.frame.videoId)} any more: showing the image only.`);
  const range = new vscode.Range(
    document.positionAt(location.span.offset),
    document.positionAt(location.span.offset + location.span.length),
  );
  const editor = await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    selection: range,
    preview: true,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await openImage(item.image, true);
  vscode.window.setStatusBarMessage(`Spot check: ${location.detail}`, 5000);
  return {
    image: item.image,
    annotation: { file: found, line: range.start.line + 1, kind: location.kind, detail: location.detail },
  };
}

/**
 * dataset.json records the annotation file's base name and hash (Extract Frames writes the dataset
 * next to or below it): the folders above the dataset are tried first, then the workspace.
 */
async function findAnnotationFile(frame: SpotCheckFrame): Promise<string | { note: string }> {
  const datasetJson = path.join(frame.datasetDir, 'dataset.json');
  let recorded: { file?: unknown; sha256?: unknown } | undefined;
  try {
    recorded = (
      JSON.parse(await fs.promises.readFile(datasetJson, 'utf8')) as {
        annotations?: { file?: unknown; sha256?: unknown };
      }
    ).annotations;
  } catch {
    recorded = undefined;
  }
  if (typeof recorded?.file !== 'string')
    return {
      note:
        `${datasetJson} does not name the annotation file of this dataset: showing the image only. Extract the ` +
        'frames again to record it.',
    };
  const name = path.basename(recorded.file);
  const files: string[] = [];
  for (let dir = frame.datasetDir, depth = 0; depth < 8; depth++) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) files.push(file);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const escaped = name.replace(/[[\]{}*?]/g, (c) => `[${c}]`);
  for (const uri of await vscode.workspace.findFiles(`**/${escaped}`, '**/node_modules/**', 20))
    if (!files.includes(uri.fsPath)) files.push(uri.fsPath);
  const candidates: AnnotationCandidate[] = await Promise.all(
    files.map(async (file) => ({
      file,
      sameContent: await fs.promises.readFile(file).then(
        (bytes) => sha256Hex(bytes) === recorded!.sha256,
        () => false,
      ),
      videoFound: fs.existsSync(path.resolve(path.dirname(file), frame.video)),
    })),
  );
  return (
    chooseAnnotationFile(candidates) ?? {
      note:
        `The annotation file ${name} that ${vscode.workspace.asRelativePath(frame.datasetDir)} was extracted ` +
        'from is not in this workspace: showing the image only.',
    }
  );
}
