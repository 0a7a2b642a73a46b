/** The rejection of a cancelled operation: callers tell it from failures by `name === 'AbortError'`. */
export function abortError(signal?: AbortSignal): Error {
  const error = new Error('The operation was cancelled.', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
