import { UsageError } from './args';
import { EVALUATE_USAGE, runEvaluate } from './commands/evaluate';
import { EXTRACT_USAGE, runExtract } from './commands/extract';
import { MERGE_USAGE, runMergeManifests } from './commands/mergeManifests';
import { PREDICT_USAGE, runPredict } from './commands/predict';
import { PREDICT_VIDEO_USAGE, runPredictVideo } from './commands/predictVideo';
import { runTrain, TRAIN_USAGE } from './commands/train';
import { runValidate, VALIDATE_USAGE } from './commands/validate';

const USAGE = `Usage: surgery-classifier <command> [options]

Commands:
  validate FILE...                           check annotation files
  extract ANNOTATIONS --videos DIR --out DIR extract labelled frames (resumable, shardable)
  merge-manifests OUT_DIR                    join the manifests of sharded extract runs
  train DATASET --out RUNS                   train a classifier (worker process, TensorBoard logs)
  predict RUN IMAGE...                       per-class scores of images
  predict-video RUN VIDEO                    predicted segments of a video (and their scores against annotations)
  evaluate RUN --annotations F --videos DIR  the field's metrics over many annotated videos

${VALIDATE_USAGE}

${EXTRACT_USAGE}

${MERGE_USAGE}

${TRAIN_USAGE}

${PREDICT_USAGE}

${PREDICT_VIDEO_USAGE}

${EVALUATE_USAGE}`;

/** The headless entry: the same core as the editor, for pre-commit hooks, CI and clusters. */
export async function main(argv: readonly string[]): Promise<number> {
  const out = {
    stdout: (text: string) => process.stdout.write(text + '\n'),
    stderr: (text: string) => process.stderr.write(text + '\n'),
  };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return runValidate(rest, out);
      case 'extract':
        return await runExtract(rest, out);
      case 'merge-manifests':
        return await runMergeManifests(rest, out);
      case 'train':
        return await runTrain(rest, out);
      case 'predict':
        return await runPredict(rest, out);
      case 'predict-video':
        return await runPredictVideo(rest, out);
      case 'evaluate':
        return await runEvaluate(rest, out);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(
        `surgery-classifier: ${error.message}\nRun 'surgery-classifier ` +
          `${command && command !== 'help' ? `${command} ` : ''}--help' for usage.`,
      );
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `surgery-classifier: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
