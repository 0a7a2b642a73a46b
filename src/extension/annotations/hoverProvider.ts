import * as vscode from 'vscode';
import { timeHoverAt } from '../../core/annotations/hoverInfo';
import type { VideoInfoService } from '../frames/videoInfo';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange } from './convert';

/**
 * On a seconds value: hh:mm:ss.mmm, the segment's length and the share of the video, and, in
 * trusted workspaces, the video frame at that time.
 */
export class AnnotationHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly analyzer: AnnotationAnalyzer,
    private readonly videoInfo: VideoInfoService,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const analysis = this.analyzer.analyze(document);
    const offset = document.offsetAt(position);
    const info = analysis && timeHoverAt(analysis, offset);
    if (!analysis || !info) return undefined;
    const markdown = new vscode.MarkdownString(info.lines.join('  \n'));
    const video = info.key === 'durationSeconds' ? undefined : this.analyzer.videoFileAt(document, analysis, offset);
    if (video && info.seconds >= 0) {
      const image = await this.videoInfo.thumbnail(video, info.seconds);
      if (token.isCancellationRequested) return undefined;
      if (image) markdown.appendMarkdown(`\n\n![Frame at ${info.lines[0].replace(/[*()]/g, '')}](${image})`);
    }
    return new vscode.Hover(markdown, toRange(document, info.span));
  }
}
