import * as http from 'node:http';
import * as https from 'node:https';
import { abortError } from '../ffmpeg/abort';
import { ModelProblem } from './modelErrors';

export interface HttpGetOptions {
  /** Longest wait for the connection and the response headers, in milliseconds. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET `url` with the plain http/https modules (so VS Code's proxy support applies in the extension host),
 * following up to `maxRedirects` redirects but never from https down to http. Resolves with a 200 response whose
 * body the caller must consume or destroy; every failure is a ModelProblem that names the URL.
 */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<http.IncomingMessage> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await requestOnce(current, options);
    const status = response.statusCode ?? 0;
    if (status === 200) return response;
    response.resume();
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || location === undefined) {
      throw new ModelProblem(
        'http',
        `HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd() + ` for ${current.href}`,
      );
    }
    if (redirects >= (options.maxRedirects ?? 5)) throw new ModelProblem('http', `too many redirects from ${url.href}`);
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && !(next.protocol === 'http:' && current.protocol === 'http:')) {
      throw new ModelProblem('http', `refused redirect from ${current.href} to ${next.href}`);
    }
    current = next;
  }
}

function requestOnce(url: URL, options: HttpGetOptions): Promise<http.IncomingMessage> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : url.protocol === 'http:' ? http.get : undefined;
    if (!get) return reject(new ModelProblem('http', `unsupported protocol in ${url.href}`));
    const onAbort = (): void => void request.destroy(abortError(signal));
    const request = get(url, { headers: { 'accept-encoding': 'identity' } }, (response) => {
      signal?.removeEventListener('abort', onAbort);
      request.setTimeout(0);
      resolve(response);
    });
    request.setTimeout(timeoutMs, () => {
      request.destroy(
        new ModelProblem('timeout', `no answer from ${url.host} within ${seconds(timeoutMs)} (GET ${url.href})`),
      );
    });
    request.on('error', (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        error instanceof ModelProblem || error.name === 'AbortError'
          ? error
          : new ModelProblem('network', `${error.message} (GET ${url.href})`, { cause: error }),
      );
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const seconds = (ms: number): string => `${ms / 1000} s`;
