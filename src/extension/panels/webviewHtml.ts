import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  readonly title: string;
  /** Bundle under dist/webview, e.g. 'dashboard.js'. */
  readonly script: string;
  /** Stylesheets after media/panel.css (the theme's colours and font), relative to the extension root. */
  readonly styles: readonly string[];
  /** Serialized into an escaped data-state attribute of <body>: the webview's initial state. */
  readonly state: unknown;
  /** Trusted static markup for the first paint (no data in it). */
  readonly body: string;
}

/** Roots a panel may load from: our bundles and stylesheets, nothing else. */
export const panelResourceRoots = (extensionUri: vscode.Uri): vscode.Uri[] => [
  vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
  vscode.Uri.joinPath(extensionUri, 'media'),
];

export const escapeAttribute = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

/**
 * The HTML of every panel: CSP default-src 'none', the script by nonce, styles and images only from the webview's own
 * origin.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const asset = (relative: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/'))).toString();
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${['media/panel.css', ...page.styles].map((style) => `<link rel="stylesheet" href="${asset(style)}">`).join('\n')}
<title>${escapeAttribute(page.title)}</title>
</head>
<body data-state="${escapeAttribute(JSON.stringify(page.state))}">
${page.body}
<script nonce="${nonce}" src="${asset(`dist/webview/${page.script}`)}"></script>
</body>
</html>`;
}

const RELOAD_AFTER_MS = 4000;
const MAX_RELOADS = 5;

/**
 * Sets a panel's HTML, and sets it again (a new nonce, so a real reload) while its visible webview
 * has not said 'ready': in the browser (code-server), a webview frame that loads before VS Code's
 * service worker controls it never gets its script, and would stay at "Loading…" for good.
 */
export class WebviewLoader implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private reloads = 0;
  private html: () => string = () => '';

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly onReload?: (attempt: number) => void,
  ) {}

  load(html: () => string): void {
    this.html = html;
    this.reloads = 0;
    this.set();
  }

  /** The webview said 'ready': its script runs. */
  ready(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.ready();
  }

  private set(): void {
    this.panel.webview.html = this.html();
    this.watch();
  }

  private watch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A hidden webview is not loaded at all: look again later, without spending a reload.
      if (!this.panel.visible) return this.watch();
      if (this.reloads >= MAX_RELOADS) return;
      this.reloads++;
      this.onReload?.(this.reloads);
      this.set();
    }, RELOAD_AFTER_MS);
  }
}
