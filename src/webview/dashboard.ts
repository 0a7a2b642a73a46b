// The Training dashboard (browser side): curves of the runs, smoothing, run toggles, evaluation.
// Data comes from the host only (ready handshake); state (hidden runs, smoothing) survives reloads.
import uPlot from 'uplot';
import {
  clampSmoothing,
  DashboardState,
  isDashboardState,
  RunData,
  RunEvaluation,
  SMOOTHING_MAX,
  TemporalEvaluation,
  ToDashboard,
  VideoFigures,
} from '../shared/dashboardProtocol';
import { smooth } from './smoothing';
import { sayReady } from './handshake';
import { renderInsights } from './dashboardInsights';

const vscode = acquireVsCodeApi<DashboardState>();
const root = document.getElementById('dashboard') as HTMLElement;

function initialState(): DashboardState {
  const saved = vscode.getState();
  if (isDashboardState(saved)) return saved;
  try {
    const parsed: unknown = JSON.parse(document.body.dataset.state ?? '');
    if (isDashboardState(parsed)) return parsed;
  } catch {
    // fall through to the defaults
  }
  return { runsFolder: '', hiddenRuns: [], smoothing: 0.6 };
}

let state = initialState();
let runs: RunData[] = [];
let live: string | undefined;
let evaluationRun: string | undefined;
const charts = new Map<string, uPlot>();

function saveState(next: Partial<DashboardState>): void {
  state = { ...state, ...next };
  vscode.setState(state);
  vscode.postMessage({ type: 'state', state });
}

// ── Theme ──────────────────────────────────────────────────────────────────────
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
const runColor = (index: number): string => cssVar(PALETTE[index % PALETTE.length], FALLBACK[index % FALLBACK.length]);
const theme = () => ({
  foreground: cssVar('--vscode-foreground', '#cccccc'),
  grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040')),
  font: `11px ${cssVar('--vscode-font-family', 'sans-serif')}`,
});

// ── Charts ─────────────────────────────────────────────────────────────────────
interface Curve {
  readonly label: string;
  readonly color: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number | null>;
  readonly dash?: number[];
  /** The unsmoothed values, drawn faint behind the smoothed curve (like TensorBoard). */
  readonly raw?: boolean;
}

const format = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);

/** A checksum of what is drawn: changes whenever a plotted value changes (read by the e2e test). */
function checksum(curves: readonly Curve[]): string {
  let sum = 0;
  for (const curve of curves) for (let i = 0; i < curve.y.length; i++) sum += (curve.y[i] ?? 0) * ((i % 97) + 1);
  return sum.toFixed(6);
}

/** Accuracy never leaves [0, 1]: autoscale inside it (a flat 1.0 shows as 0.98–1, not 0–2). */
const accuracyRange = (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => {
  const pad = Math.max(0.02, (max - min) * 0.1);
  return [Math.max(0, min - pad), Math.min(1, max + pad)];
};

function lineChart(
  id: string,
  container: HTMLElement,
  title: string,
  xLabel: string,
  curves: Curve[],
  options: { unitRange?: boolean; accuracy?: boolean; syncKey?: string } = {},
): void {
  charts.get(id)?.destroy();
  charts.delete(id);
  container.replaceChildren();
  const plotted = curves.reduce((n, c) => n + c.x.length, 0);
  // data-points: the data points of the curves (each smoothed curve once; its faint raw twin not counted again).
  container.dataset.points = String(curves.filter((c) => !c.raw).reduce((n, c) => n + c.x.length, 0));
  container.dataset.plotted = String(plotted);
  container.dataset.checksum = checksum(curves.filter((c) => !c.raw));
  if (!curves.length || !plotted) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = `${title}: no data yet`;
    container.append(empty);
    return;
  }
  const tables = curves.map((c) => [Array.from(c.x), Array.from(c.y)] as uPlot.AlignedData);
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  const t = theme();
  const axis = (label: string): uPlot.Axis => ({
    label,
    stroke: t.foreground,
    font: t.font,
    labelFont: t.font,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid, width: 1 },
  });
  const width = Math.max(280, container.clientWidth || 480);
  const chart = new uPlot(
    {
      title,
      width,
      height: 260,
      cursor: { drag: { x: true, y: false }, ...(options.syncKey ? { sync: { key: options.syncKey } } : {}) },
      scales: {
        x: { time: false, ...(options.unitRange ? { range: [0, 1] as uPlot.Range.MinMax } : {}) },
        y: options.unitRange ? { range: [0, 1] } : options.accuracy ? { range: accuracyRange } : {},
      },
      axes: [axis(xLabel), axis('')],
      series: [
        { label: xLabel, value: (_u: uPlot, v: number | null) => format(v, Number.isInteger(v ?? 0) ? 0 : 3) },
        ...curves.map((c): uPlot.Series => ({
          label: c.label,
          stroke: c.color,
          width: c.raw ? 1 : 2,
          alpha: c.raw ? 0.3 : 1,
          spanGaps: true,
          points: { show: c.x.length < 60 && !c.raw },
          value: (_u: uPlot, v: number | null) => format(v),
          ...(c.dash ? { dash: c.dash } : {}),
          ...(c.raw ? { show: true } : {}),
        })),
      ],
      legend: { live: true },
    },
    data,
    container,
  );
  // The faint raw twins stay out of the legend: hover values are those of the smoothed curves.
  const rows = chart.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
  curves.forEach((c, i) => {
    if (c.raw && rows[i + 1]) rows[i + 1].style.display = 'none';
  });
  charts.set(id, chart);
}

// ── Layout ─────────────────────────────────────────────────────────────────────
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

const slider = element('input', {
  type: 'range',
  id: 'smoothing',
  min: '0',
  max: String(SMOOTHING_MAX),
  step: '0.001',
  'aria-label': 'Smoothing',
});
const sliderValue = element('output', { id: 'smoothing-value', for: 'smoothing' });
const runsTable = element('table', { id: 'runs', class: 'runs' });
const chartIds = ['step-loss', 'step-accuracy', 'epoch-loss', 'epoch-accuracy'] as const;
const chartBoxes = Object.fromEntries(
  chartIds.map((id) => [id, element('div', { class: 'chart', id: `chart-${id}`, 'data-points': '0' })]),
) as Record<(typeof chartIds)[number], HTMLDivElement>;
const evaluationSection = element('section', { id: 'evaluation', class: 'evaluation' });
const insightsSection = element('section', { id: 'insights', class: 'insights' });

function layout(): void {
  root.replaceChildren(
    element(
      'header',
      { class: 'toolbar' },
      element('label', { for: 'smoothing' }, 'Smoothing'),
      slider,
      sliderValue,
      element('span', { class: 'hint' }, 'Drag on a chart to zoom, double-click to reset.'),
    ),
    element('section', { class: 'runs-section' }, element('h2', {}, 'Runs'), runsTable),
    element('section', { class: 'charts' }, ...chartIds.map((id) => chartBoxes[id])),
    evaluationSection,
    insightsSection,
  );
  slider.value = String(state.smoothing);
  sliderValue.textContent = state.smoothing.toFixed(3);
  slider.addEventListener('input', () => {
    const smoothing = clampSmoothing(Number(slider.value));
    sliderValue.textContent = smoothing.toFixed(3);
    saveState({ smoothing });
    scheduleCharts();
  });
}

function renderRuns(): void {
  runsTable.replaceChildren();
  if (!runs.length) {
    runsTable.append(element('caption', {}, `No runs in ${state.runsFolder} yet: Train Classifier writes them there.`));
    return;
  }
  const head = element('tr', {}, element('th', { scope: 'col' }, 'Run'));
  runs.forEach((run, index) => {
    const box = element('input', { type: 'checkbox', 'data-run': run.id, 'aria-label': `Show ${run.id}` });
    box.checked = !state.hiddenRuns.includes(run.id);
    box.addEventListener('change', () => {
      saveState({
        hiddenRuns: box.checked ? state.hiddenRuns.filter((r) => r !== run.id) : [...state.hiddenRuns, run.id],
      });
      scheduleCharts();
    });
    const swatch = element('span', { class: 'swatch' });
    swatch.style.backgroundColor = runColor(index);
    head.append(
      element(
        'th',
        { scope: 'col', class: 'run-name' },
        element('label', {}, box, swatch, run.id + (run.id === live ? ' (training)' : '')),
      ),
    );
  });
  const row = (label: string, cell: (run: RunData) => string) =>
    element('tr', {}, element('th', { scope: 'row' }, label), ...runs.map((run) => element('td', {}, cell(run))));
  const s = (v: string | number | undefined) => (v === undefined ? '—' : String(v));
  runsTable.append(
    element('thead', {}, head),
    element(
      'tbody',
      {},
      row('Status', (r) => r.status),
      row('Base model', (r) => s(r.settings.baseModel)),
      row('Epochs', (r) => `${r.epochs.length}${r.settings.epochs ? ` / ${r.settings.epochs}` : ''}`),
      row('Learning rate', (r) => s(r.settings.learningRate)),
      row('Hidden units', (r) => s(r.settings.hiddenUnits)),
      row('Batch size', (r) => s(r.settings.batchSize)),
      row('Backend', (r) => s(r.settings.backend)),
      row('Best val. accuracy', (r) =>
        format(Math.max(...r.epochs.map((e) => e.validationAccuracy ?? -Infinity)), 3).replace('-Infinity', '—'),
      ),
      row('Test accuracy', (r) => (r.evaluation ? `${(r.evaluation.accuracy * 100).toFixed(1)} %` : '—')),
      row('Temporal model', (r) => s(r.evaluation?.temporal?.model)),
    ),
  );
}

function renderCharts(): void {
  const w = state.smoothing;
  const visible = runs
    .map((run, index) => ({ run, color: runColor(index) }))
    .filter(({ run }) => !state.hiddenRuns.includes(run.id));
  const stepCurves = (key: 'loss' | 'accuracy'): Curve[] =>
    visible.flatMap(({ run, color }) => {
      if (!run.steps.length) return [];
      const x = run.steps.map((p) => p.step);
      const y = run.steps.map((p) => p[key]);
      return [
        { label: `${run.id} raw`, color, x, y, raw: true },
        { label: run.id, color, x, y: smooth(y, w) },
      ];
    });
  const epochCurves = (
    train: 'trainLoss' | 'trainAccuracy',
    validation: 'validationLoss' | 'validationAccuracy',
  ): Curve[] =>
    visible.flatMap(({ run, color }) => {
      if (!run.epochs.length) return [];
      const x = run.epochs.map((e) => e.epoch);
      const ty = run.epochs.map((e) => e[train]);
      const vy = run.epochs.map((e) => e[validation] ?? NaN);
      const curves: Curve[] = [{ label: `${run.id} train`, color, x, y: smooth(ty, w) }];
      if (vy.some(Number.isFinite))
        curves.push({
          label: `${run.id} validation`,
          color,
          x,
          y: smooth(vy, w).map((v) => (Number.isFinite(v) ? v : null)),
          dash: [6, 4],
        });
      return curves;
    });
  lineChart('step-loss', chartBoxes['step-loss'], 'Loss per step (train)', 'step', stepCurves('loss'), {
    syncKey: 'steps',
  });
  lineChart('step-accuracy', chartBoxes['step-accuracy'], 'Accuracy per step (train)', 'step', stepCurves('accuracy'), {
    syncKey: 'steps',
    accuracy: true,
  });
  lineChart(
    'epoch-loss',
    chartBoxes['epoch-loss'],
    'Loss per epoch (train —, validation - -)',
    'epoch',
    epochCurves('trainLoss', 'validationLoss'),
    { syncKey: 'epochs' },
  );
  lineChart(
    'epoch-accuracy',
    chartBoxes['epoch-accuracy'],
    'Accuracy per epoch (train —, validation - -)',
    'epoch',
    epochCurves('trainAccuracy', 'validationAccuracy'),
    { syncKey: 'epochs', accuracy: true },
  );
  root.dataset.points = String(chartIds.reduce((n, id) => n + Number(chartBoxes[id].dataset.points ?? 0), 0));
  root.dataset.checksum = chartIds.map((id) => chartBoxes[id].dataset.checksum ?? '').join('|');
}

let chartsScheduled = false;
function scheduleCharts(): void {
  if (chartsScheduled) return;
  chartsScheduled = true;
  requestAnimationFrame(() => {
    chartsScheduled = false;
    renderCharts();
  });
}

function renderEvaluation(): void {
  const evaluated = runs.filter((r) => r.evaluation);
  evaluationSection.replaceChildren();
  if (!evaluated.length) {
    evaluationSection.append(
      element(
        'p',
        { class: 'empty' },
        'The confusion matrix, per-class scores and precision-recall curves appear here when a run has been ' +
          'evaluated on its test split.',
      ),
    );
    return;
  }
  if (!evaluationRun || !evaluated.some((r) => r.id === evaluationRun))
    evaluationRun = evaluated[evaluated.length - 1].id;
  const picker = element('select', { id: 'evaluation-run', 'aria-label': 'Run to evaluate' });
  for (const run of evaluated) picker.append(element('option', { value: run.id }, run.id));
  picker.value = evaluationRun;
  picker.addEventListener('change', () => {
    evaluationRun = picker.value;
    renderEvaluation();
  });
  const run = evaluated.find((r) => r.id === evaluationRun) as RunData;
  const evaluation = run.evaluation as RunEvaluation;
  const pr = element('div', { class: 'chart', id: 'chart-pr' });
  evaluationSection.append(
    element(
      'h2',
      {},
      `Evaluation on the ${evaluation.split} split: `,
      picker,
      ` · accuracy ${(evaluation.accuracy * 100).toFixed(1)} %`,
    ),
    element(
      'div',
      { class: 'evaluation-grid' },
      element(
        'div',
        {},
        element('h3', {}, 'Confusion matrix (rows: true class, columns: predicted)'),
        confusionTable(evaluation),
      ),
      element('div', {}, element('h3', {}, 'Per class'), perClassTable(evaluation)),
    ),
    element('h3', {}, 'Precision-recall (one class vs the rest)'),
    pr,
  );
  if (evaluation.temporal) evaluationSection.append(temporalSection(evaluation.temporal));
  const curves: Curve[] = evaluation.classes
    .map((className, index) => ({ className, index, points: evaluation.prCurves[className] ?? [] }))
    .filter((c) => c.points.length)
    .map(({ className, index, points }) => ({
      label: className,
      color: runColor(index),
      x: points.map((p) => p.recall),
      y: points.map((p) => p.precision),
    }));
  lineChart('pr', pr, 'Precision (y) against recall (x)', 'recall', curves, { unitRange: true });
}

function confusionTable(evaluation: RunEvaluation): HTMLTableElement {
  const table = element('table', { class: 'confusion', id: 'confusion' });
  table.append(
    element(
      'tr',
      {},
      element('th', {}, 'true \\ predicted'),
      ...evaluation.classes.map((c) => element('th', { scope: 'col' }, c)),
    ),
  );
  evaluation.confusion.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    const tr = element('tr', {}, element('th', { scope: 'row' }, evaluation.classes[t] ?? String(t)));
    row.forEach((count, p) => {
      const share = count / total;
      const td = element(
        'td',
        {
          title:
            `true ${evaluation.classes[t]}, predicted ${evaluation.classes[p]}: ${count} ` +
            `(${(share * 100).toFixed(1)} % of the row)`,
        },
        String(count),
      );
      const strength = Math.round(share * 65);
      td.style.backgroundColor = `color-mix(in srgb, var(--vscode-charts-blue) ${strength}%, transparent)`;
      if (t === p) td.classList.add('diagonal');
      tr.append(td);
    });
    table.append(tr);
  });
  return table;
}

function perClassTable(evaluation: RunEvaluation): HTMLTableElement {
  const table = element('table', { class: 'per-class', id: 'per-class' });
  table.append(
    element(
      'tr',
      {},
      ...['Class', 'Precision', 'Recall', 'F1', 'Support'].map((h) => element('th', { scope: 'col' }, h)),
    ),
  );
  for (const m of evaluation.perClass) {
    table.append(
      element(
        'tr',
        {},
        element('th', { scope: 'row' }, m.className),
        element('td', {}, format(m.precision, 3)),
        element('td', {}, format(m.recall, 3)),
        element('td', {}, format(m.f1, 3)),
        element('td', {}, String(m.support)),
      ),
    );
  }
  return table;
}

// ── Temporal model on the test videos ─────────────────────────────────────────
type Reading = 'frameOnly' | 'temporal';
type Figures = Omit<VideoFigures, 'frames' | 'correct'>;
const READINGS: readonly Reading[] = ['frameOnly', 'temporal'];
const COLUMNS: ReadonlyArray<{ key: keyof Figures; title: string; text: (value: number) => string }> = [
  { key: 'frameAccuracy', title: 'Frame accuracy', text: (v) => `${(v * 100).toFixed(1)} %` },
  { key: 'majorityBaseline', title: 'Majority class', text: (v) => `${(v * 100).toFixed(1)} %` },
  { key: 'editScore', title: 'Edit', text: (v) => v.toFixed(1) },
  { key: 'f1At10', title: 'F1@10', text: (v) => v.toFixed(1) },
  { key: 'f1At25', title: 'F1@25', text: (v) => v.toFixed(1) },
  { key: 'f1At50', title: 'F1@50', text: (v) => v.toFixed(1) },
  { key: 'macroF1', title: 'Macro-F1', text: (v) => v.toFixed(3) },
];

const readingName = (temporal: TemporalEvaluation, reading: Reading): string =>
  reading === 'frameOnly' ? 'frame only' : temporal.model;
const videosWord = (n: number): string => `${n} test video${n === 1 ? '' : 's'}`;

/** "Test videos: frame only vs <model>": the mean over the test videos, then each video, each read both ways. */
function temporalSection(temporal: TemporalEvaluation): HTMLElement {
  const videos = temporal.temporal.videos;
  const table = element(
    'table',
    {
      id: 'temporal-comparison',
      class: 'temporal-comparison',
      'aria-labelledby': 'temporal-heading',
      'aria-describedby': 'temporal-note',
    },
    element(
      'thead',
      {},
      element(
        'tr',
        {},
        ...['Video', 'Reading', ...COLUMNS.map((c) => c.title)].map((h) => element('th', { scope: 'col' }, h)),
      ),
    ),
    videoRows(temporal, 'mean', `Mean over ${videosWord(videos)}`, {
      frameOnly: temporal.frameOnly.mean,
      temporal: temporal.temporal.mean,
    }),
    ...temporal.perVideo.map((v) => videoRows(temporal, v.videoId, v.videoId, v)),
  );
  return element(
    'section',
    { id: 'temporal-evaluation', class: 'temporal-evaluation' },
    element('h3', { id: 'temporal-heading' }, `Test videos: frame only vs ${temporal.model}`),
    element('p', { id: 'temporal-note', class: 'hint' }, temporalNote(temporal)),
    table,
  );
}

/** What the figures are: the mean over videos, the background left out of segments, and the pooled accuracies. */
function temporalNote(temporal: TemporalEvaluation): string {
  const pooled = (reading: Reading) =>
    `${(temporal[reading].pooled.frameAccuracy * 100).toFixed(1)} % ${readingName(temporal, reading)}`;
  const background = temporal.background.length
    ? ` Left out of segments (edit, F1): ${temporal.background.join(', ')}.`
    : '';
  return (
    `Mean over ${videosWord(temporal.temporal.videos)}, each video weighing the same; accuracies and macro-F1 ` +
    `per frame, edit and F1@k (0–100) per segment.${background} Pooled over all frames: frame accuracy ` +
    `${pooled('frameOnly')}, ${pooled('temporal')}.`
  );
}

/** One video (or the mean): a row per reading, the video named once for both. */
function videoRows(
  temporal: TemporalEvaluation,
  id: string,
  name: string,
  figures: Record<Reading, Figures>,
): HTMLTableSectionElement {
  return element(
    'tbody',
    { 'data-video': id },
    ...READINGS.map((reading, index) => {
      const row = element('tr', { 'data-reading': reading });
      if (index === 0) row.append(element('th', { scope: 'rowgroup', rowspan: String(READINGS.length) }, name));
      row.append(
        element('th', { scope: 'row' }, readingName(temporal, reading)),
        ...COLUMNS.map((c) => element('td', { 'data-metric': c.key }, c.text(figures[reading][c.key]))),
      );
      return row;
    }),
  );
}

function renderAll(): void {
  root.removeAttribute('aria-busy');
  renderRuns();
  renderCharts();
  renderEvaluation();
  renderInsights(insightsSection, runs);
}

// ── Host messages ──────────────────────────────────────────────────────────────
window.addEventListener('message', (event: MessageEvent<ToDashboard>) => {
  handshake?.answered();
  const message = event.data;
  if (message.type === 'runs') {
    runs = message.runs;
    live = message.live;
    renderAll();
  } else if (message.type === 'run') {
    const index = runs.findIndex((r) => r.id === message.run.id);
    const hadEvaluation = index >= 0 && !!runs[index].evaluation;
    if (index >= 0) runs[index] = message.run;
    else runs.push(message.run);
    live = message.live;
    renderRuns();
    scheduleCharts();
    if (hadEvaluation !== !!message.run.evaluation || index < 0) renderEvaluation();
    renderInsights(insightsSection, runs);
  }
});

// Theme switches change the --vscode-* variables: redraw with the new colours.
new MutationObserver(() => renderAll()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
new ResizeObserver(() => {
  for (const [id, chart] of charts) {
    const box = id === 'pr' ? document.getElementById('chart-pr') : chartBoxes[id as (typeof chartIds)[number]];
    if (box && box.clientWidth && Math.abs(box.clientWidth - chart.width) > 4)
      chart.setSize({ width: box.clientWidth, height: 260 });
  }
}).observe(root);

layout();
vscode.setState(state);
const handshake = sayReady(() => vscode.postMessage({ type: 'ready' }));
