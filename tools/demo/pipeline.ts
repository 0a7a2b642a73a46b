import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateFfmpegTools } from '../../src/core/ffmpeg/locateTools';
import { DEFAULT_EXTRACTION_SETTINGS } from '../../src/core/frames/extractionSettings';
import { extractDataset } from '../../src/core/frames/extractDataset';
import { formatSummary } from '../../src/core/frames/formatSummary';
import { parseJsonLines } from '../../src/core/frames/manifest';
import { readRunState } from '../../src/core/training/runFolder';
import { TRAIN_DEFAULTS } from '../../src/core/training/trainDefaults';
import { TrainingProcess } from '../../src/core/training/workerProcess';
import { repoRoot } from '../host/paths';
import { TRAINING_ANNOTATIONS } from './sampleWorkspace';

/**
 * The sample data end to end, before the editor opens: frames extracted (resumable: a rerun only
 * checks them) and a classifier trained once, so the demo shows a dataset and a finished run.
 */
export interface DemoResult {
  /** The completed run the panels show. */
  readonly runDir: string;
  /** A video of the test split (held out from training) and its id in TRAINING_ANNOTATIONS. */
  readonly testVideo: { readonly videoId: string; readonly file: string };
}

export async function extractAndTrain(workspace: string, baseModel: string, log: (line: string) => void): Promise<DemoResult> {
  const dataset = path.join(workspace, 'datasets', 'suturing');
  const tools = await locateFfmpegTools({});
  const summary = await extractDataset({
    annotationsFile: path.join(workspace, TRAINING_ANNOTATIONS),
    annotationsText: fs.readFileSync(path.join(workspace, TRAINING_ANNOTATIONS), 'utf8'),
    videosFolder: 'videos',
    videoFileName: '{videoId}.mp4',
    outDir: dataset,
    settings: { ...DEFAULT_EXTRACTION_SETTINGS, step: 2, split: { train: 1, validation: 1, test: 1 } },
    tools,
    concurrency: os.availableParallelism(),
  });
  log(`Extracted frames into ${path.relative(workspace, dataset)}:\n${formatSummary(summary)}`);
  const testRow = parseJsonLines(fs.readFileSync(path.join(dataset, 'manifest.jsonl'), 'utf8'), 'manifest.jsonl').find((row) => row.split === 'test');
  if (!testRow) throw new Error('The demo dataset has no test split.');
  const testVideo = { videoId: String(testRow.videoId), file: path.join(workspace, 'videos', `${testRow.videoId}.mp4`) };

  const runsDir = path.join(workspace, 'runs');
  const previous = fs.existsSync(runsDir) ? fs.readdirSync(runsDir).map((name) => path.join(runsDir, name)) : [];
  for (const run of previous) {
    if ((await readRunState(run))?.status === 'completed') {
      log(`Trained model already there: ${path.relative(workspace, run)}`);
      return { runDir: run, testVideo };
    }
  }
  log(`Training on ${path.relative(workspace, dataset)} (base model ${baseModel}) in a worker process…`);
  const storage = path.join(workspace, '..', '.demo-cache');
  const training = new TrainingProcess(path.join(repoRoot, 'dist', 'worker.js'), {
    ...TRAIN_DEFAULTS,
    datasetDir: dataset,
    runsDir,
    runName: 'suturing',
    baseModel,
    modelCacheDir: path.join(storage, 'models'),
    embeddingCacheDir: path.join(storage, 'embeddings'),
    epochs: 15,
  }, {
    onMessage: (message) => {
      if (message.type === 'epoch') {
        const m = message.metrics;
        log(`  epoch ${m.epoch}: train acc ${m.trainAccuracy.toFixed(3)}${m.validationAccuracy === undefined ? '' : `, val acc ${m.validationAccuracy.toFixed(3)}`}`);
      }
      if (message.type === 'log' && message.level !== 'info') log(`  ${message.message}`);
    },
  });
  const result = await training.result;
  log(`Trained (${result.backend.used}): test accuracy ${result.testAccuracy === undefined ? 'n/a' : `${(result.testAccuracy * 100).toFixed(1)} %`} on a held-out video → ${path.relative(workspace, result.runDir)}`);
  return { runDir: result.runDir, testVideo };
}
