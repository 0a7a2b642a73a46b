// The Spot-check grid (browser side). Data comes from the host only (ready handshake); the state the
// host sent is saved so that the panel's serializer can bring the grid back after a window reload.
import {
  FromSpotCheck,
  isSpotCheckSort,
  isSpotCheckView,
  isToSpotCheck,
  SpotCheckState,
  SpotCheckView,
} from '../shared/spotCheckProtocol';
import { renderGrid } from './spotCheckRender';
import { sayReady } from './handshake';

const vscode = acquireVsCodeApi<SpotCheckState>();
const root = document.getElementById('spot-check') as HTMLElement;
const post = (message: FromSpotCheck): void => vscode.postMessage(message);

/**
 * The grid is redrawn on every 'show' (a re-sort): keyboard users keep their place (the sort box, or the same card).
 */
function focusedTarget(): string | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement)) return undefined;
  if (active.id === 'sort') return '#sort';
  const id = active.closest<HTMLElement>('article.card')?.dataset.id;
  return id === undefined ? undefined : `article.card[data-id="${CSS.escape(id)}"]`;
}

function show(view: SpotCheckView): void {
  vscode.setState(view.state);
  const focused = focusedTarget();
  renderGrid(root, view, (sort) => {
    if (isSpotCheckSort(sort)) post({ type: 'sort', sort });
  });
  if (focused) root.querySelector<HTMLElement>(focused)?.focus();
}

// First paint from the escaped data-state attribute; the host sends the same view again after 'ready'.
try {
  const initial: unknown = JSON.parse(document.body.dataset.state ?? '');
  if (isSpotCheckView(initial)) show(initial);
} catch {
  // wait for the host
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  handshake?.answered();
  if (isToSpotCheck(event.data)) show(event.data.view);
});

// A click or Enter/Space on a card opens its image (and its segment); the host does the opening.
const cardOf = (target: EventTarget | null): HTMLElement | null =>
  target instanceof Element ? target.closest<HTMLElement>('article.card') : null;
root.addEventListener('click', (event) => {
  const card = cardOf(event.target);
  if (card?.dataset.id) post({ type: 'open', id: card.dataset.id });
});
root.addEventListener('keydown', (event) => {
  const card = cardOf(event.target);
  if (!card?.dataset.id || event.target !== card) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    post({ type: 'open', id: card.dataset.id });
  }
});

const handshake = sayReady(() => post({ type: 'ready' }));
