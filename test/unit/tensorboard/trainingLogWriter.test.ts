import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventFileError } from '../../../src/core/tensorboard/eventFileWriter';
import { TRAINING_SCALAR_TAGS, TrainingLogWriter } from '../../../src/core/tensorboard/trainingLogWriter';
import { readEventFile } from './support/independentReader';

describe('tensorboard: TrainingLogWriter', () => {
  let runDir: string;
  beforeEach(async () => {
    runDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'run-'));
  });
  afterEach(async () => {
    await fs.promises.rm(runDir, { recursive: true, force: true });
  });

  it('writes logs/train and logs/validation with accuracy, cross_entropy and learning_rate', async () => {
    const logs = await TrainingLogWriter.create(runDir);
    assert.equal(logs.logDir, path.join(runDir, 'logs'));
    for (let step = 0; step < 30; step += 10) {
      logs.scalar('train', 'accuracy', 0.5 + step / 100, step);
      logs.scalar('train', 'cross_entropy', 1 - step / 100, step);
      logs.scalar('train', 'learning_rate', 0.01, step);
      logs.scalar('validation', 'accuracy', 0.4 + step / 100, step);
      logs.scalar('validation', 'cross_entropy', 1.1 - step / 100, step);
    }
    await logs.flush();
    assert.equal(path.dirname(logs.file('train')), path.join(runDir, 'logs', 'train'));
    assert.equal(path.dirname(logs.file('validation')), path.join(runDir, 'logs', 'validation'));
    await logs.close();

    const train = await readEventFile(logs.file('train'));
    const validation = await readEventFile(logs.file('validation'));
    assert.equal(train[0].file_version, 'brain.Event:2');
    assert.equal(validation[0].file_version, 'brain.Event:2');
    const tagsOf = (events: typeof train) => [...new Set(events.flatMap((event) => event.values.map((value) => value.tag)))];
    assert.deepEqual(tagsOf(train), [...TRAINING_SCALAR_TAGS]);
    assert.deepEqual(tagsOf(validation), ['accuracy', 'cross_entropy']);
    const validationAccuracy = validation.filter((event) => event.values[0]?.tag === 'accuracy').map((event) => [event.step, event.values[0].simple_value]);
    assert.deepEqual(validationAccuracy, [
      ['0', Math.fround(0.4)],
      ['10', Math.fround(0.5)],
      ['20', Math.fround(0.6)],
    ]);
    for (const split of ['train', 'validation']) assert.equal((await fs.promises.readdir(path.join(runDir, 'logs', split))).length, 1);
  });

  it('rejects, naming the path, when a split cannot be created', async () => {
    await fs.promises.mkdir(path.join(runDir, 'logs'));
    await fs.promises.writeFile(path.join(runDir, 'logs', 'validation'), 'in the way');
    await assert.rejects(TrainingLogWriter.create(runDir), (error: unknown) => {
      assert.ok(error instanceof EventFileError);
      assert.ok(error.message.includes(path.join(runDir, 'logs', 'validation')), error.message);
      return true;
    });
  });
});
