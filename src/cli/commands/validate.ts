import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeInWindows, readFileFacts, withVideoIds } from '../../core/annotations/analyzeWindows';
import { addCounts } from '../../core/annotations/labels';
import { LineIndex, stripBom } from '../../core/text/lineIndex';
import { readRegularFileSync } from '../../core/util/readRegularFile';
import { parseArgs, UsageError } from '../args';
import { ProblemOutput } from '../problemOutput';

export type { JsonProblem } from '../problemOutput';

export const VALIDATE_USAGE = `Usage: surgery-classifier validate FILE... [options]

Checks annotation files with the same rules as the editor.
Prints file:line:col severity code message (1-based line and column), or JSON with --format json.

Options:
  --format text|json       output format (default text)
  --labels a,b,...         the allowed labels (default: any; rare near-spellings of common labels are flagged)
  --videos-folder DIR      check that each video exists: folder of the videos, relative to each annotation file
  --video-file-name PAT    file name of a video, with {videoId} (default {videoId}.mp4); implies the video check
  --check-videos           check videos with the default folder (the annotation file's folder)
  --quiet                  print only errors

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs `validate`; returns the exit status. */
export function runValidate(argv: readonly string[], out: Output): number {
  const { positionals, options } = parseArgs(argv, {
    format: 'value',
    labels: 'value',
    'videos-folder': 'value',
    'video-file-name': 'value',
    'check-videos': 'flag',
    quiet: 'flag',
    help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(VALIDATE_USAGE);
    return 0;
  }
  const format = options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, not ${String(format)}.`);
  if (!positionals.length) throw new UsageError('Give at least one annotation file.');
  const allowedLabels =
    typeof options.get('labels') === 'string'
      ? String(options.get('labels'))
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean)
      : [];
  const checkVideos = options.has('check-videos') || options.has('videos-folder') || options.has('video-file-name');
  const videoFileName = String(options.get('video-file-name') ?? '{videoId}.mp4');
  if (!videoFileName.includes('{videoId}')) throw new UsageError('--video-file-name must contain {videoId}.');

  // Read again when needed rather than held: one file's text at a time, however many are given.
  let ioError = false;
  const read = (file: string): string | undefined => {
    try {
      return stripBom(readRegularFileSync(file));
    } catch (error) {
      ioError = true;
      out.stderr(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const files = [...new Set(positionals)];
  // Labels are judged against every file given, as the editor judges them against the workspace:
  // several files are each read once for their labels first; a single file is read once and kept.
  const readable = files.map((file) => {
    const text = read(file);
    if (text === undefined || files.length === 1) return { file, text, facts: undefined };
    const { labels, isArray } = readFileFacts(text);
    return { file, text: undefined, facts: { labels, isArray } };
  });
  const output = new ProblemOutput(format, out.stdout);
  let errors = false;
  for (const { file, text: kept, facts } of readable) {
    if (kept === undefined && facts === undefined) continue;
    const text = kept ?? read(file);
    if (text === undefined) continue;
    const others = new Map<string, number>();
    for (const other of readable) if (other.file !== file && other.facts) addCounts(others, other.facts.labels);
    // Window by window: the tree of a 200 MB file would not fit in memory at once.
    const problems = analyzeInWindows(
      text,
      {
        workspaceLabels: others,
        allowedLabels,
        videos: checkVideos
          ? {
              annotationDir: path.dirname(path.resolve(file)),
              folder: String(options.get('videos-folder') ?? ''),
              fileNamePattern: videoFileName,
              exists: fs.existsSync,
            }
          : undefined,
      },
      facts && withVideoIds(text, facts),
    );
    const lines = new LineIndex(text);
    for (const problem of problems) {
      if (options.has('quiet') && problem.severity !== 'error') continue;
      if (problem.severity === 'error') errors = true;
      output.add({
        file,
        range: lines.rangeAt(problem.span.offset, problem.span.length),
        severity: problem.severity,
        code: problem.code,
        message: problem.message,
      });
    }
  }
  output.end();
  if (ioError) return 2;
  return errors ? 1 : 0;
}
