import type { AnnotationModel, VideoEntry } from './model';
import type { LabelCounts } from './labels';
import type { VideoLookup } from './videoLocation';

export interface AnalysisOptions {
  /** Report JSON syntax errors (off where the editor's JSON support already reports them). */
  readonly reportSyntax?: boolean;
  /** Report schema errors (off where jsonValidation already applies the same schema). */
  readonly reportSchema?: boolean;
  /** Label counts of the other annotation files of the workspace; this file's own are added to them. */
  readonly workspaceLabels?: LabelCounts;
  /** When not empty, the only labels allowed. */
  readonly allowedLabels?: readonly string[];
  /** Where videos live; without it `missing-video` is not checked (untrusted workspace, CLI default). */
  readonly videos?: VideoLookup;
}

export interface RuleContext {
  readonly text: string;
  readonly model: AnnotationModel;
  readonly options: AnalysisOptions;
  /** This file's labels plus the workspace's: what typos are judged against. */
  readonly labelCounts: LabelCounts;
  /**
   * Windowed analysis of a large file: the first entry of each video id in the windows before this
   * one (by videoKey), which duplicate-video-id reads and adds to. Absent: the model is the whole file.
   */
  readonly firstVideoIds?: Map<string, Pick<VideoEntry, 'videoId'>>;
}
