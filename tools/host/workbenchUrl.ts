// The workbench URL code-server serves. Its command line rejects --extensionDevelopmentPath, so the
// development extension (and the test module) go in the `payload` parameter, as the web embedder does.

export interface WorkbenchPayload {
  /** Absolute path of the extension to load in development mode. */
  readonly extensionDevelopmentPath: string;
  /** Absolute path of a module exporting `run(): Promise<void>`, without `.js`: runs tests and exits. */
  readonly extensionTestsPath?: string;
}

/** An absolute local path as a URI on the code-server host, each segment percent-encoded. */
function remoteUri(authority: string, fsPath: string): string {
  const posix = fsPath.split('\\').join('/');
  return `vscode-remote://${authority}${posix.split('/').map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(port: number, folder: string, payload?: WorkbenchPayload): string {
  const authority = `127.0.0.1:${port}`;
  let url = `http://${authority}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    const entries: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(authority, payload.extensionDevelopmentPath)],
    ];
    if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remoteUri(authority, payload.extensionTestsPath)]);
    entries.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}
