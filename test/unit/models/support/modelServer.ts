import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/** Lets a test answer a request itself (return true) to play a failing host; `file` is the local file it maps to. */
export type Intercept = (request: http.IncomingMessage, response: http.ServerResponse, file: string | undefined) => boolean | void;

export interface ModelServer {
  /** Stands in for https://storage.googleapis.com/tfjs-models/tfjs. */
  readonly baseUrl: string;
  readonly origin: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  intercept: Intercept | undefined;
  close(): Promise<void>;
}

const PREFIX = '/tfjs-models/tfjs/';

/**
 * A loopback server (127.0.0.1, a free port) that plays the official host: `/tfjs-models/tfjs/<name>/<file>` is
 * `<folders[name]>/<file>`, served with Content-Length like the real one.
 */
export async function startModelServer(folders: Record<string, string>): Promise<ModelServer> {
  const requests: string[] = [];
  const state: { intercept: Intercept | undefined } = { intercept: undefined };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    const file = localFile(folders, url.pathname);
    if (state.intercept?.(request, response, file)) return;
    if (!file || !fs.existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    response.writeHead(200, { 'content-length': body.length, 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/tfjs-models/tfjs`,
    origin,
    requests,
    get intercept() {
      return state.intercept;
    },
    set intercept(intercept) {
      state.intercept = intercept;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function localFile(folders: Record<string, string>, pathname: string): string | undefined {
  if (!pathname.startsWith(PREFIX)) return undefined;
  const [name, ...rest] = pathname.slice(PREFIX.length).split('/');
  const folder = folders[name];
  if (!folder || rest.length === 0 || rest.some((segment) => segment === '..' || segment === '')) return undefined;
  return path.join(folder, ...rest);
}

/** A port that was free a moment ago and has nothing listening: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
