// The two ways the integration suite runs, shared by the runner (outside) and the mocha entry
// module (inside the extension host), which learns the mode from an environment variable.

/** trusted: Workspace Trust off or folder trusted. restricted: trust on, folder untrusted. */
export type TestMode = 'trusted' | 'restricted';

export const testModes: readonly TestMode[] = ['trusted', 'restricted'];

/** Set by the runner on the test host; the extension host inherits it. */
export const testModeEnv = 'SC_TEST_MODE';

/** Optional substring (not a regular expression) narrowing the tests of every pass. */
export const testGrepEnv = 'SC_INTEGRATION_GREP';

/** Suites with this tag in their title run only in Restricted Mode, all others only when trusted. */
export const restrictedTag = '@restricted';

/** The first line the test module prints: the runner shows the host's output from there on. */
export const suiteBanner = 'integration tests:';

/** `source` names where the value came from, for the error message. */
export function parseTestMode(value: string | undefined, source = testModeEnv): TestMode {
  if (value === undefined || value === '') return 'trusted';
  if ((testModes as readonly string[]).includes(value)) return value as TestMode;
  throw new Error(`${source} must name ${testModes.join(' or ')}, not "${value}"`);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Mocha's grep for a mode: the tag decides the pass, the optional substring narrows it. */
export function testGrep(mode: TestMode, substring: string | undefined): RegExp {
  const tag = escapeRegExp(restrictedTag);
  const mine = mode === 'restricted' ? `(?=.*${tag})` : `(?!.*${tag})`;
  const narrow = substring ? `(?=.*${escapeRegExp(substring)})` : '';
  return new RegExp(`^${mine}${narrow}`);
}
