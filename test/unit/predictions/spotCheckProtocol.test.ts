import * as assert from 'node:assert/strict';
import { isFromSpotCheck, isSpotCheckState, isToSpotCheck, type SpotCheckState } from '../../../src/shared/spotCheckProtocol';

const state: SpotCheckState = {
  runDir: '/w/runs/r1',
  classes: ['not-suturing', 'suturing'],
  source: '2 images',
  sort: 'wrong-first',
  items: [
    { id: '0', image: '/w/d/test/suturing/a.jpg', name: 'a.jpg', scores: [0.2, 0.8], predicted: 'suturing', confidence: 0.8, trueClass: 'suturing', correct: true, frame: { datasetDir: '/w/d', video: 'v.mp4', videoId: 5, time: 12 } },
    { id: '1', image: '/w/b.png', name: 'b.png', error: '/w/b.png: unsupported image format' },
  ],
};

describe('spot check: protocol guards', () => {
  it('accepts what the webview may send, and nothing else', () => {
    assert.ok(isFromSpotCheck({ type: 'ready' }));
    assert.ok(isFromSpotCheck({ type: 'open', id: '3' }));
    assert.ok(isFromSpotCheck({ type: 'sort', sort: 'confidence-asc' }));
    assert.ok(!isFromSpotCheck({ type: 'open', id: 3 }));
    assert.ok(!isFromSpotCheck({ type: 'sort', sort: 'alphabetical' }));
    assert.ok(!isFromSpotCheck({ type: 'readFile', path: '/etc/passwd' }));
    assert.ok(!isFromSpotCheck(null));
  });

  it('a restored state is checked before the host trusts it', () => {
    assert.ok(isSpotCheckState(JSON.parse(JSON.stringify(state))));
    assert.ok(!isSpotCheckState({ ...state, sort: 'random' }));
    assert.ok(!isSpotCheckState({ ...state, items: [{ id: '0', image: 5, name: 'a' }] }));
    assert.ok(!isSpotCheckState({ ...state, items: [{ ...state.items[0], scores: ['0.2'] }] }));
    assert.ok(!isSpotCheckState({ ...state, items: [{ ...state.items[0], frame: { datasetDir: '/w/d', video: 'v.mp4', videoId: null, time: 1 } }] }));
    assert.ok(!isSpotCheckState({ runsFolder: '/w/runs', hiddenRuns: [], smoothing: 0.6 }), 'the dashboard’s state is not ours');
  });

  it('the host’s message carries the state and the image URIs', () => {
    assert.ok(isToSpotCheck({ type: 'show', view: { state, sources: { '0': 'https://file+.vscode-resource/w/d/test/suturing/a.jpg' } } }));
    assert.ok(!isToSpotCheck({ type: 'show', view: { state } }));
    assert.ok(!isToSpotCheck({ type: 'runs', runs: [] }));
  });
});
