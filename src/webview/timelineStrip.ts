// The Video timeline's strip (browser side): ground truth, the run's temporal model's segments (when it
// has one), frame-only segments and per-frame class and confidence on one canvas. One pass of fillRect
// per frame: a 2-hour video at 1 s is 7200 rectangles.
import type {
  TimelineEvaluation,
  TimelinePrediction,
  TimelineSegment,
  TimelineTemporal,
} from '../shared/timelineProtocol';

export interface StripData {
  readonly prediction: TimelinePrediction;
  readonly evaluation: TimelineEvaluation;
  readonly truth?: readonly TimelineSegment[];
  /** The frame shown below the strip (clicked), if any. */
  readonly selected?: number;
}

/** Room for a row's name and a temporal model's name ("hmm (weight 0.5)") on its second line. */
export const GUTTER = 172;
const AXIS = 22;
const GAP = 6;
const SEGMENT_ROW_HEIGHT = 30;
/** Rows with a second line in the gutter (the model's name, the smoothing) are a little taller. */
const TWO_LINE_ROW_HEIGHT = 34;
const FRAMES_ROW_HEIGHT = 52;

type RowKey = 'truth' | 'temporal' | 'segments' | 'frames';
interface StripRow {
  readonly key: RowKey;
  /** What the row is, in words: the gutter shows it on one or two lines, the page's text repeats it. */
  readonly title: string;
  readonly detail?: string;
  readonly height: number;
}

const smoothingWords = (frames: number): string => (frames <= 1 ? 'no smoothing' : `smoothing ${frames} frames`);

/** "Predicted (hmm (weight 0.5))": the run's temporal model's row. */
export const temporalRowName = (temporal: TimelineTemporal): string => `Predicted (${temporal.name})`;

/** "Predicted, frame only (smoothing 5 frames)": the row the smoothing slider changes. */
export const frameOnlyRowName = (smoothing: number): string => `Predicted, frame only (${smoothingWords(smoothing)})`;

/** The rows drawn for an evaluation, top to bottom: the temporal row only when the run has a temporal model. */
export function stripRows(evaluation: TimelineEvaluation): StripRow[] {
  return [
    { key: 'truth', title: 'Annotations', height: SEGMENT_ROW_HEIGHT },
    ...(evaluation.temporal
      ? [
          {
            key: 'temporal' as const,
            title: 'Predicted',
            detail: evaluation.temporal.name,
            height: TWO_LINE_ROW_HEIGHT,
          },
        ]
      : []),
    {
      key: 'segments',
      title: 'Predicted, frame only',
      detail: smoothingWords(evaluation.smoothing),
      height: TWO_LINE_ROW_HEIGHT,
    },
    { key: 'frames', title: 'Class · confidence', detail: 'frame only', height: FRAMES_ROW_HEIGHT },
  ];
}

/** The rows in words, for the canvas's accessible name. */
export function describeRows(evaluation: TimelineEvaluation): string {
  return [
    'Annotations',
    ...(evaluation.temporal ? [temporalRowName(evaluation.temporal)] : []),
    frameOnlyRowName(evaluation.smoothing),
    'class and confidence of each frame (frame only)',
  ].join('; ');
}

const stripHeight = (rows: readonly StripRow[]): number => rows.reduce((h, r) => h + r.height + GAP, 0) + AXIS;

const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];
const cssVar = (name: string, fallback: string): string =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** A class's colour; the background class gets none (it is drawn as an outline only). */
export function classColor(classes: readonly string[], label: string): string {
  const index = Math.max(0, classes.indexOf(label));
  return cssVar(PALETTE[index % PALETTE.length], FALLBACK[index % FALLBACK.length]);
}

/**
 * Whether a class is drawn hatched. Alternating by index, and flipped for each round of the palette,
 * so that up to twice its colours (seven surgical phases, say) each get a distinct colour and pattern.
 */
export function classHatched(classes: readonly string[], label: string): boolean {
  const index = Math.max(0, classes.indexOf(label));
  return (index + Math.floor(index / PALETTE.length)) % 2 === 1;
}

/** Patterns as well as colours: classes stay apart in high contrast and for colour-blind readers. */
function fillFor(ctx: CanvasRenderingContext2D, classes: readonly string[], label: string): string | CanvasPattern {
  const color = classColor(classes, label);
  if (!classHatched(classes, label)) return color;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const t = tile.getContext('2d') as CanvasRenderingContext2D;
  t.fillStyle = color;
  t.globalAlpha = 0.45;
  t.fillRect(0, 0, 8, 8);
  t.globalAlpha = 1;
  t.strokeStyle = color;
  t.lineWidth = 2;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.stroke();
  return ctx.createPattern(tile, 'repeat') ?? color;
}

/** Any CSS colour as [r, g, b], as the canvas itself reads it. */
function rgb(color: string): [number, number, number] {
  const probe = document.createElement('canvas');
  probe.width = probe.height = 1;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  if (!ctx) return [128, 128, 128];
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

/** `share` of colour a over colour b. */
function mix(a: string, b: string, share: number): string {
  const [ca, cb] = [rgb(a), rgb(b)];
  return `rgb(${ca.map((v, i) => Math.round(v * share + cb[i] * (1 - share))).join(', ')})`;
}

export const formatTime = (seconds: number): string => {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hoursMinutes = h ? `${h}:${String(m).padStart(2, '0')}` : String(m);
  return `${hoursMinutes}:${sec.toFixed(sec % 1 ? 1 : 0).padStart(sec % 1 ? 4 : 2, '0')}`;
};

/** Index of the frame whose span [t_i, t_i + step) holds `time` (binary search over ascending times). */
export function frameAt(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= time) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** What every row's drawing needs: the context, the time scale and the theme's colours. */
interface Painter {
  readonly ctx: CanvasRenderingContext2D;
  readonly x: (time: number) => number;
  readonly plot: number;
  readonly foreground: string;
  readonly border: string;
  readonly background: string;
  readonly fills: ReadonlyMap<string, string | CanvasPattern>;
  /** The editor's font at a size in CSS pixels. */
  readonly font: (px: number) => string;
}

/** Draws everything; returns the number of frames drawn (a test hook). */
export function drawStrip(canvas: HTMLCanvasElement, data: StripData): number {
  const rows = stripRows(data.evaluation);
  const height = stripHeight(rows);
  const width = Math.max(GUTTER + 100, canvas.clientWidth || 800);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const painter = makePainter(ctx, data.prediction, width);
  let y = 0;
  for (const row of rows) {
    drawRowFrame(painter, row, y);
    drawRowContent(painter, data, row, y);
    y += row.height + GAP;
  }
  drawAxis(painter, data.prediction, y, width);
  if (data.selected !== undefined) drawSelection(painter, data.prediction, data.selected, y - GAP);
  return data.prediction.times.length;
}

const durationOf = (prediction: TimelinePrediction): number =>
  Math.max(prediction.durationSeconds, (prediction.times.at(-1) ?? 0) + prediction.everySeconds, 1e-6);

function makePainter(ctx: CanvasRenderingContext2D, prediction: TimelinePrediction, width: number): Painter {
  const duration = durationOf(prediction);
  const plot = width - GUTTER - 8;
  const family = cssVar('--vscode-font-family', 'sans-serif');
  const font = (px: number) => `${px}px ${family}`;
  ctx.font = font(12);
  ctx.textBaseline = 'middle';
  return {
    ctx,
    plot,
    font,
    x: (t: number) => GUTTER + (Math.min(t, duration) / duration) * plot,
    foreground: cssVar('--vscode-foreground', '#cccccc'),
    border: cssVar('--vscode-contrastBorder', '') || cssVar('--vscode-editorWidget-border', '#80808080'),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    fills: new Map(prediction.classes.map((c) => [c, fillFor(ctx, prediction.classes, c)])),
  };
}

/** `text` cut with an ellipsis to fit `maxWidth` at the current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The row's name in the gutter (its detail on a second, smaller line) and the frame of its time span. */
function drawRowFrame({ ctx, foreground, border, plot, font }: Painter, row: StripRow, top: number): void {
  const maxWidth = GUTTER - 10;
  ctx.fillStyle = foreground;
  if (row.detail) {
    ctx.fillText(fitText(ctx, row.title, maxWidth), 4, top + row.height / 2 - 7);
    ctx.font = font(11);
    ctx.fillStyle = cssVar('--vscode-descriptionForeground', foreground);
    ctx.fillText(fitText(ctx, row.detail, maxWidth), 4, top + row.height / 2 + 7);
    ctx.font = font(12);
  } else ctx.fillText(fitText(ctx, row.title, maxWidth), 4, top + row.height / 2);
  // Row frame: where the row's time span is, whatever is (not) in it.
  ctx.strokeStyle = border;
  ctx.lineWidth = 1;
  ctx.strokeRect(GUTTER + 0.5, top + 0.5, plot - 1, row.height - 1);
}

function drawRowContent(painter: Painter, data: StripData, row: StripRow, top: number): void {
  switch (row.key) {
    case 'truth':
      if (data.truth) drawSegments(painter, data.truth, top, row.height);
      else drawNote(painter, 'no annotations for this video', top, row.height);
      return;
    case 'temporal':
      drawSegments(painter, data.evaluation.temporal?.segments ?? [], top, row.height);
      return;
    case 'segments':
      drawSegments(painter, data.evaluation.segments, top, row.height);
      return;
    case 'frames':
      drawFrames(painter, data, top, row.height);
      return;
  }
}

function drawNote({ ctx, foreground }: Painter, text: string, top: number, height: number): void {
  ctx.fillStyle = cssVar('--vscode-descriptionForeground', foreground);
  ctx.fillText(text, GUTTER + 6, top + height / 2);
}

function drawSegments(
  { ctx, x, fills, foreground, border, background }: Painter,
  segments: readonly TimelineSegment[],
  top: number,
  height: number,
): void {
  for (const s of segments) {
    const x0 = x(s.start);
    const w = Math.max(1, x(s.end) - x0);
    ctx.fillStyle = fills.get(s.label) ?? foreground;
    ctx.fillRect(x0, top + 2, w, height - 4);
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, top + 2.5, w - 1, height - 5);
    // The label in the box when it fits: the class is readable without its colour.
    const tw = ctx.measureText(s.label).width;
    if (tw + 8 < w) {
      ctx.fillStyle = background;
      ctx.fillRect(x0 + 3, top + height / 2 - 8, tw + 4, 16);
      ctx.fillStyle = foreground;
      ctx.fillText(s.label, x0 + 5, top + height / 2);
    }
  }
}

/** Each frame's (smoothed) class as a bar as tall as its score, and the 0.5 line where a two-class decision flips. */
function drawFrames(
  { ctx, x, fills, foreground, background, plot }: Painter,
  { prediction, evaluation }: StripData,
  top: number,
  height: number,
): void {
  // The background class in a faint foreground, opaque (overlapping sub-pixel frames must not darken it),
  // and no theme colour (high contrast's border colour is close to the chart blue).
  const faint = mix(foreground, background, 0.3);
  const { times } = prediction;
  for (let i = 0; i < times.length; i++) {
    const label = evaluation.labels[i];
    const h = Math.max(1, (evaluation.confidences[i] ?? 0) * (height - 2));
    const x0 = x(times[i]);
    const x1 = x(times[i] + prediction.everySeconds);
    ctx.fillStyle = label === evaluation.background ? faint : (fills.get(label) ?? foreground);
    ctx.fillRect(x0, top + height - 1 - h, Math.max(1, x1 - x0), h);
  }
  ctx.strokeStyle = foreground;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(GUTTER, top + height / 2 + 0.5);
  ctx.lineTo(GUTTER + plot, top + height / 2 + 0.5);
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Time axis: about one tick per 100 px, on round values. */
function drawAxis(
  { ctx, x, plot, foreground, border }: Painter,
  prediction: TimelinePrediction,
  top: number,
  width: number,
): void {
  const duration = durationOf(prediction);
  const rough = duration / Math.max(1, plot / 100);
  const step =
    [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 2400, 3600, 7200].find((s) => s >= rough) ?? 7200;
  ctx.fillStyle = foreground;
  ctx.strokeStyle = border;
  ctx.textBaseline = 'top';
  for (let t = 0; t <= duration + 1e-9; t += step) {
    const tx = x(t);
    ctx.beginPath();
    ctx.moveTo(tx + 0.5, top - GAP);
    ctx.lineTo(tx + 0.5, top);
    ctx.stroke();
    const label = formatTime(t);
    ctx.fillText(
      label,
      Math.min(tx - ctx.measureText(label).width / 2, width - ctx.measureText(label).width - 2),
      top + 2,
    );
  }
}

/** The clicked frame: a line through every row, in the foreground colour (it must stand out on every class colour). */
function drawSelection(
  { ctx, x, foreground }: Painter,
  prediction: TimelinePrediction,
  selected: number,
  bottom: number,
): void {
  const time = prediction.times[selected];
  if (time === undefined) return;
  const sx = x(time);
  ctx.strokeStyle = foreground;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(sx, 0);
  ctx.lineTo(sx, bottom);
  ctx.stroke();
}

/** The time under a canvas x position (CSS pixels), or undefined in the gutter. */
export function timeAtX(
  canvas: HTMLCanvasElement,
  prediction: TimelinePrediction,
  clientX: number,
): number | undefined {
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(GUTTER + 100, rect.width);
  const plot = width - GUTTER - 8;
  const offset = clientX - rect.left - GUTTER;
  if (offset < 0 || offset > plot) return undefined;
  return (offset / plot) * durationOf(prediction);
}
