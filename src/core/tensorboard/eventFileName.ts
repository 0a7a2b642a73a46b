// TensorFlow's event file name: events.out.tfevents.<%010d seconds>.<hostname>.<pid>.<counter>.
// TensorBoard finds files by "tfevents" in the name and reads a folder's files in name order,
// so the zero-padded time keeps a newer file after an older one.

export interface EventFileNameParts {
  /** Creation time, milliseconds since the Unix epoch. */
  readonly timeMs: number;
  readonly hostname: string;
  readonly pid: number;
  /** Tells apart files that one process creates in the same second. */
  readonly counter: number;
}

export function eventFileName(parts: EventFileNameParts): string {
  const seconds = String(Math.floor(parts.timeMs / 1000)).padStart(10, '0');
  return `events.out.tfevents.${seconds}.${sanitizeHostname(parts.hostname)}.${parts.pid}.${parts.counter}`;
}

/** Keeps letters, digits, dots, dashes and underscores, so the host name cannot add a folder or odd characters. */
export function sanitizeHostname(hostname: string): string {
  const cleaned = hostname
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 64);
  return cleaned === '' ? 'localhost' : cleaned;
}
