/**
 * The channel between the extension host and the Spot-check webview.
 * The host scores the images (through the worker) and sends the grid; the webview never reads files.
 * Handshake: the webview posts 'ready', then the host sends 'show' (again after every re-sort).
 */

export const SPOT_CHECK_VIEW_TYPE = 'surgeryClassifier.spotCheck';

/** wrong-first: mistakes first (the most confident mistakes on top), then the rest by confidence. */
export type SpotCheckSort = 'wrong-first' | 'confidence-desc' | 'confidence-asc';
export const SPOT_CHECK_SORTS: readonly SpotCheckSort[] = ['wrong-first', 'confidence-desc', 'confidence-asc'];

/** Where a frame of a dataset came from: enough to find its segment in the annotation file. */
export interface SpotCheckFrame {
  readonly datasetDir: string;
  /** As in the manifest: relative to the annotation file's folder, or absolute. */
  readonly video: string;
  readonly videoId: string | number;
  readonly time: number;
}

export interface SpotCheckItem {
  /** Unique in its grid. */
  readonly id: string;
  /** Absolute path of the image. */
  readonly image: string;
  /** Short name to show (relative to the dataset or the workspace). */
  readonly name: string;
  /** One probability per class (the state's `classes` order); absent when the image could not be scored. */
  readonly scores?: readonly number[];
  readonly error?: string;
  readonly trueClass?: string;
  readonly predicted?: string;
  /** The probability of the predicted class. */
  readonly confidence?: number;
  /** Undefined when the true class is unknown or the image failed. */
  readonly correct?: boolean;
  readonly frame?: SpotCheckFrame;
}

/** What the panel shows and restores after a window reload (webview state, and the serializer's argument). */
export interface SpotCheckState {
  readonly runDir: string;
  readonly classes: readonly string[];
  /** Said above the grid: "48 frames sampled from the test split", "3 images from the explorer". */
  readonly source: string;
  readonly items: readonly SpotCheckItem[];
  readonly sort: SpotCheckSort;
}

/** The state plus what only the host can make: the webview URI of each image, by item id. */
export interface SpotCheckView {
  readonly state: SpotCheckState;
  readonly sources: Readonly<Record<string, string>>;
}

export type ToSpotCheck = { readonly type: 'show'; readonly view: SpotCheckView };

export type FromSpotCheck =
  | { readonly type: 'ready' }
  | { readonly type: 'open'; readonly id: string }
  | { readonly type: 'sort'; readonly sort: SpotCheckSort };

export const isSpotCheckSort = (value: unknown): value is SpotCheckSort =>
  SPOT_CHECK_SORTS.includes(value as SpotCheckSort);

export function isFromSpotCheck(value: unknown): value is FromSpotCheck {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; id?: unknown; sort?: unknown };
  return (
    v.type === 'ready' ||
    (v.type === 'open' && typeof v.id === 'string') ||
    (v.type === 'sort' && isSpotCheckSort(v.sort))
  );
}

export function isToSpotCheck(value: unknown): value is ToSpotCheck {
  const v = value as { type?: unknown; view?: unknown } | null;
  return v?.type === 'show' && isSpotCheckView(v.view);
}

export function isSpotCheckView(value: unknown): value is SpotCheckView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { state?: unknown; sources?: unknown };
  return isSpotCheckState(v.state) && typeof v.sources === 'object' && v.sources !== null;
}

const isNumberArray = (value: unknown): boolean => Array.isArray(value) && value.every((n) => typeof n === 'number');

function isItem(value: unknown): value is SpotCheckItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || typeof v.image !== 'string' || typeof v.name !== 'string') return false;
  if (v.scores !== undefined && !isNumberArray(v.scores)) return false;
  if (v.frame !== undefined) {
    const f = v.frame as Record<string, unknown> | null;
    if (
      !f ||
      typeof f.datasetDir !== 'string' ||
      typeof f.video !== 'string' ||
      typeof f.time !== 'number' ||
      (typeof f.videoId !== 'string' && typeof f.videoId !== 'number')
    )
      return false;
  }
  return true;
}

/** Restored state comes back from the webview: checked before the host trusts it. */
export function isSpotCheckState(value: unknown): value is SpotCheckState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof SpotCheckState, unknown>>;
  return (
    typeof v.runDir === 'string' &&
    Array.isArray(v.classes) &&
    v.classes.every((c) => typeof c === 'string') &&
    typeof v.source === 'string' &&
    Array.isArray(v.items) &&
    v.items.every(isItem) &&
    isSpotCheckSort(v.sort)
  );
}
