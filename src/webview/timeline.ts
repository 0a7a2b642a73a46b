// The Video timeline (browser side): draws what the host sends (ready handshake), asks it for
// smoothing, frames and saving. State (source, smoothing, last prediction) survives reloads.
import {
  clampSmoothingFrames,
  isTimelinePrediction,
  isTimelineSource,
  SMOOTHING_FRAMES_MAX,
  type FieldMetrics,
  type TimelineEvaluation,
  type TimelinePrediction,
  type TimelineSegment,
  type TimelineSource,
  type TimelineState,
  type ToTimeline,
} from '../shared/timelineProtocol';
import {
  classColor,
  classHatched,
  describeRows,
  drawStrip,
  formatTime,
  frameAt,
  frameOnlyRowName,
  temporalRowName,
  timeAtX,
} from './timelineStrip';
import { sayReady } from './handshake';

const vscode = acquireVsCodeApi<TimelineState>();
const root = document.getElementById('timeline') as HTMLElement;

function initialState(): TimelineState {
  const saved: unknown = vscode.getState();
  try {
    const parsed: unknown = JSON.parse(document.body.dataset.state ?? '');
    const source = (parsed as { source?: unknown } | null)?.source;
    if (isTimelineSource(source)) {
      const smoothing = clampSmoothingFrames((parsed as { smoothing?: unknown }).smoothing);
      const prediction = (saved as { prediction?: unknown } | undefined)?.prediction;
      return { source, smoothing, ...(isTimelinePrediction(prediction) ? { prediction } : {}) };
    }
  } catch {
    // fall through
  }
  return { source: { runDir: '', video: '' }, smoothing: 1 };
}

let state = initialState();
let truth: readonly TimelineSegment[] | undefined;
let truthNote: string | undefined;
let prediction: TimelinePrediction | undefined;
let evaluation: TimelineEvaluation | undefined;
let running = false;
let selected: number | undefined;
/** The last outcome (saved, failed): stays in the status line through redraws until the next run. */
let notice: { text: string; isError: boolean } | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  el.append(...children);
  return el;
}

const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;
const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

// ── Layout ─────────────────────────────────────────────────────────────────────
const title = element('h1', { id: 'title' });
const meta = element('span', { id: 'meta', class: 'hint' });
const slider = element('input', {
  type: 'range',
  id: 'smoothing',
  min: '1',
  max: String(SMOOTHING_FRAMES_MAX),
  step: '1',
  'aria-label': 'Temporal smoothing in frames',
});
const sliderValue = element('output', { id: 'smoothing-value', for: 'smoothing' });
const predictButton = element('button', { id: 'predict', type: 'button' }, 'Run prediction');
const cancelButton = element('button', { id: 'cancel', type: 'button', class: 'secondary' }, 'Cancel');
const saveButton = element('button', { id: 'save', type: 'button' }, 'Save predicted segments…');
const status = element('p', { id: 'status', role: 'status', 'aria-live': 'polite' });
const progress = element('progress', { id: 'progress', max: '1', value: '0' });
const metrics = element('section', {
  id: 'metrics',
  class: 'metrics',
  'aria-label': 'Metrics against the annotations',
});
const legend = element('ul', { id: 'legend', class: 'legend', 'aria-label': 'Classes' });
const canvas = element('canvas', { id: 'strip', tabindex: '0', role: 'img', 'aria-label': stripLabel() });
const hover = element(
  'p',
  { id: 'hover', class: 'hint' },
  'Hover the strip for the class at a time; click to see the frame.',
);
const frameImage = element('img', { id: 'frame-image', alt: '' });
const frameCaption = element('figcaption', { id: 'frame-caption' });
const frameFigure = element('figure', { id: 'frame', hidden: '' }, frameImage, frameCaption);
const segmentsHeading = element('h2', { id: 'segments-heading' }, 'Predicted segments');
const segmentsTable = element('table', { id: 'segments', class: 'segments', 'aria-labelledby': 'segments-heading' });

function stripLabel(rows = 'annotations; predicted segments; class and confidence of each frame'): string {
  return `Timeline rows: ${rows}. Click or use the arrow keys to see a frame.`;
}

function layout(): void {
  root.replaceChildren(
    element(
      'header',
      { class: 'toolbar' },
      element('div', { class: 'heading' }, title, meta),
      element(
        'div',
        { class: 'controls' },
        element('label', { for: 'smoothing' }, 'Smoothing'),
        slider,
        sliderValue,
        predictButton,
        cancelButton,
        saveButton,
      ),
    ),
    element('div', { class: 'status-line' }, status, progress),
    metrics,
    element('section', { class: 'strip-box' }, canvas, hover, legend),
    frameFigure,
    element('section', {}, segmentsHeading, segmentsTable),
  );
  slider.value = String(state.smoothing);
  sliderValue.textContent = frames(state.smoothing);
  slider.addEventListener('input', () => {
    const smoothing = clampSmoothingFrames(Number(slider.value));
    sliderValue.textContent = frames(smoothing);
    vscode.postMessage({ type: 'smoothing', frames: smoothing });
  });
  // The saved state holds the whole prediction: write it once the slider is let go, not per step of a drag.
  slider.addEventListener('change', () => saveState({ smoothing: clampSmoothingFrames(Number(slider.value)) }));
  predictButton.addEventListener('click', () => vscode.postMessage({ type: 'predict' }));
  cancelButton.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  saveButton.addEventListener('click', () => vscode.postMessage({ type: 'save' }));
  canvas.addEventListener('mousemove', (event) => describeAt(event.clientX));
  canvas.addEventListener('click', (event) => {
    if (!prediction) return;
    const time = timeAtX(canvas, prediction, event.clientX);
    if (time !== undefined) select(frameAt(prediction.times, time));
  });
  canvas.addEventListener('keydown', (event) => {
    if (!prediction?.times.length) return;
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    select(Math.min(prediction.times.length - 1, Math.max(0, (selected ?? -delta) + delta)));
  });
}

const frames = (n: number): string => (n <= 1 ? 'none' : `${n} frames`);

function saveState(next: Partial<TimelineState>): void {
  state = { ...state, ...next };
  vscode.setState(state);
}

// ── Rendering ──────────────────────────────────────────────────────────────────
function labelAt(time: number): string | undefined {
  if (!truth) return undefined;
  return truth.find((s) => s.start <= time && time < s.end)?.label ?? evaluation?.background;
}

/**
 * A frame in words: the temporal model's class (when the run has one), the frame-only class and score, the annotation.
 */
function frameText(index: number): string {
  if (!prediction || !evaluation) return '';
  const time = prediction.times[index];
  const annotated = labelAt(time);
  const frameOnly = `${evaluation.labels[index]} (${(evaluation.confidences[index] ?? 0).toFixed(2)})`;
  const temporal = evaluation.temporal;
  const predicted = temporal
    ? `${temporal.name}: ${temporal.labels[index] ?? '—'} · frame only: ${frameOnly}`
    : `predicted ${frameOnly}`;
  return `${formatTime(time)} · ${predicted}${annotated === undefined ? '' : ` · annotated ${annotated}`}`;
}

function describeAt(clientX: number): void {
  if (!prediction) return;
  const time = timeAtX(canvas, prediction, clientX);
  if (time !== undefined) hover.textContent = frameText(frameAt(prediction.times, time));
}

const FRAME_REQUEST_DELAY_MS = 150;
let frameTimer: ReturnType<typeof setTimeout> | undefined;

function select(index: number): void {
  if (!prediction) return;
  selected = index;
  const time = prediction.times[index];
  frameFigure.hidden = false;
  frameFigure.setAttribute('aria-busy', 'true');
  frameCaption.textContent = `${frameText(index)} — loading the frame…`;
  draw();
  // Held arrow keys select many frames: ask the host (one ffmpeg each) only for the one the user stops on.
  clearTimeout(frameTimer);
  frameTimer = setTimeout(() => vscode.postMessage({ type: 'frame', time }), FRAME_REQUEST_DELAY_MS);
}

function draw(): void {
  if (!prediction || !evaluation) {
    canvas.hidden = true;
    root.dataset.drawn = '0';
    return;
  }
  canvas.hidden = false;
  canvas.setAttribute('aria-label', stripLabel(describeRows(evaluation)));
  root.dataset.drawn = String(
    drawStrip(canvas, {
      prediction,
      evaluation,
      ...(truth ? { truth } : {}),
      ...(selected === undefined ? {} : { selected }),
    }),
  );
}

function renderHeader(): void {
  title.textContent = state.source.video ? `${baseName(state.source.video)}` : 'Video timeline';
  const parts = [`run ${baseName(state.source.runDir)}`];
  if (prediction)
    parts.push(
      `${prediction.times.length} frames, one every ${prediction.everySeconds} s`,
      `backend ${prediction.backend}`,
    );
  if (state.source.annotations) {
    const videoId = state.source.videoId === undefined ? '' : ` (videoId ${state.source.videoId})`;
    parts.push(`truth: ${baseName(state.source.annotations)}${videoId}`);
  }
  meta.textContent = parts.join(' · ');
  predictButton.textContent = prediction ? 'Run again' : 'Run prediction';
  predictButton.disabled = running;
  cancelButton.hidden = !running;
  saveButton.disabled = running || !evaluation;
  progress.hidden = !running;
}

function renderMetrics(): void {
  metrics.replaceChildren();
  root.dataset.segments = String(evaluation?.segments.length ?? 0);
  root.dataset.smoothing = String(evaluation?.smoothing ?? state.smoothing);
  root.dataset.temporal = evaluation?.temporal?.name ?? '';
  root.dataset.temporalSegments = String(evaluation?.temporal?.segments.length ?? 0);
  if (!evaluation) return;
  metrics.append(segmentScoreCards(evaluation));
  const table = fieldMetricsTable(evaluation);
  if (table) metrics.append(table);
}

const metricCard = (id: string, label: string, value: string): HTMLElement =>
  element(
    'div',
    { class: 'metric', id },
    element('span', { class: 'metric-label' }, label),
    element('span', { class: 'metric-value' }, value),
  );

/** The frame-only row's frame accuracy and segment precision/recall/F1 (or its segment count, without annotations). */
function segmentScoreCards(shown: TimelineEvaluation): HTMLElement {
  const cards = element('div', {
    class: 'metric-cards',
    role: 'group',
    'aria-label': frameOnlyRowName(shown.smoothing),
  });
  if (shown.frameAccuracy === undefined || !shown.segmentMetrics) {
    cards.append(metricCard('metric-segments', 'Predicted segments', String(shown.segments.length)));
    return cards;
  }
  const m = shown.segmentMetrics;
  cards.append(
    metricCard('metric-frame-accuracy', 'Frame accuracy', percent(shown.frameAccuracy)),
    metricCard('metric-precision', `Segment precision (IoU ≥ ${m.iouThreshold})`, m.precision.toFixed(3)),
    metricCard('metric-recall', 'Segment recall', m.recall.toFixed(3)),
    metricCard('metric-f1', 'Segment F1', m.f1.toFixed(3)),
    metricCard('metric-counts', 'Matched / predicted / annotated', `${m.matched} / ${m.predicted} / ${m.truth}`),
  );
  // With a temporal row above, say which row the cards are about.
  if (shown.temporal)
    cards.prepend(element('span', { class: 'metric-cards-scope' }, `${frameOnlyRowName(shown.smoothing)}:`));
  return cards;
}

/** The field's figures of each predicted row against the annotations; undefined without annotations. */
function fieldMetricsTable(shown: TimelineEvaluation): HTMLElement | undefined {
  const rows = [
    ...(shown.temporal?.metrics
      ? [{ id: 'temporal', name: temporalRowName(shown.temporal), figures: shown.temporal.metrics }]
      : []),
    ...(shown.metrics ? [{ id: 'frame-only', name: frameOnlyRowName(shown.smoothing), figures: shown.metrics }] : []),
  ];
  if (!rows.length) return undefined;
  const background = shown.background ? ` Left out of segments (background): ${shown.background}.` : '';
  return element(
    'div',
    { class: 'field-metrics-box' },
    element(
      'table',
      { id: 'field-metrics', class: 'field-metrics', 'aria-describedby': 'field-metrics-note' },
      element('caption', {}, 'Against the annotations'),
      element(
        'thead',
        {},
        element(
          'tr',
          {},
          ...['Row', 'Frame accuracy', 'Edit', 'F1@10', 'F1@25', 'F1@50'].map((h) =>
            element('th', { scope: 'col' }, h),
          ),
        ),
      ),
      element('tbody', {}, ...rows.map((row) => fieldMetricsRow(row.id, row.name, row.figures))),
    ),
    element(
      'p',
      { id: 'field-metrics-note', class: 'hint' },
      `Segmental edit score and F1 at IoU 10, 25 and 50 %, 0–100, as ms-tcn defines them.${background}`,
    ),
  );
}

function fieldMetricsRow(id: string, name: string, figures: FieldMetrics): HTMLTableRowElement {
  const score = (value: number) => element('td', {}, value.toFixed(1));
  return element(
    'tr',
    { id: `field-metrics-${id}`, 'data-row': id },
    element('th', { scope: 'row' }, name),
    element('td', {}, percent(figures.frameAccuracy)),
    score(figures.editScore),
    score(figures.f1At10),
    score(figures.f1At25),
    score(figures.f1At50),
  );
}

function renderLegend(): void {
  legend.replaceChildren();
  if (!prediction || !evaluation) return;
  prediction.classes.forEach((c) => {
    const kind =
      c === evaluation?.background ? 'background' : classHatched(prediction?.classes ?? [], c) ? 'hatched' : 'solid';
    const swatch = element('span', { class: `swatch ${kind}` });
    if (c !== evaluation?.background) swatch.style.setProperty('--swatch', classColor(prediction?.classes ?? [], c));
    legend.append(element('li', {}, swatch, c === evaluation?.background ? `${c} (background: not a segment)` : c));
  });
}

/** The segments Save writes: the temporal model's when the run has one, else the frame-only row's. */
function savedRow(shown: TimelineEvaluation): { name: string; segments: readonly TimelineSegment[] } {
  return shown.temporal
    ? { name: temporalRowName(shown.temporal), segments: shown.temporal.segments }
    : { name: frameOnlyRowName(shown.smoothing), segments: shown.segments };
}

function renderSegments(): void {
  segmentsTable.replaceChildren();
  segmentsHeading.textContent = 'Predicted segments';
  saveButton.removeAttribute('title');
  if (!evaluation) return;
  const { name, segments } = savedRow(evaluation);
  segmentsHeading.textContent = `Predicted segments: ${name}`;
  saveButton.title = `Writes the segments of the row ${name}`;
  if (!segments.length) {
    segmentsTable.append(element('caption', {}, 'No segments predicted.'));
    return;
  }
  segmentsTable.append(
    element('tr', {}, ...['Class', 'Start', 'End', 'Length'].map((h) => element('th', { scope: 'col' }, h))),
  );
  // A long video can have many segments: the first 500 here, all of them in the saved file.
  for (const s of segments.slice(0, 500)) {
    const row = element(
      'tr',
      {},
      element('th', { scope: 'row' }, s.label),
      element('td', {}, formatTime(s.start)),
      element('td', {}, formatTime(s.end)),
      element('td', {}, `${(s.end - s.start).toFixed(1)} s`),
    );
    row.addEventListener('click', () => prediction && select(frameAt(prediction.times, s.start)));
    segmentsTable.append(row);
  }
}

function renderStatus(text?: string): void {
  const shown =
    text ??
    (running
      ? 'Predicting: reading the video…'
      : (notice?.text ??
        (!prediction
          ? 'Not predicted yet: Run prediction scores a frame every few seconds in a background process.'
          : (truthNote ?? ''))));
  status.classList.toggle('error', text === undefined && !running && !!notice?.isError);
  status.textContent = shown;
}

function renderAll(): void {
  root.removeAttribute('aria-busy');
  root.dataset.running = String(running);
  root.dataset.frames = String(prediction?.times.length ?? 0);
  root.dataset.truth = String(truth?.length ?? 0);
  renderHeader();
  renderStatus();
  renderMetrics();
  renderLegend();
  renderSegments();
  draw();
}

// ── Host messages ──────────────────────────────────────────────────────────────
let drawScheduled = false;
function scheduleDraw(): void {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    renderAll();
  });
}

window.addEventListener('message', (event: MessageEvent<ToTimeline>) => {
  handshake?.answered();
  const message = event.data;
  switch (message.type) {
    case 'show':
      state = { ...state, source: message.source as TimelineSource };
      truth = message.truth;
      truthNote = message.truthNote;
      prediction = message.prediction;
      evaluation = message.evaluation;
      if (message.running && !running) notice = undefined;
      running = message.running;
      if (evaluation) {
        slider.value = String(evaluation.smoothing);
        sliderValue.textContent = frames(evaluation.smoothing);
      }
      // Kept in the webview state: a window reload shows it again without running the model.
      saveState({ ...(prediction ? { prediction } : {}), ...(evaluation ? { smoothing: evaluation.smoothing } : {}) });
      scheduleDraw();
      return;
    case 'progress':
      progress.max = Math.max(1, message.total);
      progress.value = message.done;
      renderStatus(`Predicting: ${message.done} / ${message.total} frames`);
      return;
    case 'evaluation':
      evaluation = message.evaluation;
      scheduleDraw();
      return;
    case 'frame':
      if (!prediction || selected === undefined || prediction.times[selected] !== message.time) return;
      frameFigure.removeAttribute('aria-busy');
      if (message.uri) {
        frameImage.src = message.uri;
        frameImage.alt = `Frame at ${formatTime(message.time)}`;
        frameCaption.textContent = frameText(selected);
      } else frameCaption.textContent = message.error ?? 'No frame.';
      return;
    case 'saved':
      notice = {
        text: `Saved ${message.file}: it is open beside this panel, checked like any annotation file.`,
        isError: false,
      };
      root.dataset.saved = message.file;
      renderStatus();
      return;
    case 'error':
      notice = { text: message.message, isError: true };
      renderStatus();
      return;
  }
});

// Theme switches change the --vscode-* variables; a resize changes the strip's width.
new MutationObserver(() => scheduleDraw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
new ResizeObserver(() => draw()).observe(root);

// Ready first: the host's answer arrives after this script has run, and a failed first paint must
// not leave the panel without its data.
const handshake = sayReady(() => vscode.postMessage({ type: 'ready' }));
layout();
prediction = state.prediction;
renderAll();
vscode.setState(state);
