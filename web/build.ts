// Builds the admin dashboard (web/src) with esbuild: one ES module, one stylesheet, the Devanagari font and
// index.html. Both engines build it from source: the embedded stack in memory when it starts (local/dashboard.ts),
// the CDK stack into its asset directory during synth (infra/dashboard-site.ts). Nothing built is committed.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, buildSync, type BuildOptions } from 'esbuild';

export const webRoot = import.meta.dirname;

/** The files the dashboard is made of, besides config.json (which each engine writes for itself). */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const options = (outdir: string): BuildOptions => ({
  absWorkingDir: webRoot,
  entryPoints: { app: 'src/main.tsx' },
  bundle: true,
  minify: true,
  format: 'esm',
  // What district office laptops and phones run: browsers of the last few years, no polyfills.
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.woff2': 'file' },
  // Plain names: every file is served with `no-cache` and revalidated, so no content hashes are needed.
  assetNames: '[name]',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'silent',
  outdir,
});

/** The built dashboard in memory: path (relative, `app.js`) -> bytes. */
export const buildDashboard = async (): Promise<Map<string, Uint8Array>> => {
  const outdir = join(webRoot, 'out');
  const result = await build({ ...options(outdir), write: false });
  const files = new Map<string, Uint8Array>(result.outputFiles.map((file) => [relative(outdir, file.path), file.contents]));
  files.set('index.html', readFileSync(join(webRoot, 'index.html')));
  return files;
};

/** The built dashboard written to `outdir` (synchronously: CDK's local bundling is synchronous). */
export const buildDashboardInto = (outdir: string): void => {
  mkdirSync(outdir, { recursive: true });
  buildSync(options(outdir));
  copyFileSync(join(webRoot, 'index.html'), join(outdir, 'index.html'));
};
