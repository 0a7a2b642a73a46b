import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeAnnotations, countLabels } from '../../core/annotations/analyze';
import { addCounts } from '../../core/annotations/labels';
import { readAnnotationModel } from '../../core/annotations/model';
import { parseJson } from '../../core/json/parseJson';
import type { Severity } from '../../core/problem';
import { LineIndex, stripBom, type Range } from '../../core/text/lineIndex';
import { parseArgs, UsageError } from '../args';

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

export interface JsonProblem {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
}

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs `validate`; returns the exit status. */
export function runValidate(argv: readonly string[], out: Output): number {
  const { positionals, options } = parseArgs(argv, {
    format: 'value', labels: 'value', 'videos-folder': 'value', 'video-file-name': 'value', 'check-videos': 'flag', quiet: 'flag', help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(VALIDATE_USAGE);
    return 0;
  }
  const format = options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${String(format)}.`);
  if (!positionals.length) throw new UsageError('Give at least one annotation file.');
  const allowedLabels = typeof options.get('labels') === 'string' ? String(options.get('labels')).split(',').map((l) => l.trim()).filter(Boolean) : [];
  const checkVideos = options.has('check-videos') || options.has('videos-folder') || options.has('video-file-name');
  const videoFileName = String(options.get('video-file-name') ?? '{videoId}.mp4');
  if (!videoFileName.includes('{videoId}')) throw new UsageError('--video-file-name must contain {videoId}.');

  let ioError = false;
  const texts = new Map<string, string>();
  for (const file of positionals) {
    try {
      texts.set(file, stripBom(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      ioError = true;
      out.stderr(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  // Labels are judged against every file given, as the editor judges them against the workspace.
  const labelsByFile = new Map([...texts].map(([file, text]) => [file, countLabels(readAnnotationModel(parseJson(text).root))]));

  const problems: JsonProblem[] = [];
  for (const [file, text] of texts) {
    const others = new Map<string, number>();
    for (const [otherFile, counts] of labelsByFile) if (otherFile !== file) addCounts(others, counts);
    const analysis = analyzeAnnotations(text, {
      workspaceLabels: others,
      allowedLabels,
      videos: checkVideos
        ? { annotationDir: path.dirname(path.resolve(file)), folder: String(options.get('videos-folder') ?? ''), fileNamePattern: videoFileName, exists: fs.existsSync }
        : undefined,
    });
    const lines = new LineIndex(text);
    for (const problem of analysis.problems) {
      if (options.has('quiet') && problem.severity !== 'error') continue;
      problems.push({ file, range: lines.rangeAt(problem.span.offset, problem.span.length), severity: problem.severity, code: problem.code, message: problem.message });
    }
  }

  if (format === 'json') {
    out.stdout(JSON.stringify(problems, null, 2));
  } else {
    for (const p of problems) out.stdout(`${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.code} ${p.message}`);
  }
  if (ioError) return 2;
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
