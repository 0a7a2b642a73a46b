import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventFileName, sanitizeHostname } from '../../../src/core/tensorboard/eventFileName';
import { EventFileError, EventFileWriter } from '../../../src/core/tensorboard/eventFileWriter';
import { readEventFile, readTfRecords, decodeEventFile } from './support/independentReader';

const NAME = /^events\.out\.tfevents\.\d{10}\.[A-Za-z0-9._-]+\.\d+\.\d+$/;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('tensorboard: event file names', () => {
  it('follows TensorFlow: events.out.tfevents.<%010d seconds>.<host>.<pid>.<counter>', () => {
    assert.equal(eventFileName({ timeMs: 1700000000999, hostname: 'gpu-box.lab', pid: 42, counter: 3 }), 'events.out.tfevents.1700000000.gpu-box.lab.42.3');
    assert.equal(eventFileName({ timeMs: 5000, hostname: 'h', pid: 1, counter: 0 }), 'events.out.tfevents.0000000005.h.1.0');
  });

  it('sanitizes host names that could add folders or odd characters', () => {
    assert.equal(sanitizeHostname('a/b\\c d:é'), 'a_b_c_d__');
    assert.equal(sanitizeHostname(''), 'localhost');
    assert.equal(sanitizeHostname('..'), 'localhost');
    assert.equal(sanitizeHostname('x'.repeat(100)).length, 64);
  });
});

describe('tensorboard: EventFileWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'tfevents-'));
  });
  afterEach(async () => {
    await fs.promises.rm(dir, { recursive: true, force: true });
  });

  it('creates the folder and a TensorFlow-named file that starts with the file-version record, on disk at once', async () => {
    const target = path.join(dir, 'nested', 'logs');
    const writer = await EventFileWriter.create(target, { now: () => 1700000000500, hostname: 'my host', pid: 77 });
    try {
      assert.equal(path.dirname(writer.file), target);
      assert.match(path.basename(writer.file), NAME);
      assert.match(path.basename(writer.file), /^events\.out\.tfevents\.1700000000\.my_host\.77\.\d+$/);
      const events = await readEventFile(writer.file);
      assert.equal(events.length, 1);
      assert.equal(events[0].what, 'file_version');
      assert.equal(events[0].file_version, 'brain.Event:2');
      assert.equal(events[0].wall_time, 1700000000.5);
      assert.equal(events[0].step, '0');
    } finally {
      await writer.close();
    }
  });

  it('writes scalars that the independent reader decodes: tags, steps, wall times, float32 values', async () => {
    let clock = 1700000000000;
    const writer = await EventFileWriter.create(dir, { now: () => clock });
    clock += 1500;
    writer.addScalar('accuracy', 0.8125, 10);
    writer.addScalar('cross_entropy', 0.3, 10, 1700000009.25);
    writer.addScalar('learning_rate', 1e-4, 2n ** 40n);
    writer.addScalar('accuracy', 0, 11);
    await writer.flush();
    // On disk after flush, before close.
    const events = await readEventFile(writer.file);
    await writer.close();
    assert.equal(events[0].file_version, 'brain.Event:2');
    assert.deepEqual(
      events.slice(1).map((event) => [event.what, event.step, event.wall_time, event.values.map((value) => [value.tag, value.kind, value.simple_value])]),
      [
        ['summary', '10', 1700000001.5, [['accuracy', 'simple_value', 0.8125]]],
        ['summary', '10', 1700000009.25, [['cross_entropy', 'simple_value', Math.fround(0.3)]]],
        ['summary', String(2 ** 40), 1700000001.5, [['learning_rate', 'simple_value', Math.fround(1e-4)]]],
        ['summary', '11', 1700000001.5, [['accuracy', 'simple_value', 0]]],
      ],
    );
    assert.notEqual(Math.fround(0.3), 0.3, 'the check would notice a double stored as such');
  });

  it('round-trips many scalars in order, with batched writes', async () => {
    const writer = await EventFileWriter.create(dir, { maxPendingRecords: 256, flushIntervalMs: 0 });
    const count = 20_000;
    const tags = ['accuracy', 'cross_entropy', 'learning_rate'];
    const started = process.hrtime.bigint();
    for (let step = 0; step < count; step++) writer.addScalar(tags[step % 3], Math.sin(step) * 1000, step, 1700000000 + step / 10);
    await writer.close();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const events = await readEventFile(writer.file);
    assert.equal(events.length, count + 1);
    for (let step = 0; step < count; step++) {
      const event = events[step + 1];
      assert.equal(event.step, String(step));
      assert.equal(event.wall_time, 1700000000 + step / 10);
      assert.equal(event.values[0].tag, tags[step % 3]);
      assert.equal(event.values[0].simple_value, Math.fround(Math.sin(step) * 1000));
    }
    assert.ok(elapsedMs < 2000, `20k scalars took ${elapsedMs} ms`);
  });

  it('the reader’s CRC checks can fail: a flipped byte in the length or the data is caught', async () => {
    const writer = await EventFileWriter.create(dir);
    writer.addScalar('accuracy', 0.5, 1);
    await writer.close();
    const bytes = await fs.promises.readFile(writer.file);
    const [, second] = readTfRecords(bytes);
    const flip = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at] ^= 0x01;
      return copy;
    };
    assert.throws(() => decodeEventFile(flip(second.offset + 12 + 3)), /record at \d+: data CRC mismatch/);
    assert.throws(() => decodeEventFile(flip(second.offset + 12 + second.data.length)), /data CRC mismatch/);
    assert.throws(() => decodeEventFile(flip(second.offset)), /length CRC mismatch/);
    assert.throws(() => decodeEventFile(flip(second.offset + 9)), /length CRC mismatch/);
    assert.throws(() => decodeEventFile(bytes.subarray(0, bytes.length - 1)), /truncated/);
    assert.equal(decodeEventFile(bytes).length, 2);
  });

  it('writes by itself every flushIntervalMs and every maxPendingRecords', async () => {
    const timed = await EventFileWriter.create(path.join(dir, 'timed'), { flushIntervalMs: 20 });
    timed.addScalar('accuracy', 1, 1);
    await waitFor(() => decodeEventFile(fs.readFileSync(timed.file)).length === 2, 'the timed flush');
    await timed.close();

    const counted = await EventFileWriter.create(path.join(dir, 'counted'), { flushIntervalMs: 0, maxPendingRecords: 3 });
    counted.addScalar('accuracy', 1, 1);
    counted.addScalar('accuracy', 1, 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(decodeEventFile(fs.readFileSync(counted.file)).length, 1, 'two records wait');
    counted.addScalar('accuracy', 1, 3);
    await waitFor(() => decodeEventFile(fs.readFileSync(counted.file)).length === 4, 'the third record to trigger a write');
    await counted.close();
  });

  it('keeps order when flushes are not awaited', async () => {
    const writer = await EventFileWriter.create(dir, { maxPendingRecords: 2, flushIntervalMs: 1 });
    const flushes: Promise<void>[] = [];
    for (let step = 0; step < 200; step++) {
      writer.addScalar('accuracy', step, step);
      if (step % 7 === 0) flushes.push(writer.flush());
    }
    await Promise.all([...flushes, writer.close()]);
    const steps = (await readEventFile(writer.file)).slice(1).map((event) => Number(event.step));
    assert.deepEqual(steps, Array.from({ length: 200 }, (_, step) => step));
  });

  it('gives two writers in one folder and second different files', async () => {
    const options = { now: () => 1700000000000, hostname: 'h', pid: 1 };
    const [a, b] = await Promise.all([EventFileWriter.create(dir, options), EventFileWriter.create(dir, options)]);
    assert.notEqual(a.file, b.file);
    await Promise.all([a.close(), b.close()]);
    assert.equal((await fs.promises.readdir(dir)).length, 2);
  });

  it('refuses bad arguments and scalars after close; close is idempotent', async () => {
    const writer = await EventFileWriter.create(dir);
    assert.throws(() => writer.addScalar('', 1, 1), TypeError);
    assert.throws(() => writer.addScalar('a', 1, 1.5), RangeError);
    assert.throws(() => writer.addScalar('a', 1, 1, Number.NaN), RangeError);
    const closing = writer.close();
    assert.equal(writer.close(), closing);
    await closing;
    assert.throws(() => writer.addScalar('a', 1, 1), /closed/);
  });

  it('rejects with the file name when the folder cannot be made', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await fs.promises.writeFile(blocker, '');
    await assert.rejects(EventFileWriter.create(path.join(blocker, 'logs')), (error: unknown) => {
      assert.ok(error instanceof EventFileError);
      assert.ok(error.message.includes(path.join(blocker, 'logs')), error.message);
      return true;
    });
  });

  it('rejects flush and close with the file name when a write fails', async () => {
    const writer = await EventFileWriter.create(dir);
    // Pull the file handle out from under the writer, so the next write fails with EBADF.
    await (writer as unknown as { handle: fs.promises.FileHandle }).handle.close();
    writer.addScalar('accuracy', 1, 1);
    const check = (error: unknown) => {
      assert.ok(error instanceof EventFileError);
      assert.equal(error.file, writer.file);
      assert.match(error.message, /Could not write TensorBoard event file .*events\.out\.tfevents/);
      return true;
    };
    await assert.rejects(writer.flush(), check);
    writer.addScalar('accuracy', 1, 2); // dropped, not thrown: the failure is already reported
    await assert.rejects(writer.close(), check);
  });
});
