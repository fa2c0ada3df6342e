// Builds the admin dashboard (web/src) with esbuild: one ES module, one stylesheet, the Devanagari font and
// index.html; and the desk verifier page (web/src/verify, served at /verify/): its own small module, stylesheet,
// service worker and verify.html, nothing of the dashboard's. Both engines build it from source: the embedded stack in memory when it starts (local/dashboard.ts),
// the CDK stack into its asset directory during synth (infra/dashboard-site.ts). Nothing built is committed.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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

const options = (outdir: string, entryPoints: Record<string, string> = { app: 'src/main.tsx' }): BuildOptions => ({
  absWorkingDir: webRoot,
  entryPoints,
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
  buildVerifierInto(join(outdir, 'verify'));
};

// ---------------------------------------------------------------------------------------------------------------
// The verifier page

const verifierEntry = { verify: 'src/verify/main.tsx' };
const serviceWorkerEntry = { sw: 'src/verify/sw.ts' };

/**
 * The service worker's options: the page's files (its precache list, `./` first) and a version that changes with
 * their bytes, so a new build installs a new worker that replaces the old cache.
 */
const serviceWorkerOptions = (outdir: string, pageFiles: ReadonlyMap<string, Uint8Array>): BuildOptions => {
  const hash = createHash('sha256');
  for (const [name, bytes] of [...pageFiles].sort(([one], [other]) => one.localeCompare(other))) hash.update(name).update(bytes);
  return {
    ...options(outdir, serviceWorkerEntry),
    // A classic script: module service workers are newer than some of the phones at hospital desks.
    format: 'iife',
    define: {
      VERIFIER_FILES: JSON.stringify(['./', ...[...pageFiles.keys()].filter((name) => name !== 'index.html').map((name) => `./${name}`)]),
      VERIFIER_VERSION: JSON.stringify(hash.digest('hex').slice(0, 16)),
    },
  };
};

/** The built verifier page in memory: path (relative, `verify.js`, `sw.js`) -> bytes. config.json is each engine's. */
export const buildVerifier = async (): Promise<Map<string, Uint8Array>> => {
  const outdir = join(webRoot, 'out', 'verify');
  const page = await build({ ...options(outdir, verifierEntry), write: false });
  const files = new Map<string, Uint8Array>(page.outputFiles.map((file) => [relative(outdir, file.path), file.contents]));
  files.set('index.html', readFileSync(join(webRoot, 'verify.html')));
  const worker = await build({ ...serviceWorkerOptions(outdir, files), write: false });
  for (const file of worker.outputFiles) files.set(relative(outdir, file.path), file.contents);
  return files;
};

/** The built verifier page written to `outdir` (the dashboard's `verify/`), synchronously as buildDashboardInto. */
export const buildVerifierInto = (outdir: string): void => {
  mkdirSync(outdir, { recursive: true });
  buildSync(options(outdir, verifierEntry));
  copyFileSync(join(webRoot, 'verify.html'), join(outdir, 'index.html'));
  const files = new Map(readdirSync(outdir).map((name) => [name, readFileSync(join(outdir, name))]));
  buildSync(serviceWorkerOptions(outdir, files));
};
