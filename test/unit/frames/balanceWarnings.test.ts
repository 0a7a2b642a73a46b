import * as assert from 'node:assert/strict';
import { balanceWarnings } from '../../../src/core/frames/extractDataset';

describe('extraction summary warnings', () => {
  const classes = ['suturing', 'not-suturing'];

  it('says nothing for a healthy dataset', () => {
    const counts = { train: { suturing: 400, 'not-suturing': 900 }, validation: { suturing: 50, 'not-suturing': 100 }, test: { suturing: 40, 'not-suturing': 120 } };
    assert.deepEqual(balanceWarnings(counts, classes), []);
  });

  it('warns about tiny classes, strong imbalance, empty splits and classes missing from a split', () => {
    const counts = { train: { suturing: 10, 'not-suturing': 900 }, validation: { suturing: 0, 'not-suturing': 0 }, test: { suturing: 0, 'not-suturing': 30 } };
    const warnings = balanceWarnings(counts, classes);
    assert.equal(warnings.length, 4, warnings.join('\n'));
    assert.match(warnings[0], /"suturing" has only 10 frame/);
    assert.match(warnings[1], /badly imbalanced/);
    assert.match(warnings[2], /validation split is empty/);
    assert.match(warnings[3], /test split has no frame of "suturing"/);
  });
});
