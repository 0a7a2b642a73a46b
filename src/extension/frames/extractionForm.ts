import * as vscode from 'vscode';
import {
  DEFAULT_EXTRACTION_SETTINGS,
  parseSplit,
  SPLITS,
  type ExtractionSettings,
  type SplitName,
} from '../../core/frames/extractionSettings';

export interface ExtractionChoice {
  readonly settings: ExtractionSettings;
  /** Absolute output folder. */
  readonly outDir: string;
}

interface FormItem extends vscode.QuickPickItem {
  readonly edit?: (choice: ExtractionChoice) => Promise<ExtractionChoice | undefined>;
  readonly start?: true;
}

/**
 * A short form in one quick pick: the first item starts with the settings shown (remembered per
 * annotation file), every other item edits one setting and comes back. Chosen over a settings file
 * next to the annotations: the common case is one Enter, and dataset.json records every setting of
 * a run anyway (the CLI takes the same options for batch use).
 */
export async function showExtractionForm(
  initial: ExtractionChoice,
  fileLabels: readonly string[],
): Promise<ExtractionChoice | undefined> {
  let choice = initial;
  for (;;) {
    const picked = await vscode.window.showQuickPick(items(choice, fileLabels), {
      title: 'Surgery Classifier: Extract Frames',
      placeHolder: 'Enter to extract with these settings, or pick a setting to change it',
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.start) return choice;
    const edited = await picked.edit?.(choice);
    if (edited) choice = edited;
  }
}

function items(choice: ExtractionChoice, fileLabels: readonly string[]): FormItem[] {
  const s = choice.settings;
  const labels = s.labels.length ? s.labels : fileLabels;
  const background = s.backgroundClass || (labels.length === 1 ? `not-${labels[0]}` : 'background');
  const pins = Object.entries(s.pins);
  return [
    { label: '$(play) Extract frames with these settings', start: true, alwaysShow: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    number(
      'Step',
      `${s.step} s between frames`,
      'Seconds between frames',
      s.step,
      (v) => v > 0,
      (v) => ({ ...choice, settings: { ...s, step: v } }),
    ),
    number(
      'Start offset',
      `${s.offset} s`,
      'Time of the first frame, in seconds',
      s.offset,
      (v) => v >= 0,
      (v) => ({ ...choice, settings: { ...s, offset: v } }),
    ),
    {
      label: 'Classes',
      description: s.labels.length ? s.labels.join(', ') : `all labels (${fileLabels.join(', ') || 'none'})`,
      edit: async () => {
        const picked = await vscode.window.showQuickPick(
          fileLabels.map((label) => ({ label, picked: !s.labels.length || s.labels.includes(label) })),
          {
            title: 'Labels that become classes',
            canPickMany: true,
            ignoreFocusOut: true,
          },
        );
        if (!picked?.length) return undefined;
        const chosen = picked.map((p) => p.label);
        return { ...choice, settings: { ...s, labels: chosen.length === fileLabels.length ? [] : chosen } };
      },
    },
    text(
      'Background class',
      background,
      'Class of frames in no segment (empty: automatic)',
      s.backgroundClass,
      (v) => (/[/\\]|\.\./.test(v) ? 'Must be usable as a folder name.' : undefined),
      (v) => ({ ...choice, settings: { ...s, backgroundClass: v.trim() } }),
    ),
    number(
      'Boundary margin',
      s.margin ? `skip frames within ${s.margin} s of a segment edge` : 'none',
      'Skip frames closer than this many seconds to a segment edge',
      s.margin,
      (v) => v >= 0,
      (v) => ({ ...choice, settings: { ...s, margin: v } }),
    ),
    number(
      'Per-class cap',
      s.perClassCap ? `at most ${s.perClassCap} frames per class` : 'none',
      'At most this many frames per class (0: no cap)',
      s.perClassCap,
      (v) => v >= 0 && Number.isInteger(v),
      (v) => ({ ...choice, settings: { ...s, perClassCap: v } }),
    ),
    text(
      'Split by video',
      `${s.split.train}/${s.split.validation}/${s.split.test} (train/validation/test), seed "${s.seed}"`,
      'train/validation/test shares, e.g. 80/10/10',
      `${s.split.train}/${s.split.validation}/${s.split.test}`,
      (v) => {
        try {
          parseSplit(v);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
      (v) => ({ ...choice, settings: { ...s, split: parseSplit(v) } }),
    ),
    text(
      'Pinned videos',
      pins.length ? pins.map(([id, split]) => `${id}→${split}`).join(', ') : 'none',
      'videoId=split pairs, e.g. 5=test,7=validation',
      pins.map(([id, split]) => `${id}=${split}`).join(','),
      (v) => (parsePins(v) ? undefined : 'Write videoId=train|validation|test pairs separated by commas.'),
      (v) => ({ ...choice, settings: { ...s, pins: parsePins(v)! } }),
    ),
    {
      label: 'Output folder',
      description: vscode.workspace.asRelativePath(choice.outDir),
      edit: async () => {
        const picked = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          canSelectMany: false,
          defaultUri: vscode.Uri.file(choice.outDir),
          openLabel: 'Use as output folder',
        });
        return picked?.[0] ? { ...choice, outDir: picked[0].fsPath } : undefined;
      },
    },
    number(
      'JPEG quality',
      String(s.jpegQuality),
      'JPEG quality, 1–100',
      s.jpegQuality,
      (v) => v >= 1 && v <= 100,
      (v) => ({ ...choice, settings: { ...s, jpegQuality: v } }),
    ),
    number(
      'Resize',
      s.shortSide ? `short side ${s.shortSide} px` : 'keep the video size',
      'Shorter side in pixels (0: keep the video size), e.g. 256',
      s.shortSide,
      (v) => v === 0 || (Number.isInteger(v) && v >= 16),
      (v) => ({ ...choice, settings: { ...s, shortSide: v } }),
    ),
    { label: '$(discard) Reset to defaults', edit: async () => ({ ...choice, settings: DEFAULT_EXTRACTION_SETTINGS }) },
  ];
}

function number(
  label: string,
  description: string,
  prompt: string,
  value: number,
  valid: (v: number) => boolean,
  apply: (v: number) => ExtractionChoice,
): FormItem {
  return text(
    label,
    description,
    prompt,
    String(value),
    (v) =>
      v.trim() !== '' && Number.isFinite(Number(v)) && valid(Number(v))
        ? undefined
        : `Not a valid value: ${prompt.toLowerCase()}.`,
    (v) => apply(Number(v)),
  );
}

function text(
  label: string,
  description: string,
  prompt: string,
  value: string,
  validate: (v: string) => string | undefined,
  apply: (v: string) => ExtractionChoice,
): FormItem {
  return {
    label,
    description,
    edit: async () => {
      const input = await vscode.window.showInputBox({
        title: label,
        prompt,
        value,
        validateInput: validate,
        ignoreFocusOut: true,
      });
      return input === undefined ? undefined : apply(input);
    },
  };
}

function parsePins(text: string): Record<string, SplitName> | undefined {
  const pins: Record<string, SplitName> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, split] = pair.split('=').map((part) => part?.trim());
    if (!id || !SPLITS.includes(split as SplitName)) return undefined;
    pins[id] = split as SplitName;
  }
  return pins;
}
