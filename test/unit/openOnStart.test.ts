import * as assert from 'node:assert/strict';
import { parseOpenOnStart } from '../../src/shared/openOnStart';

describe('panels to open on start (the demo’s environment variable)', () => {
  it('reads the documented shape', () => {
    const text = JSON.stringify({ dashboard: '/w/runs', predictVideo: { video: '/w/videos/7.mp4', runDir: '/w/runs/r', annotations: '/w/a.annotations.json', videoId: '7', everySeconds: 4 } });
    assert.deepEqual(parseOpenOnStart(text), { dashboard: '/w/runs', predictVideo: { video: '/w/videos/7.mp4', runDir: '/w/runs/r', annotations: '/w/a.annotations.json', videoId: '7', everySeconds: 4 } });
  });

  it('drops what does not have that shape, and ignores text that is not JSON', () => {
    assert.equal(parseOpenOnStart(undefined), undefined);
    assert.equal(parseOpenOnStart('{oops'), undefined);
    assert.equal(parseOpenOnStart('3'), undefined);
    assert.deepEqual(parseOpenOnStart(JSON.stringify({ dashboard: 5, predictVideo: { video: '/v.mp4' } })), {});
    assert.deepEqual(parseOpenOnStart(JSON.stringify({ predictVideo: { video: '/v.mp4', runDir: '/r', everySeconds: -1 } })), {});
    assert.deepEqual(parseOpenOnStart(JSON.stringify({ predictVideo: { video: '/v.mp4', runDir: '/r', videoId: 7 } })), {});
  });
});
