import { mergeShardManifests } from '../../core/frames/shards';
import { parseArgs, UsageError } from '../args';

export const MERGE_USAGE = `Usage: surgery-classifier merge-manifests OUT_DIR

Joins manifest.shard-I-of-N.jsonl files (from extract --shard) into manifest.jsonl, manifest.csv and
dataset.json, exactly as one unsharded run would have written them.`;

export async function runMergeManifests(
  argv: readonly string[],
  out: { stdout: (t: string) => void; stderr: (t: string) => void },
): Promise<number> {
  const { positionals, options } = parseArgs(argv, { help: 'flag' });
  if (options.has('help')) {
    out.stdout(MERGE_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('Give the output folder that holds the shard manifests.');
  try {
    const { rows, shards } = await mergeShardManifests(positionals[0]);
    out.stdout(`Merged ${shards} shard(s): ${rows} frame(s) in ${positionals[0]}/manifest.jsonl`);
    return 0;
  } catch (error) {
    out.stderr(`surgery-classifier merge-manifests: ${(error as Error).message}`);
    return 2;
  }
}
