// The grid's DOM: one card per image, built with textContent only (names and classes are data, never HTML).
import type { SpotCheckItem, SpotCheckSort, SpotCheckView } from '../shared/spotCheckProtocol';

export const SORT_LABELS: Record<SpotCheckSort, string> = {
  'wrong-first': 'Wrong first',
  'confidence-desc': 'Most confident first',
  'confidence-asc': 'Least confident first',
};

export const formatScore = (value: number | undefined): string =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3);

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const verdict = (item: SpotCheckItem): string =>
  item.error !== undefined ? 'failed' : item.correct === false ? 'wrong' : item.correct ? 'right' : 'unknown';

/** What a screen reader says for a card: the verdict first, as the eye sees the border first. */
function cardLabel(item: SpotCheckItem): string {
  if (item.error !== undefined) return `${item.name}: could not be scored. ${item.error}`;
  const truth = item.trueClass === undefined ? 'true class unknown' : `true class ${item.trueClass}`;
  const head = item.correct === false ? 'Wrong. ' : item.correct ? 'Right. ' : '';
  return (
    `${head}${item.name}: predicted ${item.predicted} (${formatScore(item.confidence)}), ${truth}. Enter opens ` +
    `the image${item.frame ? ' and its segment' : ''}.`
  );
}

function scoresTable(item: SpotCheckItem, classes: readonly string[]): HTMLTableElement {
  const table = element('table', 'scores');
  const body = element('tbody');
  classes.forEach((className, c) => {
    const row = element('tr');
    const score = item.scores?.[c];
    row.dataset.class = className;
    if (className === item.predicted) row.classList.add('predicted');
    if (className === item.trueClass) row.classList.add('true');
    const name = element('th', undefined, className);
    name.scope = 'row';
    const value = element('td', 'score', formatScore(score));
    const barCell = element('td', 'bar-cell');
    const bar = element('span', 'bar');
    bar.style.width = `${Math.round(Math.max(0, Math.min(1, score ?? 0)) * 100)}%`;
    barCell.append(bar);
    row.append(name, value, barCell);
    body.append(row);
  });
  table.append(body);
  return table;
}

function card(item: SpotCheckItem, classes: readonly string[], source: string | undefined): HTMLElement {
  const kind = verdict(item);
  const node = element('article', `card ${kind}`);
  node.tabIndex = 0;
  node.dataset.id = item.id;
  node.dataset.verdict = kind;
  if (item.predicted) node.dataset.predicted = item.predicted;
  if (item.trueClass) node.dataset.trueClass = item.trueClass;
  node.setAttribute('aria-label', cardLabel(item));

  const figure = element('div', 'thumb');
  if (source && item.error === undefined) {
    const img = element('img');
    img.src = source;
    img.alt = item.name;
    img.loading = 'lazy';
    // Deleted or moved since it was scored: say so instead of a broken-image icon.
    img.addEventListener('error', () => img.replaceWith(element('span', 'no-image', 'image not found')), {
      once: true,
    });
    figure.append(img);
  } else {
    figure.append(element('span', 'no-image', item.error !== undefined ? 'unreadable' : ''));
  }
  if (kind === 'wrong') figure.append(element('span', 'badge', '✗ wrong'));
  node.append(figure);

  node.append(element('div', 'name', item.name));
  if (item.error !== undefined) {
    node.append(element('p', 'error', item.error));
    return node;
  }
  node.append(scoresTable(item, classes));
  const truth = element('div', 'truth');
  truth.append(
    item.trueClass === undefined
      ? element('span', 'unknown', 'true class unknown')
      : element('span', undefined, `true: ${item.trueClass}`),
  );
  node.append(truth);
  return node;
}

/** The whole page for one view: header (source, counts, sort) and the grid. */
export function renderGrid(root: HTMLElement, view: SpotCheckView, onSort: (value: string) => void): void {
  const { state, sources } = view;
  const items = state.items;
  const wrong = items.filter((i) => i.correct === false).length;
  const known = items.filter((i) => i.correct !== undefined).length;
  const failed = items.filter((i) => i.error !== undefined).length;

  const header = element('header', 'toolbar');
  const title = element('h2', undefined, `Spot check · ${state.runDir.split(/[\\/]/).pop() ?? ''}`);
  const counts = element('p', 'counts');
  counts.id = 'counts';
  counts.textContent = [
    state.source,
    known
      ? `${wrong} wrong of ${known} with a known class (accuracy ${(((known - wrong) / known) * 100).toFixed(1)} %)`
      : 'true classes unknown',
    failed ? `${failed} could not be scored` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const label = element('label', 'sort');
  label.append('Sort: ');
  const select = element('select');
  select.id = 'sort';
  for (const [value, text] of Object.entries(SORT_LABELS)) {
    const option = element('option', undefined, text);
    option.value = value;
    option.selected = value === state.sort;
    select.append(option);
  }
  select.addEventListener('change', () => onSort(select.value));
  label.append(select);
  header.append(title, counts, label);

  const grid = element('section', 'grid');
  grid.id = 'grid';
  grid.setAttribute('aria-label', 'Images and their scores');
  for (const item of items) grid.append(card(item, state.classes, sources[item.id]));
  if (!items.length) grid.append(element('p', 'empty', 'No images.'));

  root.replaceChildren(header, grid);
  root.removeAttribute('aria-busy');
}
