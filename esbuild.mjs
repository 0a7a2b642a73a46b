// One script, one bundle per host: the extension (node, cjs, vscode external), the training worker and the CLI.
// The webview room adds its browser bundle here.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};
// tfjs (its wasm binaries are found next to its module) and sharp (native libvips) load from node_modules at run time.
const runtimeModules = ['@tensorflow/*', 'sharp'];
const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...runtimeModules] },
  { ...common, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js', external: runtimeModules },
  // The worker's embedding threads (wasm/cpu backends), started from dist/ by embedderPool.ts.
  { ...common, entryPoints: ['src/worker/embedThread.ts'], outfile: 'dist/embedThread.js', external: runtimeModules },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: runtimeModules },
  // Webviews: browser bundles (uPlot included, never a CDN) and uPlot's stylesheet, served from dist/webview.
  ...['dashboard', 'spotCheck', 'timeline'].map((name) => ({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: [`src/webview/${name}.ts`], outfile: `dist/webview/${name}.js` })),
  { bundle: true, logLevel: 'warning', entryPoints: ['node_modules/uplot/dist/uPlot.min.css'], outfile: 'dist/webview/uPlot.css' },
];
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
