/** What the user chooses for an extraction run; every field has a default that works. */

export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

export interface SplitFractions {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

export interface ExtractionSettings {
  /** Seconds between frames. */
  readonly step: number;
  /** Time of the first frame. */
  readonly offset: number;
  /** The labels that become classes; empty means every label in the file. */
  readonly labels: readonly string[];
  /** Class of frames in no segment; empty means `not-<label>` with one label, else `background`. */
  readonly backgroundClass: string;
  /** Frames closer than this to a segment edge are skipped (annotators' edges are approximate). */
  readonly margin: number;
  /** At most this many frames per class (0: no cap); a deterministic, evenly spread subset is kept. */
  readonly perClassCap: number;
  readonly split: SplitFractions;
  /** Seed of the split and of the cap's sampling: the same seed gives the same dataset. */
  readonly seed: string;
  /** videoId → split, overriding the random assignment. */
  readonly pins: Readonly<Record<string, SplitName>>;
  /** JPEG quality 1–100. */
  readonly jpegQuality: number;
  /** Shorter side in pixels after resizing; 0 keeps the video's size. */
  readonly shortSide: number;
}

export const DEFAULT_EXTRACTION_SETTINGS: ExtractionSettings = {
  step: 4,
  offset: 0,
  labels: [],
  backgroundClass: '',
  margin: 0,
  perClassCap: 0,
  split: { train: 80, validation: 10, test: 10 },
  seed: 'surgery-classifier',
  pins: {},
  jpegQuality: 90,
  shortSide: 0,
};

/** The finest step: frame names and plans keep times to the millisecond. */
export const MIN_STEP_SECONDS = 0.001;

/** Parses "80/10/10" (percentages or fractions, any positive total). */
export function parseSplit(text: string): SplitFractions {
  const parts = text.split('/').map((part) => Number(part.trim()));
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0) || parts[0] + parts[1] + parts[2] <= 0) {
    throw new Error(`Split "${text}" is not train/validation/test, e.g. 80/10/10.`);
  }
  return { train: parts[0], validation: parts[1], test: parts[2] };
}

/** Problems with the settings, each a sentence that says what to change; empty when usable. */
export function settingsProblems(settings: ExtractionSettings): string[] {
  const problems: string[] = [];
  if (!(settings.step > 0)) problems.push(`The step must be a positive number of seconds, not ${settings.step}.`);
  // Frame times are kept to the millisecond: a finer step names the same time twice.
  else if (settings.step < MIN_STEP_SECONDS)
    problems.push(
      `The step must be at least ${MIN_STEP_SECONDS} s (frame times are kept to the millisecond), not ` +
        `${settings.step}.`,
    );
  if (!(settings.offset >= 0)) problems.push(`The start offset must be 0 or more seconds, not ${settings.offset}.`);
  if (!(settings.margin >= 0)) problems.push(`The boundary margin must be 0 or more seconds, not ${settings.margin}.`);
  if (!(settings.perClassCap >= 0) || !Number.isInteger(settings.perClassCap))
    problems.push(`The per-class cap must be a whole number (0 for none), not ${settings.perClassCap}.`);
  if (!(settings.jpegQuality >= 1 && settings.jpegQuality <= 100))
    problems.push(`JPEG quality must be between 1 and 100, not ${settings.jpegQuality}.`);
  if (
    !(settings.shortSide >= 0) ||
    !Number.isInteger(settings.shortSide) ||
    (settings.shortSide > 0 && settings.shortSide < 16)
  ) {
    problems.push(
      `The resize short side must be 0 (keep) or a whole number of at least 16 pixels, not ${settings.shortSide}.`,
    );
  }
  const { train, validation, test } = settings.split;
  if (![train, validation, test].every((n) => n >= 0) || train + validation + test <= 0)
    problems.push('The split needs non-negative parts with a positive total, e.g. 80/10/10.');
  return problems;
}
