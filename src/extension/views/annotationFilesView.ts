import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VideoEntry } from '../../core/annotations/model';
import { formatDuration } from '../../core/annotations/time';
import { formatVideoSummary, summarizeVideo } from '../../core/annotations/videoSummary';
import type { Severity } from '../../core/problem';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';
import { readAnnotationSettings } from '../config';
import type { AnnotationFileState, AnnotationFileStates } from './annotationFileStates';
import { escapeMarkdown, plural, RefreshingTree, treeItem, type TreeRow } from './treeBase';

/**
 * A video entry of an annotation file. With `video` it is also a Predict Video request (the command
 * takes `{ video, annotations, videoId }`), so the context menu passes it on unchanged.
 */
export interface VideoNode {
  readonly file: vscode.Uri;
  readonly index: number;
  readonly annotations: string;
  readonly videoId?: string;
  readonly video?: string;
}

/** An annotation file is its Uri: Extract Frames and Reveal take a Uri, as from the Explorer. */
export type AnnotationNode = vscode.Uri | VideoNode;

const SEVERITY_ICONS: ReadonlyArray<readonly [Severity, string, string]> = [
  ['error', 'error', 'problemsErrorIcon.foreground'],
  ['warning', 'warning', 'problemsWarningIcon.foreground'],
  ['information', 'info', 'problemsInfoIcon.foreground'],
];

const labelledSeconds = (entries: readonly VideoEntry[]): Map<string, number> => {
  const totals = new Map<string, number>();
  for (const entry of entries) {
    for (const { label, seconds } of summarizeVideo(entry).labels) {
      totals.set(label, (totals.get(label) ?? 0) + seconds);
    }
  }
  return totals;
};

/** Annotation files of the workspace (the annotationFiles globs, and open files recognised by content). */
export class AnnotationFilesView extends RefreshingTree<AnnotationNode> {
  private readonly states = new Map<string, AnnotationFileState>();

  constructor(
    private readonly analyzer: AnnotationAnalyzer,
    private readonly files: AnnotationFileStates,
  ) {
    super();
  }

  /** The files listed now, for refreshing on their diagnostics only. */
  has(uri: vscode.Uri): boolean {
    return this.states.has(uri.toString());
  }

  protected async rootRows(): Promise<Array<TreeRow<AnnotationNode>>> {
    const found = await Promise.all((await this.findFiles()).map((uri) => this.files.get(uri)));
    const states = found.filter((state): state is AnnotationFileState => state !== undefined);
    this.states.clear();
    for (const state of states) this.states.set(state.uri.toString(), state);
    return states.map((state) => ({ element: state.uri, item: this.fileItem(state) }));
  }

  protected override childRows(element: AnnotationNode): Array<TreeRow<AnnotationNode>> {
    const state = element instanceof vscode.Uri ? this.states.get(element.toString()) : undefined;
    return state?.analysis.model?.entries.map((entry) => this.videoRow(state, entry)) ?? [];
  }

  private async findFiles(): Promise<vscode.Uri[]> {
    const patterns = readAnnotationSettings().annotationFiles;
    const glob = patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
    const found = patterns.length ? await vscode.workspace.findFiles(glob, '**/node_modules/**') : [];
    // Files recognised by their content (detectByContent) are known only once opened.
    const open = vscode.workspace.textDocuments.filter(
      (d) => vscode.workspace.getWorkspaceFolder(d.uri) && this.analyzer.isAnnotationDocument(d),
    );
    const unique = new Map([...found, ...open.map((d) => d.uri)].map((uri) => [uri.toString(), uri]));
    const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri);
    return [...unique.values()].sort((a, b) => relative(a).localeCompare(relative(b)));
  }

  private fileItem(state: AnnotationFileState): vscode.TreeItem {
    const { problems, model } = state.analysis;
    const entries = model?.entries ?? [];
    const labels = labelledSeconds(entries);
    const total = [...labels.values()].reduce((sum, seconds) => sum + seconds, 0);
    const count = (severity: Severity): number => problems.filter((p) => p.severity === severity).length;
    const worst = SEVERITY_ICONS.find(([severity]) => count(severity) > 0);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(vscode.workspace.asRelativePath(state.uri))}**\n\n`);
    const notes = count('information');
    tooltip.appendMarkdown(`${count('error')} error(s), ${count('warning')} warning(s), ${notes} note(s)\n\n`);
    for (const [label, seconds] of labels) tooltip.appendText(`${label}: ${formatDuration(seconds)}\n`);
    return treeItem(path.posix.basename(state.uri.path), {
      id: state.uri.toString(),
      description: [
        plural(problems.length, 'problem'),
        plural(entries.length, 'video'),
        `${formatDuration(total)} labelled`,
      ].join(' · '),
      tooltip,
      icon: worst ? new vscode.ThemeIcon(worst[1], new vscode.ThemeColor(worst[2])) : new vscode.ThemeIcon('pass'),
      contextValue: 'annotationFile',
      expandable: entries.length > 0,
      resourceUri: state.uri,
      command: { command: 'vscode.open', title: 'Open', arguments: [state.uri] },
    });
  }

  private videoRow(state: AnnotationFileState, entry: VideoEntry): TreeRow<AnnotationNode> {
    const videoId = entry.videoId === undefined ? undefined : String(entry.videoId.value);
    // Predict Video needs the video file; only a trusted workspace looks for it.
    const trusted = vscode.workspace.isTrusted;
    const { analysis } = state;
    const offset = entry.node.offset;
    const video = trusted && videoId !== undefined ? this.analyzer.videoFileAt(state, analysis, offset) : undefined;
    const element: VideoNode = {
      file: state.uri,
      index: entry.index,
      annotations: state.uri.fsPath,
      ...(videoId === undefined ? {} : { videoId }),
      ...(video ? { video } : {}),
    };
    const position = state.positionAt(offset);
    const item = treeItem(videoId ?? `entry ${entry.index + 1}`, {
      id: `${state.uri.toString()}#${entry.index}`,
      description: formatVideoSummary(summarizeVideo(entry)),
      tooltip: video ?? (trusted ? 'Video file not found' : 'Video files are looked at in trusted workspaces only'),
      icon: new vscode.ThemeIcon('device-camera-video'),
      contextValue: video ? 'video.playable' : 'video',
      command: {
        command: 'vscode.open',
        title: 'Go to Entry',
        arguments: [state.uri, { selection: new vscode.Range(position, position) }],
      },
    });
    return { element, item };
  }
}
