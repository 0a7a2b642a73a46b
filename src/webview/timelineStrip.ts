// The Video timeline's strip (browser side): ground truth, predicted segments and per-frame class and
// confidence on one canvas. One pass of fillRect per frame: a 2-hour video at 1 s is 7200 rectangles.
import type { TimelineEvaluation, TimelinePrediction, TimelineSegment } from '../shared/timelineProtocol';

export interface StripData {
  readonly prediction: TimelinePrediction;
  readonly evaluation: TimelineEvaluation;
  readonly truth?: readonly TimelineSegment[];
  /** The frame shown below the strip (clicked), if any. */
  readonly selected?: number;
}

export const GUTTER = 150;
const ROWS = [
  { key: 'truth', label: 'Annotations', height: 30 },
  { key: 'segments', label: 'Predicted segments', height: 30 },
  { key: 'frames', label: 'Class · confidence', height: 52 },
] as const;
const AXIS = 22;
const GAP = 6;
export const STRIP_HEIGHT = ROWS.reduce((h, r) => h + r.height + GAP, 0) + AXIS;

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];
const cssVar = (name: string, fallback: string): string => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** A class's colour; the background class gets none (it is drawn as an outline only). */
export function classColor(classes: readonly string[], label: string): string {
  const index = Math.max(0, classes.indexOf(label));
  return cssVar(PALETTE[index % PALETTE.length], FALLBACK[index % FALLBACK.length]);
}

/** Patterns as well as colours: classes stay apart in high contrast and for colour-blind readers. */
function fillFor(ctx: CanvasRenderingContext2D, classes: readonly string[], label: string): string | CanvasPattern {
  const color = classColor(classes, label);
  const index = classes.indexOf(label);
  if (index % 2 === 0) return color;
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
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${sec.toFixed(sec % 1 ? 1 : 0).padStart(sec % 1 ? 4 : 2, '0')}`;
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

/** Draws everything; returns the number of frames drawn (a test hook). */
export function drawStrip(canvas: HTMLCanvasElement, data: StripData): number {
  const width = Math.max(GUTTER + 100, canvas.clientWidth || 800);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(STRIP_HEIGHT * ratio);
  canvas.style.height = `${STRIP_HEIGHT}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, STRIP_HEIGHT);
  const { prediction, evaluation } = data;
  const classes = prediction.classes;
  const duration = Math.max(prediction.durationSeconds, (prediction.times.at(-1) ?? 0) + prediction.everySeconds, 1e-6);
  const plot = width - GUTTER - 8;
  const x = (t: number) => GUTTER + (Math.min(t, duration) / duration) * plot;
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const border = cssVar('--vscode-contrastBorder', '') || cssVar('--vscode-editorWidget-border', '#80808080');
  const font = cssVar('--vscode-font-family', 'sans-serif');
  ctx.font = `12px ${font}`;
  ctx.textBaseline = 'middle';
  const fills = new Map(classes.map((c) => [c, fillFor(ctx, classes, c)]));
  // The background class in a faint foreground, opaque (overlapping sub-pixel frames must not darken it),
  // and no theme colour (high contrast's border colour is close to the chart blue).
  const faint = mix(foreground, cssVar('--vscode-editor-background', '#1e1e1e'), 0.3);

  let y = 0;
  const segmentRow = (segments: readonly TimelineSegment[], top: number, height: number) => {
    for (const s of segments) {
      const x0 = x(s.start);
      const w = Math.max(1, x(s.end) - x0);
      ctx.fillStyle = fills.get(s.label) ?? foreground;
      ctx.fillRect(x0, top + 2, w, height - 4);
      ctx.strokeStyle = border;
      ctx.lineWidth = 1;
      ctx.strokeRect(x0 + 0.5, top + 2.5, w - 1, height - 5);
      // The label in the box when it fits: the class is readable without its colour.
      const text = s.label;
      if (ctx.measureText(text).width + 8 < w) {
        ctx.fillStyle = cssVar('--vscode-editor-background', '#1e1e1e');
        const tw = ctx.measureText(text).width;
        ctx.fillRect(x0 + 3, top + height / 2 - 8, tw + 4, 16);
        ctx.fillStyle = foreground;
        ctx.fillText(text, x0 + 5, top + height / 2);
      }
    }
  };
  for (const row of ROWS) {
    ctx.fillStyle = foreground;
    ctx.fillText(row.label, 4, y + row.height / 2);
    // Row frame: where the row's time span is, whatever is (not) in it.
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.strokeRect(GUTTER + 0.5, y + 0.5, plot - 1, row.height - 1);
    if (row.key === 'truth') {
      if (data.truth) segmentRow(data.truth, y, row.height);
      else {
        ctx.fillStyle = cssVar('--vscode-descriptionForeground', foreground);
        ctx.fillText('no annotations for this video', GUTTER + 6, y + row.height / 2);
      }
    } else if (row.key === 'segments') segmentRow(evaluation.segments, y, row.height);
    else {
      const { times } = prediction;
      for (let i = 0; i < times.length; i++) {
        const label = evaluation.labels[i];
        const h = Math.max(1, (evaluation.confidences[i] ?? 0) * (row.height - 2));
        const x0 = x(times[i]);
        const x1 = x(times[i] + prediction.everySeconds);
        ctx.fillStyle = label === evaluation.background ? faint : fills.get(label) ?? foreground;
        ctx.fillRect(x0, y + row.height - 1 - h, Math.max(1, x1 - x0), h);
      }
      // 0.5 confidence line: where a two-class decision flips.
      ctx.strokeStyle = foreground;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(GUTTER, y + row.height / 2 + 0.5);
      ctx.lineTo(GUTTER + plot, y + row.height / 2 + 0.5);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    y += row.height + GAP;
  }
  // Time axis: about one tick per 100 px, on round values.
  const rough = duration / Math.max(1, plot / 100);
  const step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 2400, 3600, 7200].find((s) => s >= rough) ?? 7200;
  ctx.fillStyle = foreground;
  ctx.strokeStyle = border;
  ctx.textBaseline = 'top';
  for (let t = 0; t <= duration + 1e-9; t += step) {
    const tx = x(t);
    ctx.beginPath();
    ctx.moveTo(tx + 0.5, y - GAP);
    ctx.lineTo(tx + 0.5, y);
    ctx.stroke();
    const label = formatTime(t);
    ctx.fillText(label, Math.min(tx - ctx.measureText(label).width / 2, width - ctx.measureText(label).width - 2), y + 2);
  }
  if (data.selected !== undefined && prediction.times[data.selected] !== undefined) {
    const sx = x(prediction.times[data.selected]);
    // The foreground colour, not the focus colour: it must stand out on every class colour.
    ctx.strokeStyle = foreground;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(sx, 0);
    ctx.lineTo(sx, y - GAP);
    ctx.stroke();
  }
  return prediction.times.length;
}

/** The time under a canvas x position (CSS pixels), or undefined in the gutter. */
export function timeAtX(canvas: HTMLCanvasElement, prediction: TimelinePrediction, clientX: number): number | undefined {
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(GUTTER + 100, rect.width);
  const plot = width - GUTTER - 8;
  const offset = clientX - rect.left - GUTTER;
  if (offset < 0 || offset > plot) return undefined;
  const duration = Math.max(prediction.durationSeconds, (prediction.times.at(-1) ?? 0) + prediction.everySeconds, 1e-6);
  return (offset / plot) * duration;
}
