import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDistributions, readRunInsights } from '../../../src/extension/panels/runInsights';

const percentiles = (center: number) => [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2].map((d) => center + d);

describe('dashboard: the images and weight distributions a run logged (runInsights)', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-insights-'));
  });
  afterEach(() => fs.rmSync(runDir, { recursive: true, force: true }));

  it('groups distributions.jsonl by weight over the epochs, skipping damaged lines and entries', () => {
    const line = (epoch: number, extra: object[] = []) => JSON.stringify({ epoch, step: epoch * 3, weights: [{ name: 'head/head_softmax/kernel', percentiles: percentiles(epoch) }, ...extra] });
    const text = [line(1), 'not json', line(2, [{ name: 'bad', percentiles: [1, 2] }, { name: 'nan', percentiles: [...percentiles(0).slice(0, 8), null] }]), '{"epoch": 3, "weights": [', ''].join('\n');
    assert.deepEqual(parseDistributions(text), [{ name: 'head/head_softmax/kernel', epochs: [1, 2], percentiles: [percentiles(1), percentiles(2)] }]);
  });

  it('lists only JPEGs inside <run>/images/, as the host’s webview URIs', async () => {
    fs.mkdirSync(path.join(runDir, 'images'));
    const good = { kind: 'samples', tag: 'samples/suturing', title: 'Training frames of suturing', caption: '16 of 27', file: 'images/samples-0-suturing.jpg', width: 512, height: 384 };
    const escapes = { ...good, file: 'images/../../secret.jpg' };
    const notJpeg = { ...good, file: 'images/x.svg' };
    const badKind = { ...good, kind: 'script' };
    fs.writeFileSync(path.join(runDir, 'images', 'images.json'), JSON.stringify({ images: [good, escapes, notJpeg, badKind, { ...good, width: -1 }] }));
    const insights = await readRunInsights(runDir, (file) => `webview://${file}`);
    assert.deepEqual(insights, { images: [{ ...good, src: `webview://${path.join(runDir, 'images', 'samples-0-suturing.jpg')}` }], distributions: [] });
  });

  it('a run without them (or with damaged files) has no insights', async () => {
    assert.equal(await readRunInsights(runDir, (f) => f), undefined);
    fs.mkdirSync(path.join(runDir, 'images'));
    fs.writeFileSync(path.join(runDir, 'images', 'images.json'), '{');
    fs.writeFileSync(path.join(runDir, 'distributions.jsonl'), 'garbage\n');
    assert.equal(await readRunInsights(runDir, (f) => f), undefined);
  });
});
