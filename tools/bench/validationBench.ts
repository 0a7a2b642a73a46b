import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { analyzeAnnotations, type AnalysisOptions } from '../../src/core/annotations/analyze';
import type { Problem } from '../../src/core/problem';
import { LineIndex } from '../../src/core/text/lineIndex';
import { runExtractionBench } from './extractionBench';
import { runLargeFileBench } from './largeFileBench';
import { runRealFootageBench } from './realFootageBench';
import { runTrainingBench } from './trainingBench';
import { mulberry32 } from '../../src/core/util/seededRandom';

/**
 * `npm run bench`: how long validation takes, against the goals
 *   1. a ~20 MB file (1000 videos x 100 segments) is fully validated in < 1000 ms:
 *      parse + every rule + every problem offset mapped to line/column;
 *   2. after a one-character edit in a 1k-segment file (10 x 100) the new diagnostics are ready in < 50 ms.
 * Prints a table, writes bench-output/validation.json, prints "GOAL MISSED" lines, and always exits 0.
 * BENCH_ONLY=full|edit runs one part (for profiling: node --cpu-prof out/tools/bench/validationBench.js);
 * BENCH_ONLY=large runs only the 200 MB CLI runs (largeFileBench.ts), which otherwise follow;
 * BENCH_ONLY=extraction runs only the frame-extraction benchmark (extractionBench.ts), which otherwise follows.
 */

const GOAL_FULL_MS = 1000;
const GOAL_EDIT_MS = 50;
const FULL_RUNS = 5;
const EDIT_RUNS = 20;
const WARM_UPS = 1;

const repoRoot = path.resolve(__dirname, '../../..');
const outputFile = path.join(repoRoot, 'bench-output', 'validation.json');

// ---------------------------------------------------------------------------------------------
// Test data: deterministic, shaped like real annotation files, with a few deliberate problems.


const LABELS = ['suturing', 'suturing', 'suturing', 'suturing', 'knot-tying', 'knot-tying', 'needle-passing', 'cutting'];
const NOTES = ['needle driver visible', 'camera moved', 'partly occluded', 'good view', 'assistant hands in view', ''];

interface Planted {
  inverted: number;
  overlapping: number;
  labelTypo: number;
  pastEnd: number;
}

/** The annotation file as the JSON.stringify(data, null, 2) that tools write, and what was planted in it. */
function generateAnnotationFile(videos: number, segmentsPerVideo: number, seed: number): { text: string; planted: Planted; segments: number } {
  const next = mulberry32(seed);
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  const planted: Planted = { inverted: 0, overlapping: 0, labelTypo: 0, pastEnd: 0 };
  const entries = [];
  for (let v = 0; v < videos; v++) {
    const slot = 30 + Math.floor(next() * 30);
    const durationSeconds = segmentsPerVideo * slot + 60;
    const annotations = [];
    for (let s = 0; s < segmentsPerVideo; s++) {
      let startSeconds = round3(s * slot + next() * slot * 0.3);
      let endSeconds = round3((s + 1) * slot - next() * slot * 0.3);
      let label = LABELS[Math.floor(next() * LABELS.length)];
      // Deliberate problems, spread through the file (each kind in a different place).
      if (v % 97 === 13 && s === 40) {
        [startSeconds, endSeconds] = [endSeconds, startSeconds];
        planted.inverted++;
      } else if (v % 89 === 7 && s === 60) {
        const previous = annotations[annotations.length - 1];
        label = previous.label;
        startSeconds = round3(previous.endSeconds - 5);
        planted.overlapping++;
      } else if (v % 331 === 100 && s === 20) {
        label = 'suturng';
        planted.labelTypo++;
      } else if (v === Math.floor(videos / 2) && s === segmentsPerVideo - 1) {
        endSeconds = durationSeconds + 12.5;
        planted.pastEnd++;
      }
      const note = NOTES[Math.floor(next() * NOTES.length)];
      annotations.push({
        annotator: `annotator-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}`,
        confidence: round3(0.5 + next() * 0.5),
        endSeconds,
        label,
        ...(note ? { notes: note } : {}),
        startSeconds,
      });
    }
    entries.push({ annotations, durationSeconds, videoId: v + 1, video: `videos/${v + 1}.mp4` });
  }
  return { text: JSON.stringify(entries, null, 2) + '\n', planted, segments: videos * segmentsPerVideo };
}

// ---------------------------------------------------------------------------------------------
// Measurement

const OPTIONS: AnalysisOptions = {};

/** What the editor does for one version of a document: analyze, then map every offset it shows to line/column. */
function validate(text: string): { problems: readonly Problem[]; checksum: number } {
  const analysis = analyzeAnnotations(text, OPTIONS);
  const lines = new LineIndex(text);
  let checksum = 0;
  for (const problem of analysis.problems) {
    const range = lines.rangeAt(problem.span.offset, problem.span.length);
    checksum += range.start.line + range.end.character;
    for (const related of problem.related ?? []) {
      const relatedRange = lines.rangeAt(related.span.offset, related.span.length);
      checksum += relatedRange.start.line;
    }
  }
  return { problems: analysis.problems, checksum };
}

interface Stats {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  samplesMs: number[];
}

function measure(runs: number, body: (run: number) => unknown): Stats {
  for (let i = 0; i < WARM_UPS; i++) sink(body(-1 - i));
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = body(run);
    samples.push(performance.now() - start);
    sink(result);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs, medianMs: round(median), minMs: round(sorted[0]), maxMs: round(sorted[sorted.length - 1]), samplesMs: samples.map(round) };
}

let sunk = 0;
/** Keeps results alive so that no run can be optimised away. */
function sink(value: unknown): void {
  if (value && typeof value === 'object' && 'checksum' in value) sunk += Number((value as { checksum: number }).checksum) || 0;
  else if (Array.isArray(value)) sunk += value.length;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function countByCode(problems: readonly Problem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const problem of problems) counts[problem.code] = (counts[problem.code] ?? 0) + 1;
  return counts;
}

/** Problems the planted data must produce: the benchmark is only meaningful if the rules found them. */
function missingFindings(planted: Planted, counts: Record<string, number>): string[] {
  const expected: Array<[string, number]> = [
    ['inverted-segment', planted.inverted],
    ['overlapping-segments', planted.overlapping],
    ['unknown-label', planted.labelTypo],
    ['segment-past-end', planted.pastEnd],
  ];
  return expected.filter(([code, count]) => count > 0 && (counts[code] ?? 0) < count).map(([code, count]) => `${code}: planted ${count}, found ${counts[code] ?? 0}`);
}

// ---------------------------------------------------------------------------------------------

interface FullResult {
  videos: number;
  segments: number;
  bytes: number;
  lines: number;
  problems: number;
  problemsByCode: Record<string, number>;
  planted: Planted;
  validate: Stats;
  jsonParse: Stats;
  ratioToJsonParse: number;
  /** Heap that one Analysis of the file keeps alive (what an open editor holds), after full GCs. */
  retainedAnalysisHeapBytes: number | undefined;
  goalMs: number;
  goalMet: boolean;
}

function benchFull(): FullResult {
  const videos = 1000;
  const perVideo = 100;
  const { text, planted, segments } = generateAnnotationFile(videos, perVideo, 20240601);
  const { problems } = validate(text);
  const problemsByCode = countByCode(problems);
  const validateStats = measure(FULL_RUNS, () => validate(text));
  const jsonParseStats = measure(FULL_RUNS, () => JSON.parse(text));
  const retainedAnalysisHeapBytes = retainedHeap(() => analyzeAnnotations(text, OPTIONS));
  return {
    videos,
    segments,
    bytes: Buffer.byteLength(text),
    lines: new LineIndex(text).lineCount,
    problems: problems.length,
    problemsByCode,
    planted,
    validate: validateStats,
    jsonParse: jsonParseStats,
    ratioToJsonParse: Math.round((validateStats.medianMs / jsonParseStats.medianMs) * 10) / 10,
    retainedAnalysisHeapBytes,
    goalMs: GOAL_FULL_MS,
    goalMet: validateStats.medianMs < GOAL_FULL_MS,
  };
}

/** Heap growth while the result of `make` is alive, measured between full collections; undefined where gc cannot be reached. */
function retainedHeap(make: () => unknown): number | undefined {
  let gc: (() => void) | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
  if (typeof gc !== 'function') return undefined;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  sink(kept);
  return Math.max(0, after - before);
}

interface EditResult {
  videos: number;
  segments: number;
  bytes: number;
  editOffset: number;
  editLine: number;
  problems: number;
  problemsByCode: Record<string, number>;
  rediagnose: Stats;
  goalMs: number;
  goalMet: boolean;
}

function benchEdit(): EditResult {
  const videos = 10;
  const perVideo = 100;
  const { text, segments } = generateAnnotationFile(videos, perVideo, 7);
  // The last digit before the decimal point of a startSeconds in the middle of the file: a typical keystroke.
  const key = '"startSeconds": ';
  let keyAt = text.indexOf(key, Math.floor(text.length / 2));
  if (keyAt < 0) keyAt = text.indexOf(key);
  let editOffset = keyAt + key.length;
  while (/\d/.test(text[editOffset + 1] ?? '')) editOffset++;
  const original = text[editOffset];
  if (!/\d/.test(original)) throw new Error(`no digit to edit at ${editOffset}`);
  // Each run types a different digit, so no two consecutive runs see the same text.
  const edited = (run: number) => {
    const digit = String((Number(original) + 1 + (Math.abs(run) % 9)) % 10);
    return text.slice(0, editOffset) + digit + text.slice(editOffset + 1);
  };
  const { problems } = validate(edited(0));
  const rediagnose = measure(EDIT_RUNS, (run) => validate(edited(run)));
  return {
    videos,
    segments,
    bytes: Buffer.byteLength(text),
    editOffset,
    editLine: new LineIndex(text).positionAt(editOffset).line + 1,
    problems: problems.length,
    problemsByCode: countByCode(problems),
    rediagnose,
    goalMs: GOAL_EDIT_MS,
    goalMet: rediagnose.medianMs < GOAL_EDIT_MS,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function main(): void {
  const only = process.env.BENCH_ONLY;
  const started = new Date();
  console.log(`Validation benchmark: Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const full = only === 'edit' ? undefined : benchFull();
  const edit = only === 'full' ? undefined : benchEdit();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  const rows = [['measurement', 'median ms', 'min ms', 'max ms', 'runs', 'goal', 'result']];
  if (full) {
    console.log(
      `\n1) Full validation: ${full.videos} videos x ${full.segments / full.videos} segments, ${mib(full.bytes)} MiB, ${full.lines} lines; ` +
        `${full.problems} problems ${JSON.stringify(full.problemsByCode)}`,
    );
    rows.push(['validate 20 MB (parse + rules + positions)', String(full.validate.medianMs), String(full.validate.minMs), String(full.validate.maxMs), String(full.validate.runs), `< ${full.goalMs} ms`, full.goalMet ? 'ok' : 'MISSED']);
    rows.push(['JSON.parse of the same text', String(full.jsonParse.medianMs), String(full.jsonParse.minMs), String(full.jsonParse.maxMs), String(full.jsonParse.runs), '', '']);
    rows.push(['ratio validate / JSON.parse', `${full.ratioToJsonParse}x`, '', '', '', '', '']);
  }
  if (edit) {
    console.log(`${full ? '' : '\n'}2) Re-diagnosis: ${edit.videos} videos x ${edit.segments / edit.videos} segments, ${mib(edit.bytes)} MiB; one digit edited at line ${edit.editLine}; ${edit.problems} problems`);
    rows.push(['re-diagnose 1k segments after 1-char edit', String(edit.rediagnose.medianMs), String(edit.rediagnose.minMs), String(edit.rediagnose.maxMs), String(edit.rediagnose.runs), `< ${edit.goalMs} ms`, edit.goalMet ? 'ok' : 'MISSED']);
  }
  console.log(`\n${table(rows)}\n\npeak RSS: ${mib(peakRssBytes)} MiB (whole benchmark process, test data and JSON.parse results included)`);
  if (full?.retainedAnalysisHeapBytes !== undefined) console.log(`heap kept alive by one Analysis of the ${mib(full.bytes)} MiB file: ${mib(full.retainedAnalysisHeapBytes)} MiB`);

  const warnings: string[] = [];
  if (full) warnings.push(...missingFindings(full.planted, full.problemsByCode).map((line) => `WARNING: planted problem not reported (${line})`));
  if (full && !full.goalMet) warnings.push(`GOAL MISSED: full validation of ${mib(full.bytes)} MiB took ${full.validate.medianMs} ms (median), goal < ${full.goalMs} ms`);
  if (edit && !edit.goalMet) warnings.push(`GOAL MISSED: re-diagnosis after a one-character edit took ${edit.rediagnose.medianMs} ms (median), goal < ${edit.goalMs} ms`);
  for (const warning of warnings) console.log(warning);

  const result = {
    date: started.toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: os.cpus()[0]?.model, count: os.cpus().length, loadAverage: os.loadavg() },
    runsAfterWarmUp: { full: FULL_RUNS, edit: EDIT_RUNS, warmUps: WARM_UPS },
    full,
    edit,
    peakRssBytes,
    warnings,
    checksum: sunk,
  };
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nResults written to ${path.relative(process.cwd(), outputFile) || outputFile}`);
}

if (!['extraction', 'training', 'real', 'large'].includes(process.env.BENCH_ONLY ?? '')) {
  try {
    main();
  } catch (error) {
    // A benchmark reports; it does not fail the build.
    console.error(`BENCHMARK ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = 0;
// `npm run bench` then runs the CLI on 200 MB files (largeFileBench.ts), the frame-extraction
// benchmark (extractionBench.ts) and the training one (trainingBench.ts), then leave-one-video-out on
// real footage (realFootageBench.ts); BENCH_ONLY=full|edit skips them, BENCH_ONLY=large|extraction|training|real
// runs only that one.
void (async () => {
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'large') {
    try {
      runLargeFileBench();
    } catch (error) {
      console.error(`BENCHMARK ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  if (!only || only === 'extraction') await runExtractionBench();
  if (!only || only === 'training') await runTrainingBench();
  if (!only || only === 'real') await runRealFootageBench().catch((error: unknown) => console.error(`BENCHMARK ERROR: ${error instanceof Error ? error.stack : String(error)}`));
})();
