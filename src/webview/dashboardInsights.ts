// The dashboard's "What the run saw" part: the image grids the run logged for TensorBoard (sample
// training frames per class, misclassified test frames) and the head's weight distributions over the
// epochs, drawn like TensorBoard's DISTRIBUTIONS view (nested percentile bands). Images come as
// webview URIs the host made (img-src is the webview's own origin); everything else is built with
// DOM calls and text nodes, so no run data is ever parsed as HTML.
import type { RunData, RunImage, WeightDistribution } from '../shared/dashboardProtocol';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 150;
const PAD = { left: 58, right: 8, top: 8, bottom: 20 };
/** Index pairs into the 9 percentiles (min, 6.7 %, 15.9 %, 30.9 %, median, …, max): outer band first. */
const BANDS: ReadonlyArray<readonly [number, number]> = [
  [0, 8],
  [1, 7],
  [2, 6],
  [3, 5],
];
const BAND_OPACITY = ['0.15', '0.25', '0.35', '0.5'];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

function svg(tag: string, attributes: Record<string, string>, ...children: Node[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** A caption's **bold** parts (class names) as <strong>, the rest as text. */
function caption(text: string): HTMLElement {
  const figcaption = el('figcaption');
  text.split('**').forEach((part, i) => figcaption.append(i % 2 ? el('strong', {}, part) : part));
  return figcaption;
}

function figure(image: RunImage): HTMLElement {
  const img = el('img', {
    src: image.src,
    alt: image.title,
    width: String(image.width),
    height: String(image.height),
    loading: 'lazy',
    'data-tag': image.tag,
  });
  return el('figure', { class: 'run-image' }, el('h4', {}, image.title), img, caption(image.caption));
}

const tick = (value: number): string =>
  value === 0 || Math.abs(value) >= 100
    ? value.toFixed(0)
    : Math.abs(value) < 1e-3
      ? value.toExponential(1)
      : value.toPrecision(2);

/** One weight's bands over the epochs; a single epoch is drawn as a short flat band. */
export function distributionChart(distribution: WeightDistribution): SVGElement {
  const { epochs, percentiles } = distribution;
  const low = Math.min(...percentiles.map((p) => p[0]));
  const high = Math.max(...percentiles.map((p) => p[8]));
  const span = high - low || 1;
  const first = epochs[0];
  const last = epochs.length > 1 ? epochs[epochs.length - 1] : first + 1;
  const x = (epoch: number) => PAD.left + ((epoch - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - low) / span) * (HEIGHT - PAD.top - PAD.bottom);
  const xs = epochs.length > 1 ? epochs : [first, last];
  const rows = epochs.length > 1 ? percentiles : [percentiles[0], percentiles[0]];
  const points = (index: number) => xs.map((epoch, i) => `${x(epoch).toFixed(1)},${y(rows[i][index]).toFixed(1)}`);
  const chart = svg('svg', {
    class: 'distribution',
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: String(WIDTH),
    height: String(HEIGHT),
    role: 'img',
    'aria-label': `${distribution.name}: values over ${epochs.length} epoch(s), from ${tick(low)} to ${tick(high)}`,
  });
  BANDS.forEach(([from, to], b) =>
    chart.append(
      svg('polygon', {
        class: 'band',
        points: [...points(from), ...points(to).reverse()].join(' '),
        'fill-opacity': BAND_OPACITY[b],
      }),
    ),
  );
  chart.append(svg('polyline', { class: 'median', points: points(4).join(' '), fill: 'none' }));
  for (const value of [low, (low + high) / 2, high]) {
    const label = svg('text', { x: String(PAD.left - 4), y: String(y(value) + 4), 'text-anchor': 'end' });
    label.textContent = tick(value);
    chart.append(label);
  }
  const axis = svg('text', { x: String(WIDTH - PAD.right), y: String(HEIGHT - 4), 'text-anchor': 'end' });
  axis.textContent = `epoch ${first}–${epochs[epochs.length - 1]}`;
  chart.append(axis);
  return chart;
}

let shownRun: string | undefined;
/** What each part of the section shows now: a live run's new epoch redraws the charts, not the images. */
let shown = { run: '', images: '', distributions: '' };

const imagesKey = (run: RunData) => run.insights?.images.map((image) => image.src).join('|') ?? '';
const distributionsKey = (run: RunData) =>
  (run.insights?.distributions ?? []).map((d) => `${d.name}:${d.epochs.length}`).join('|');

/**
 * Fills `section` for one run of `runs` (a picker when several have something to show); parts that did not change stay
 * as they are.
 */
export function renderInsights(section: HTMLElement, runs: readonly RunData[]): void {
  const withInsights = runs.filter(
    (run) => run.insights && (run.insights.images.length || run.insights.distributions.length),
  );
  if (!withInsights.length) {
    shown = { run: '', images: '', distributions: '' };
    section.replaceChildren(
      el(
        'p',
        { class: 'empty' },
        'Sample frames, misclassified test frames and weight distributions appear here for runs that logged them.',
      ),
    );
    return;
  }
  if (!shownRun || !withInsights.some((run) => run.id === shownRun))
    shownRun = withInsights[withInsights.length - 1].id;
  const run = withInsights.find((r) => r.id === shownRun)!;
  const runKey = withInsights.map((r) => r.id).join('|') + `>${run.id}`;
  let images = section.querySelector<HTMLElement>(':scope > .insights-images');
  let charts = section.querySelector<HTMLElement>(':scope > .insights-distributions');
  if (shown.run !== runKey || !images || !charts) {
    const picker = el('select', { id: 'insights-run', 'aria-label': 'Run whose frames and weights are shown' });
    for (const r of withInsights) picker.append(el('option', { value: r.id }, r.id));
    picker.value = run.id;
    picker.addEventListener('change', () => {
      shownRun = picker.value;
      renderInsights(section, runs);
    });
    images = el('div', { class: 'insights-images' });
    charts = el('div', { class: 'insights-distributions' });
    section.replaceChildren(el('h2', {}, 'What the run saw: ', picker), images, charts);
    shown = { run: runKey, images: '', distributions: '' };
  }
  const insights = run.insights!;
  if (shown.images !== imagesKey(run)) {
    shown.images = imagesKey(run);
    images.replaceChildren();
    const group = (kind: RunImage['kind'], title: string, empty: string) => {
      const list = insights.images.filter((image) => image.kind === kind);
      images!.append(
        el('h3', {}, title),
        list.length
          ? el('div', { class: 'run-images', 'data-kind': kind }, ...list.map(figure))
          : el('p', { class: 'empty' }, empty),
      );
    };
    group('samples', 'Sample training frames per class', 'No sample frames were logged.');
    group(
      'misclassified',
      'Misclassified test frames (true class → predicted)',
      'No misclassified test frames (or no test split).',
    );
  }
  if (shown.distributions !== distributionsKey(run)) {
    shown.distributions = distributionsKey(run);
    charts.replaceChildren(
      el('h3', {}, 'Weight distributions of the head (bands: min–max, ±1.5σ, ±1σ, ±0.5σ; line: median)'),
      insights.distributions.length
        ? el(
            'div',
            { class: 'distributions' },
            ...insights.distributions.map((d) =>
              el(
                'figure',
                { class: 'distribution-figure', 'data-name': d.name },
                el('h4', {}, d.name),
                distributionChart(d),
              ),
            ),
          )
        : el('p', { class: 'empty' }, 'No weight distributions were logged.'),
    );
  }
}
