import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeAnnotations, type Analysis, type AnalysisOptions } from '../../core/annotations/analyze';
import { analyzeInWindows } from '../../core/annotations/analyzeWindows';
import { looksLikeAnnotations } from '../../core/annotations/detect';
import { isCoveredByJsonValidation } from '../../core/annotations/fileNames';
import { isLargeFile } from '../../core/annotations/largeFile';
import { resolveVideoPath, type VideoLookup } from '../../core/annotations/videoLocation';
import type { Problem } from '../../core/problem';
import { jsonValidationEnabled, readAnnotationSettings } from '../config';
import type { VideoInfoService } from '../frames/videoInfo';
import type { WorkspaceLabels } from './workspaceLabels';

const JSON_LANGUAGES = new Set(['json', 'jsonc']);
const VIDEO_CHECK_TTL_MS = 5000;
/** As much of a document's start as looksLikeAnnotations reads. */
const DETECTION_WINDOW = 65536;

/**
 * Decides which documents are annotation files and analyses them, once per document version:
 * diagnostics, code actions, hovers, lenses and symbols all read the same cached analysis.
 */
export class AnnotationAnalyzer {
  private readonly cache = new Map<string, { version: number; generation: number; analysis: Analysis }>();
  private readonly videoChecks = new Map<string, { exists: boolean; at: number }>();
  /** Bumped when settings, trust or workspace labels change: every cached analysis is then stale. */
  private generation = 0;

  constructor(
    private readonly labels: WorkspaceLabels,
    private readonly videoInfo: VideoInfoService,
  ) {}

  invalidate(): void {
    this.generation++;
    this.videoChecks.clear();
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  isAnnotationDocument(document: vscode.TextDocument): boolean {
    if (!JSON_LANGUAGES.has(document.languageId)) return false;
    const settings = readAnnotationSettings(document.uri);
    if (settings.annotationFiles.some((pattern) => vscode.languages.match({ pattern }, document) > 0)) return true;
    // The head is enough to tell, and getText() of a 200 MB document would copy it all.
    return (
      settings.detectByContent &&
      looksLikeAnnotations(
        document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(DETECTION_WINDOW))),
      )
    );
  }

  /** Above surgeryClassifier.largeFileThresholdMB: checked on open and save, not as the user types. */
  isLarge(document: vscode.TextDocument): boolean {
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    return isLargeFile(length, readAnnotationSettings(document.uri).largeFileThresholdMB);
  }

  /** Whether the text changed since the document was last analysed (true when it never was). */
  editedSinceCheck(document: vscode.TextDocument): boolean {
    return this.cache.get(document.uri.toString())?.version !== document.version;
  }

  /**
   * The analysis of the document's current text, or undefined when it is not an annotation file.
   * recheck: the caller decided to check now (diagnostics on open, save, settings). Without it a
   * large file is not analysed again: its last analysis while the text is the same, else none.
   */
  analyze(document: vscode.TextDocument, recheck = false): Analysis | undefined {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version && cached.generation === this.generation) return cached.analysis;
    if (!recheck && cached && this.isLarge(document))
      return cached.version === document.version ? cached.analysis : undefined;
    if (!this.isAnnotationDocument(document)) {
      this.cache.delete(key);
      return undefined;
    }
    const analysis = analyzeAnnotations(document.getText(), this.optionsFor(document));
    this.cache.set(key, { version: document.version, generation: this.generation, analysis });
    return analysis;
  }

  /** Analyses a file that is not open (workspace validation). */
  analyzeText(uri: vscode.Uri, text: string): Analysis {
    return analyzeAnnotations(text, this.optionsFor({ uri, languageId: 'json' }));
  }

  /**
   * The problems to publish. VS Code's JSON support already reports schema errors for files its
   * jsonValidation covers: those are computed (for their quick fixes) but not published again.
   */
  publishable(
    document: Pick<vscode.TextDocument, 'uri' | 'languageId'>,
    analysis: Pick<Analysis, 'problems'>,
  ): readonly Problem[] {
    const schemaShownByJson = this.jsonSupport(document) && isCoveredByJsonValidation(document.uri.path);
    return schemaShownByJson ? analysis.problems.filter((problem) => problem.code !== 'schema') : analysis.problems;
  }

  /** The publishable problems of a file that is not open, one window of entries at a time: any size fits. */
  problemsOfText(uri: vscode.Uri, text: string): readonly Problem[] {
    const document = { uri, languageId: 'json' };
    return this.publishable(document, { problems: analyzeInWindows(text, this.optionsFor(document)) });
  }

  private jsonSupport(document: Pick<vscode.TextDocument, 'uri' | 'languageId'>): boolean {
    return JSON_LANGUAGES.has(document.languageId) && jsonValidationEnabled(document.uri);
  }

  private optionsFor(document: Pick<vscode.TextDocument, 'uri' | 'languageId'>): AnalysisOptions {
    const settings = readAnnotationSettings(document.uri);
    return {
      // VS Code's JSON support reports syntax errors in JSON documents: not twice.
      reportSyntax: !this.jsonSupport(document),
      reportSchema: true,
      workspaceLabels: this.labels.othersThan(document.uri),
      allowedLabels: settings.labels,
      videos: this.videoLookup(document.uri, settings),
    };
  }

  /** The video file of the entry around an offset, when the workspace may look at videos. */
  videoFileAt(document: Pick<vscode.TextDocument, 'uri'>, analysis: Analysis, offset: number): string | undefined {
    const lookup = this.videoLookup(document.uri, readAnnotationSettings(document.uri));
    const entry = analysis.model?.entries.find(
      (candidate) => offset >= candidate.node.offset && offset <= candidate.node.offset + candidate.node.length,
    );
    const file = entry && lookup ? resolveVideoPath(entry, lookup) : undefined;
    return file && this.videoExists(file) ? file : undefined;
  }

  /** Video files are checked only in trusted workspaces and on the local file system. */
  private videoLookup(uri: vscode.Uri, settings: ReturnType<typeof readAnnotationSettings>): VideoLookup | undefined {
    if (!vscode.workspace.isTrusted || uri.scheme !== 'file') return undefined;
    return {
      annotationDir: path.dirname(uri.fsPath),
      folder: settings.videosFolder,
      fileNamePattern: settings.videoFileName,
      exists: (file) => this.videoExists(file),
      duration: (file) => this.videoInfo.duration(file),
      durationTolerance: settings.durationTolerance,
    };
  }

  private videoExists(file: string): boolean {
    const now = Date.now();
    const cached = this.videoChecks.get(file);
    if (cached && now - cached.at < VIDEO_CHECK_TTL_MS) return cached.exists;
    const exists = fs.existsSync(file);
    this.videoChecks.set(file, { exists, at: now });
    return exists;
  }
}
