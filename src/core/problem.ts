/** What the rules find, independent of any host (VS Code, CLI). Offsets index the analysed text. */

export const PROBLEM_CODES = [
  'invalid-json',
  'schema',
  'inverted-segment',
  'zero-length-segment',
  'segment-past-end',
  'overlapping-segments',
  'conflicting-labels',
  'duplicate-video-id',
  'duplicate-key',
  'unknown-label',
  'unsafe-video-id',
  'unsafe-label',
  'implausible-time',
  'missing-video',
  'duration-mismatch',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type Severity = 'error' | 'warning' | 'information';

export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

export interface TextEdit extends TextSpan {
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The one obvious repair: VS Code offers it first and applies it with "auto fix". */
  readonly preferred: boolean;
}

export interface RelatedLocation {
  readonly span: TextSpan;
  readonly message: string;
}

export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: TextSpan;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export const span = (node: TextSpan): TextSpan => ({ offset: node.offset, length: node.length });
