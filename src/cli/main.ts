import { UsageError } from './args';
import { runValidate, VALIDATE_USAGE } from './commands/validate';

const USAGE = `Usage: surgery-classifier <command> [options]

Commands:
  validate FILE...   check annotation files (see: surgery-classifier validate --help)

${VALIDATE_USAGE}`;

/** The headless entry: the same core as the editor, for pre-commit hooks, CI and clusters. */
export function main(argv: readonly string[]): number {
  const out = { stdout: (text: string) => process.stdout.write(text + '\n'), stderr: (text: string) => process.stderr.write(text + '\n') };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return runValidate(rest, out);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`surgery-classifier: ${error.message}\nRun 'surgery-classifier --help' for usage.`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
