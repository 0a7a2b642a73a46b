/** A small, strict argument parser: unknown options are usage errors, never ignored. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

export class UsageError extends Error {}

/** `spec` maps option names (without --) to whether they take a value. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, 'flag' | 'value'>>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOnce(arg.slice(2), '=');
    const kind = spec[name];
    if (!kind) throw new UsageError(`Unknown option --${name}.`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value.`);
      options.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    options.set(name, value);
  }
  return { positionals, options };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
