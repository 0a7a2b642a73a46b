import * as assert from 'node:assert/strict';
import { ModelUnavailableError } from '../../../../src/core/models/modelErrors';

/** Awaits a rejection that must be a ModelUnavailableError of `reason` whose message matches `pattern`. */
export async function expectUnavailable(promise: Promise<unknown>, reason: ModelUnavailableError['reason'], pattern: RegExp): Promise<ModelUnavailableError> {
  const error = await promise.then(
    () => assert.fail('expected a ModelUnavailableError'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ModelUnavailableError, `not a ModelUnavailableError: ${String(error)}`);
  assert.equal(error.reason, reason, error.message);
  assert.match(error.message, pattern);
  return error;
}

export async function expectAbort(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => assert.fail('expected an AbortError'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof Error && error.name === 'AbortError', `not an AbortError: ${String(error)}`);
}
