import type { Severity } from '../core/problem';
import type { Range } from '../core/text/lineIndex';

export interface JsonProblem {
  file: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
}

/** Lines gathered before one write: few system calls, and never the whole output as one string. */
const CHUNK_CHARS = 1 << 16;

/**
 * Prints problems as they are found, as `file:line:col severity code message` lines or as the
 * JSON array JSON.stringify(problems, null, 2) would give, written piece by piece.
 * writeLines: writes text and ends it with a newline.
 */
export class ProblemOutput {
  private lines: string[] = [];
  private chars = 0;
  private count = 0;
  /** JSON: the last line of the previous problem, which takes a comma when another follows. */
  private pendingJsonEnd: string | undefined;

  constructor(
    private readonly format: 'text' | 'json',
    private readonly writeLines: (text: string) => void,
  ) {}

  add(problem: JsonProblem): void {
    this.count++;
    if (this.format === 'text') {
      const { line, character } = problem.range.start;
      this.push(`${problem.file}:${line + 1}:${character + 1} ${problem.severity} ${problem.code} ${problem.message}`);
      return;
    }
    if (this.pendingJsonEnd === undefined) this.push('[');
    else this.push(`${this.pendingJsonEnd},`);
    const lines = JSON.stringify(problem, null, 2).split('\n');
    for (let i = 0; i < lines.length - 1; i++) this.push(`  ${lines[i]}`);
    this.pendingJsonEnd = `  ${lines[lines.length - 1]}`;
  }

  /** Writes what is left; for JSON, closes the array ([] when there was no problem). */
  end(): void {
    if (this.format === 'json') {
      if (this.pendingJsonEnd === undefined) this.push('[]');
      else this.push(this.pendingJsonEnd, ']');
    }
    this.flush();
  }

  get problems(): number {
    return this.count;
  }

  private push(...lines: string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.chars += line.length + 1;
    }
    if (this.chars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (!this.lines.length) return;
    this.writeLines(this.lines.join('\n'));
    this.lines = [];
    this.chars = 0;
  }
}
