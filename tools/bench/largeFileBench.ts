import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../src/core/util/seededRandom';

/**
 * `npm run bench`, large-file part (issue 14): the built CLI validates a 200 MB annotation file in
 * < 15 s with < 2 GB peak RSS. Two shapes of 200 MB: ~11k videos of 100 segments (~1.1 M segments)
 * and ~870k videos of one segment each (the most nodes per byte). Each file is written to a temp
 * folder and deleted after; the CLI runs as a child process, which reports its own peak RSS.
 * BENCH_ONLY=large runs only this part; BENCH_LARGE_MB changes the size (default 200).
 */

const GOAL_SECONDS = 15;
const GOAL_PEAK_RSS_MB = 2048;
const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const outputFile = path.join(repoRoot, 'bench-output', 'large-file.json');

interface Shape {
  readonly name: string;
  readonly segmentsPerVideo: number;
}
const SHAPES: readonly Shape[] = [
  { name: '100 segments per video', segmentsPerVideo: 100 },
  { name: '1 segment per video', segmentsPerVideo: 1 },
];

const LABELS = ['suturing', 'suturing', 'knot-tying', 'needle-passing', 'cutting'];

/** Writes entries {videoId, durationSeconds, video, annotations: [{label, startSeconds, endSeconds, ...}]} as tools pretty-print them, up to bytes. */
function writeFile(file: string, bytes: number, shape: Shape): { videos: number; segments: number; planted: number } {
  const next = mulberry32(20260214);
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let chunk = '[\n';
  let videos = 0;
  let planted = 0;
  try {
    while (written + chunk.length < bytes) {
      const slot = 30 + Math.floor(next() * 30);
      const durationSeconds = shape.segmentsPerVideo * slot + 60;
      const annotations = [];
      for (let s = 0; s < shape.segmentsPerVideo; s++) {
        let startSeconds = round3(s * slot + next() * slot * 0.3);
        let endSeconds = round3((s + 1) * slot - next() * slot * 0.3);
        // One planted problem in ~1000 videos, so that the output is not empty.
        if (videos % 997 === 13 && s === 0) {
          [startSeconds, endSeconds] = [endSeconds, startSeconds];
          planted++;
        }
        annotations.push({ annotator: `annotator-${1 + Math.floor(next() * 12)}`, confidence: round3(0.5 + next() * 0.5), label: LABELS[Math.floor(next() * LABELS.length)], startSeconds, endSeconds });
      }
      const entry = { videoId: videos + 1, durationSeconds, video: `videos/${videos + 1}.mp4`, annotations };
      chunk += (videos ? ',\n' : '') + JSON.stringify(entry, null, 2).replace(/^/gm, '  ');
      videos++;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        written += chunk.length;
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk + '\n]\n');
  } finally {
    fs.closeSync(fd);
  }
  return { videos, segments: videos * shape.segmentsPerVideo, planted };
}

interface LargeFileRow {
  shape: string;
  bytes: number;
  videos: number;
  segments: number;
  planted: number;
  problems: number;
  exitStatus: number | null;
  seconds: number;
  peakRssMB: number;
  goalMet: boolean;
}

/** Runs `validate FILE` in a child; a preloaded hook writes the child's own peak RSS (process.resourceUsage) on exit. */
function validateInChild(dir: string, file: string): { seconds: number; peakRssMB: number; status: number | null; lines: number } {
  const rssFile = path.join(dir, 'rss.txt');
  const hook = path.join(dir, 'report-rss.js');
  fs.writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', hook, cli, 'validate', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  if (result.stderr) process.stderr.write(result.stderr);
  const kilobytes = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  return { seconds, peakRssMB: kilobytes / 1024, status: result.status, lines: result.stdout ? result.stdout.trimEnd().split('\n').length : 0 };
}

export function runLargeFileBench(): void {
  const megabytes = Number(process.env.BENCH_LARGE_MB) || 200;
  if (!fs.existsSync(cli)) {
    console.log(`\nLarge files: ${cli} is not built (npm run build); skipped.`);
    return;
  }
  console.log(`\n3) Large files: the built CLI validates ${megabytes} MB (goal < ${GOAL_SECONDS} s, peak RSS < ${GOAL_PEAK_RSS_MB} MB)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-large-bench-'));
  const rows: LargeFileRow[] = [];
  try {
    for (const shape of SHAPES) {
      const file = path.join(dir, 'large.annotations.json');
      const { videos, segments, planted } = writeFile(file, megabytes * 1e6, shape);
      const bytes = fs.statSync(file).size;
      const run = validateInChild(dir, file);
      fs.rmSync(file, { force: true });
      const goalMet = run.seconds < GOAL_SECONDS && run.peakRssMB < GOAL_PEAK_RSS_MB;
      rows.push({ shape: shape.name, bytes, videos, segments, planted, problems: run.lines, exitStatus: run.status, seconds: round(run.seconds), peakRssMB: Math.round(run.peakRssMB), goalMet });
      console.log(
        `   ${shape.name}: ${(bytes / 1e6).toFixed(0)} MB, ${videos} videos, ${segments} segments: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMB.toFixed(0)} MB, ` +
          `${run.lines} problem(s) (${planted} planted), exit ${run.status} -> ${goalMet ? 'ok' : 'MISSED'}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const row of rows) {
    if (!row.goalMet) console.log(`GOAL MISSED: validate ${(row.bytes / 1e6).toFixed(0)} MB (${row.shape}) took ${row.seconds} s with ${row.peakRssMB} MB peak RSS; goal < ${GOAL_SECONDS} s and < ${GOAL_PEAK_RSS_MB} MB`);
    if (row.problems < row.planted) console.log(`WARNING: ${row.planted} planted inverted segments, ${row.problems} problems reported (${row.shape})`);
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, JSON.stringify({ date: new Date().toISOString(), node: process.version, loadAverage: load, goals: { seconds: GOAL_SECONDS, peakRssMB: GOAL_PEAK_RSS_MB }, rows }, null, 2) + '\n');
  console.log(`   load average ${load}; results written to ${path.relative(process.cwd(), outputFile) || outputFile}`);
}

const round = (value: number) => Math.round(value * 100) / 100;
