/**
 * The editor's policy for large annotation files: a full check of 20 MB takes about a second, too
 * long to repeat after every keystroke, so above a size they are checked when opened and saved.
 */

/** What asks for a check of an open document. */
export type CheckTrigger =
  /** Opened, or first seen by the extension. */
  | 'open'
  | 'save'
  /** Settings or workspace trust changed. */
  | 'settings'
  /** A video file's length became known (duration-mismatch). */
  | 'videoInfo'
  /** A command asked for it (Validate Annotation Files in Workspace). */
  | 'command'
  /** An edit of the document itself. */
  | 'edit'
  /** Another file's labels changed, which can turn a rare label into a typo. */
  | 'workspaceLabels';

export const DEFAULT_LARGE_FILE_MB = 20;
export const LARGE_FILE_SETTING = 'surgeryClassifier.largeFileThresholdMB';

const CHARACTERS_PER_MB = 1024 * 1024;

/** Whether a document of this many characters is large; a threshold of 0 turns the policy off. */
export function isLargeFile(characters: number, thresholdMB: number): boolean {
  return thresholdMB > 0 && characters > thresholdMB * CHARACTERS_PER_MB;
}

/**
 * Whether this trigger re-checks a document: a small one always; a large one on open, save,
 * settings and commands, and for news from elsewhere (labels, videos) only while its text is the
 * one last checked: never again for text being edited.
 */
export function checksOn(trigger: CheckTrigger, large: boolean, editedSinceCheck = true): boolean {
  if (!large) return true;
  if (trigger === 'edit') return false;
  if (trigger === 'workspaceLabels' || trigger === 'videoInfo') return !editedSinceCheck;
  return true;
}

/** The one notice per file: what is checked when, and the setting that decides. */
export function largeFileNotice(fileName: string, thresholdMB: number): string {
  return (
    `${fileName} is larger than ${thresholdMB} MB: its annotation checks (schema and rules) run when it is ` +
    `opened and saved, not as you type. Setting: ${LARGE_FILE_SETTING}.`
  );
}
