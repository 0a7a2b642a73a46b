import * as assert from 'node:assert/strict';
import { encodeEvent, FILE_VERSION } from '../../../src/core/tensorboard/eventMessages';
import { decodeEvent } from './support/independentReader';

describe('tensorboard: Event messages against the official protos', () => {
  it('file-version event: wall_time, step 0, what = file_version "brain.Event:2"', () => {
    const decoded = decodeEvent(encodeEvent({ wallTime: 1700000000.25, step: 0, fileVersion: FILE_VERSION }));
    assert.equal(decoded.what, 'file_version');
    assert.equal(decoded.file_version, 'brain.Event:2');
    assert.equal(decoded.wall_time, 1700000000.25);
    assert.equal(decoded.step, '0');
    assert.deepEqual(decoded.values, []);
  });

  it('scalar event: one Summary.Value with tag and simple_value (float32)', () => {
    const decoded = decodeEvent(encodeEvent({ wallTime: 1700000001.5, step: 1234, scalars: [{ tag: 'accuracy', value: 0.9123 }] }));
    assert.equal(decoded.what, 'summary');
    assert.equal(decoded.step, '1234');
    assert.equal(decoded.wall_time, 1700000001.5);
    assert.deepEqual(decoded.values, [{ tag: 'accuracy', kind: 'simple_value', simple_value: Math.fround(0.9123) }]);
  });

  it('a value of 0 is still set (a oneof member), so TensorBoard does not drop it', () => {
    const decoded = decodeEvent(encodeEvent({ wallTime: 1, step: 3, scalars: [{ tag: 'cross_entropy', value: 0 }] }));
    assert.deepEqual(decoded.values, [{ tag: 'cross_entropy', kind: 'simple_value', simple_value: 0 }]);
  });

  it('several values, large, negative and bigint steps, infinities', () => {
    const decoded = decodeEvent(
      encodeEvent({
        wallTime: 2,
        step: 2n ** 40n,
        scalars: [
          { tag: 'a', value: Infinity },
          { tag: 'b/c', value: -1e-3 },
        ],
      }),
    );
    assert.equal(decoded.step, String(2 ** 40));
    assert.deepEqual(
      decoded.values.map((value) => [value.tag, value.simple_value]),
      [
        ['a', Infinity],
        ['b/c', Math.fround(-1e-3)],
      ],
    );
    assert.equal(decodeEvent(encodeEvent({ wallTime: 2, step: -7, scalars: [] })).step, '-7');
    assert.ok(Number.isNaN(decodeEvent(encodeEvent({ wallTime: 2, step: 1, scalars: [{ tag: 'n', value: NaN }] })).values[0].simple_value));
  });

  it('is the canonical encoding: protobufjs re-encodes the decoded message to the same bytes', () => {
    const events = [
      encodeEvent({ wallTime: 1700000000.123, step: 0, fileVersion: FILE_VERSION }),
      encodeEvent({ wallTime: 1700000000.5, step: 99, scalars: [{ tag: 'learning_rate', value: 0.01 }] }),
      encodeEvent({ wallTime: 1700000000.5, step: 1, scalars: [{ tag: 'x', value: 0 }] }),
    ];
    for (const bytes of events) assert.deepEqual(Buffer.from(decodeEvent(bytes).reencoded), Buffer.from(bytes));
  });
});
