import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeTrainingDataset, sharedModel } from './support/trainingDataset';
import { workspaceFile } from './support/wait';

interface TrainResult {
  runDir: string;
  status: string;
  testAccuracy?: number;
  backend: { used: string; diagnosis: string[] };
}


describe('Train Classifier in a real VS Code', function () {
  this.timeout(300_000);
  let dataset: vscode.Uri;

  before(async () => {
    dataset = await makeTrainingDataset('training');
  });

  it('trains in a worker process on the dataset, and the run folder appears', async () => {
    const result = await vscode.commands.executeCommand<TrainResult>('surgeryClassifier.trainClassifier', {
      dataset,
      overrides: { baseModel: sharedModel, epochs: 8, backend: 'wasm', patience: 0 },
    });
    assert.ok(result, 'a result is returned');
    assert.equal(result.status, 'completed');
    assert.equal(result.backend.used, 'wasm');
    assert.ok(result.runDir.startsWith(workspaceFile('runs').fsPath), result.runDir);
    for (const file of ['model/model.json', 'evaluation.json', 'metrics.jsonl', 'config.json']) assert.ok(fs.existsSync(path.join(result.runDir, file)), file);
    assert.ok(result.testAccuracy !== undefined);
    const epochs = fs.readFileSync(path.join(result.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.kind === 'epoch');
    assert.equal(epochs.length, 8);
  });

  it('explains a GPU package that cannot load, and says what was used instead', async () => {
    // Make the load fail for real: a tfjs-node-gpu whose CUDA library is missing, found by the worker through NODE_PATH.
    const fake = path.join(workspaceFile('').fsPath, '.fake-modules', '@tensorflow', 'tfjs-node-gpu');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', main: 'index.js' }));
    fs.writeFileSync(path.join(fake, 'index.js'), "throw new Error('libcudnn.so.8: cannot open shared object file: No such file or directory');");
    const previous = process.env.NODE_PATH;
    process.env.NODE_PATH = path.join(workspaceFile('').fsPath, '.fake-modules');
    try {
      const result = await vscode.commands.executeCommand<TrainResult>('surgeryClassifier.trainClassifier', { dataset, overrides: { baseModel: sharedModel, epochs: 1, backend: 'gpu' } });
      assert.ok(result);
      assert.notEqual(result.backend.used, 'tensorflow-gpu');
      assert.ok(result.backend.diagnosis.some((line) => /libcudnn\.so\.8 was not found\. Install cuDNN 8\.1/.test(line)), result.backend.diagnosis.join(' | '));
    } finally {
      if (previous === undefined) delete process.env.NODE_PATH;
      else process.env.NODE_PATH = previous;
    }
  });
});
