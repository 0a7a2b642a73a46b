// Output of a code-server test run. codeAutomationLog carries the workbench's own log and the
// extension host's console in one stream; the workbench's start-up chatter is held back until the
// test module's banner shows that tests run, and printed only if they never do.
import { format } from 'node:util';
import { suiteBanner } from './testModes';

const noise = [/^Ignoring fetching additional builtin extensions/, /^Updating additional builtin extensions cache/];

export interface HostLog {
  /** For page.exposeFunction('codeAutomationLog'): (level, [format, ...args]). */
  readonly write: (level: unknown, args: unknown) => void;
  /** Prints the start-up output held back, if the tests never started (nothing otherwise). */
  readonly flushHeld: () => void;
}

export function createHostLog(): HostLog {
  const held: string[] = [];
  let started = false;
  const print = (level: unknown, text: string): void => {
    if (level === 'error' || level === 'warn') console.error(text);
    else console.log(text);
  };
  return {
    write: (level, args) => {
      const text = format(...(Array.isArray(args) ? args : [args])).replace(/\n$/, '');
      if (!started && text.startsWith(suiteBanner)) {
        started = true;
        held.length = 0;
      }
      if (!started) held.push(text);
      else if (!noise.some((pattern) => pattern.test(text))) print(level, text);
    },
    flushHeld: () => held.splice(0).forEach((text) => console.log(text)),
  };
}
