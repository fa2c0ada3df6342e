// bench/cold-start: every function's bundle as deployed (infra/bundling.ts, the options infra/stack.ts gives
// NodejsFunction; AWS SDK external) — its size, what makes it big (esbuild's metafile), and its init time in
// a fresh Node process — beside a bare hello-world bundle (bench/hello-handler.ts) built and started the same
// way in the same run.
//
// Init is what Lambda reports as Init Duration, minus the network: the time from the Node process starting
// (performance.timeOrigin) until the handler module has been imported and its top level (config parsing, SDK
// clients, fonts) has run, with NODE_OPTIONS as deployed. The configuration given is the embedded stack's
// shape (a key file, simulators), so no init makes a network call; on AWS, IssueCard's KMS key and the
// registrations API's secret are read on first use or at init over the network, which this does not count.
// The import alone is recorded too; as a ratio it means little (a bare module imports in well under 1 ms).
// Beside each function: the init of a module importing only the AWS SDK packages its bundle loads at init (the
// runtime's, external), the floor its init cannot go under while the SDK is loaded from the runtime.
//
// SDK packages, per function, from esbuild's metafile of its bundle (what it measures, and what not):
//   at init    the bundle imports them statically: Node loads and evaluates them before the handler runs,
//              whichever route or task is served. (esbuild hoists a bundled module's static imports of an external
//              package to the top of the one output file, even when that module is reached by a dynamic import.)
//   on use     the code imports them with import() where it first calls them (a message sent, a secret read):
//              loaded on that call, once per container, never at init.
// SDK clients, per function and per AWS service (lib-dynamodb and its marshaller util-dynamodb are DynamoDB's,
// lib-storage and the presigner S3's):
//   initialises  the services whose packages load at init;
//   calls        the services whose operations the bundled code sends: a Command class, a paginator, a presigned
//                URL or an Upload named in the bundle (an import's names, or for a package imported on use the
//                names it takes from it). Module-level, not per route: a route that never runs a module's call
//                still counts it, so a service listed here is one some route or task of the function calls.
//   a mismatch   a service initialised that the code never calls (loaded for nothing), or one called that is
//                neither loaded at init nor on use (cannot happen in a bundle that loads); marked MISMATCH.
//
// Goals (issue 16): no mismatch; every bundle <= 250 KB (KB = 1,024 bytes) of minified code, the PDF engine's apart;
// init <= 1.5x the init of its at-init SDK packages alone (the bare bundle's when it loads none). Also shown: init
// against the bare bundle's (x bare). The load average is sampled before, between rounds and after: a loaded
// machine (5 helpers on 2 cores) stretches every time, the floors included.
// Prints the figures and writes bench/results/cold-start.json. Usage:
//   npm run bench -- cold-start [--runs 7] [--only issueCard,registrations]
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Metafile } from 'esbuild';
import { lambdaBundling, lambdaNodeOptions } from '../infra/bundling.js';
import { functionSpecs, type FunctionSpec } from '../infra/specs.js';
import { ensureLocalKeys } from '../local/keys.js';
import { offlineFunctionEnvironment, projectRoot } from '../local/stack.js';
import { bundleFunction } from './bundle.js';
import { machine, median, resultsDir, round, writeResults } from './common.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, only: { type: 'string' } } });
const runs = Number(values.runs);
const only = values.only?.split(',');
const kb = (bytes: number) => round(bytes / 1024);
const sizeGoalBytes = 250 * 1024;
const sdkInitGoalRatio = 1.5;

/** The AWS service an SDK package talks to. */
const serviceOf = (name: string) =>
  ({ 'lib-dynamodb': 'dynamodb', 'util-dynamodb': 'dynamodb', 'lib-storage': 's3', 's3-request-presigner': 's3' })[
    name.replace('@aws-sdk/', '')
  ] ?? name.replace('@aws-sdk/', '').replace(/^client-/, '');

/** A package's exports that send a request: its Command classes, paginators, presigned URLs, multipart uploads. */
const operationsOf = async (name: string) =>
  Object.keys((await import(name)) as Record<string, unknown>).filter(
    (key) =>
      (/^[A-Z]\w*Command$/.test(key) && !key.endsWith('ClientCommand')) ||
      /^paginate[A-Z]/.test(key) ||
      ['getSignedUrl', 'Upload'].includes(key),
  );

/**
 * The SDK packages whose operations the bundle's code uses: the names a static import takes from the package, or,
 * for a package imported with import(), its operation names in the code (destructured or read off the module).
 */
const calledPackages = async (code: string, packages: readonly string[]) => {
  const called: string[] = [];
  for (const name of packages) {
    const operations = new Set(await operationsOf(name));
    const escaped = name.replace(/[/-]/g, (c) => `\\${c}`);
    const statically = [...code.matchAll(new RegExp(`import\\{([^}]*)\\}from"${escaped}"`, 'g'))].flatMap((match) =>
      (match[1] as string).split(',').map((specifier) => specifier.trim().split(/\s+as\s+/)[0] as string),
    );
    const onUse = code.includes(`import("${name}")`) ? [...operations].filter((op) => new RegExp(`\\b${op}\\b`).test(code)) : [];
    if ([...statically, ...onUse].some((imported) => operations.has(imported))) called.push(name);
  }
  return called;
};

const outputOf = (metafile: Metafile, outfile: string) =>
  Object.entries(metafile.outputs).find(([path]) => join(projectRoot, path) === outfile)?.[1];

/** The PDF engine's packages: pdf-lib, its fonts and PNG reader, and the inflate they use. */
const pdfEngine = /^(pdf-lib|@pdf-lib\/.+|pako)$/;

const pdfEngineBytes = (parts: [string, number][]) =>
  parts.some(([owner]) => owner === 'pdf-lib')
    ? parts.filter(([owner]) => pdfEngine.test(owner)).reduce((sum, [, bytes]) => sum + bytes, 0)
    : 0;

/** Bytes in the output per npm package (or per project folder), largest first. */
const contributors = (metafile: Metafile, outfile: string) => {
  const output = outputOf(metafile, outfile);
  const byOwner = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const owner = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + input.bytesInOutput);
  }
  return [...byOwner.entries()].sort((a, b) => b[1] - a[1]);
};

/** The environment a function parses at load, the embedded stack's for its `uses` (local/stack.ts), with nothing listening. */
const initEnvironment = (keysDir: string, uses: FunctionSpec['uses']): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_OPTIONS: lambdaNodeOptions,
  POWERTOOLS_SERVICE_NAME: 'healthcard-pipeline',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  ...offlineFunctionEnvironment(ensureLocalKeys(keysDir), uses),
});

// Runs in the fresh process: performance.now() counts from the process's start.
const initProbe = `
const importStarted = performance.now();
const module = await import(process.argv[1]);
if (typeof module.handler !== 'function') throw new Error('no handler export');
const ready = performance.now();
process.stdout.write(JSON.stringify({ initMs: ready, importMs: ready - importStarted }));
`;

const initOnce = (outfile: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ initMs: number; importMs: number }>((resolve, reject) => {
    // NODE_OPTIONS is in env, as on Lambda; the probe is an ES module given on the command line.
    const child = spawn(process.execPath, ['--input-type=module', '-e', initProbe, pathToFileURL(outfile).href], {
      cwd: dirname(outfile),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as { initMs: number; importMs: number });
      else reject(new Error(`${outfile} did not initialize (exit ${code}): ${err.slice(0, 800)}`));
    });
  });

interface Built {
  readonly key: string;
  readonly entry: string;
  /** Its environment at init: what its `uses` grant. */
  readonly env: NodeJS.ProcessEnv;
  readonly outfile: string;
  readonly codeBytes: number;
  readonly sourceMapBytes: number;
  readonly bundledFileBytes: number;
  readonly largest: [string, number][];
  /** Bytes of the PDF engine (pdf-lib, its fonts and inflate), which the size goal leaves apart. */
  readonly pdfEngineBytes: number;
  /** The AWS SDK packages the bundle imports statically (loaded at init), and a module importing just those. */
  readonly sdkPackages: string[];
  /** The AWS SDK packages the code imports with import() where it first calls them, and not statically. */
  readonly sdkOnUse: string[];
  /** The SDK packages (at init or on use) whose operations the code sends. */
  readonly sdkCalled: string[];
  readonly sdkProbe: string | undefined;
  readonly inits: { initMs: number; importMs: number }[];
  readonly sdkInits: { initMs: number; importMs: number }[];
}

const main = async () => {
  const bundlesDir = join(resultsDir, 'bundles');
  rmSync(bundlesDir, { recursive: true, force: true });
  const keysDir = join(tmpdir(), `healthcard-bench-cold-start-${process.pid}`);
  const startedWith = machine();

  const targets: [string, Pick<FunctionSpec, 'entry' | 'bundledFiles' | 'uses'>][] = [
    ['bare', { entry: 'bench/hello-handler.ts', uses: [] }],
    ...(Object.entries(functionSpecs) as [string, FunctionSpec][]).filter(([key]) => only === undefined || only.includes(key)),
  ];
  const built: Built[] = [];
  for (const [key, spec] of targets) {
    const outdir = join(bundlesDir, key);
    const { outfile, metafile, bundledFileBytes } = await bundleFunction(spec, outdir);
    const sdkImports = (outputOf(metafile, outfile)?.imports ?? []).filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    const sdkPackages = [...new Set(sdkImports.filter((i) => i.kind === 'import-statement').map((i) => i.path))].sort();
    const sdkOnUse = [...new Set(sdkImports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path))]
      .filter((name) => !sdkPackages.includes(name))
      .sort();
    const sdkCalled = await calledPackages(readFileSync(outfile, 'utf8'), [...new Set(sdkImports.map((i) => i.path))]);
    const sdkProbe = sdkPackages.length === 0 ? undefined : join(outdir, 'sdk-only.mjs');
    if (sdkProbe !== undefined)
      writeFileSync(sdkProbe, `${sdkPackages.map((name) => `import '${name}';`).join('\n')}\nexport const handler = async () => ({});\n`);
    built.push({
      key,
      sdkPackages,
      sdkOnUse,
      sdkCalled,
      sdkProbe,
      sdkInits: [],
      entry: spec.entry,
      env: initEnvironment(keysDir, spec.uses),
      outfile,
      codeBytes: statSync(outfile).size,
      sourceMapBytes: statSync(`${outfile}.map`).size,
      bundledFileBytes,
      largest: contributors(metafile, outfile).slice(0, 6),
      pdfEngineBytes: pdfEngineBytes(contributors(metafile, outfile)),
      inits: [],
    });
  }

  // One warm-up start each (the file system cache), then `runs` rounds, every bundle once per round.
  for (const target of built) await initOnce(target.outfile, target.env);
  const loadSamples = [loadavg()[0] as number];
  for (let round = 0; round < runs; round += 1) {
    if (round > 0) loadSamples.push(loadavg()[0] as number);
    for (const target of built) {
      target.inits.push(await initOnce(target.outfile, target.env));
      if (target.sdkProbe !== undefined) target.sdkInits.push(await initOnce(target.sdkProbe, target.env));
    }
  }
  loadSamples.push(loadavg()[0] as number);
  rmSync(keysDir, { recursive: true, force: true });

  const bare = built[0] as Built;
  const bareInit = median(bare.inits.map((init) => init.initMs));
  const bareImport = median(bare.inits.map((init) => init.importMs));
  const functions = built.slice(1).map((target) => {
    const initMs = median(target.inits.map((init) => init.initMs));
    const importMs = median(target.inits.map((init) => init.importMs));
    // No SDK package at init: the floor is the bare bundle's.
    const sdkOnlyInitMs = target.sdkProbe === undefined ? bareInit : median(target.sdkInits.map((init) => init.initMs));
    const services = (names: readonly string[]) => [...new Set(names.map(serviceOf))].sort();
    const initialises = services(target.sdkPackages);
    const onUse = services(target.sdkOnUse).filter((service) => !initialises.includes(service));
    const calls = services(target.sdkCalled);
    const mismatches = [
      ...initialises.filter((service) => !calls.includes(service)).map((service) => `${service} initialised, never called`),
      ...calls
        .filter((service) => !initialises.includes(service) && !onUse.includes(service))
        .map((service) => `${service} called, not loaded`),
    ];
    return {
      function: target.key,
      entry: target.entry,
      codeKb: kb(target.codeBytes),
      sourceMapKb: kb(target.sourceMapBytes),
      bundledFilesKb: kb(target.bundledFileBytes),
      largestKb: Object.fromEntries(target.largest.map(([owner, bytes]) => [owner, kb(bytes)])),
      initMs: round(initMs),
      initOfBare: round(initMs / bareInit, 2),
      importMs: round(importMs),
      sdkPackages: target.sdkPackages.map((name) => name.replace('@aws-sdk/', '')),
      sdkOnUse: target.sdkOnUse.map((name) => name.replace('@aws-sdk/', '')),
      clients: { initialises, onUse, calls, mismatches },
      // Init of a module that imports only the at-init SDK packages: the floor this function's init cannot go under.
      sdkOnlyInitMs: round(sdkOnlyInitMs),
      initOfSdkOnly: round(initMs / sdkOnlyInitMs, 2),
      codeKbWithoutPdfEngine: kb(target.codeBytes - target.pdfEngineBytes),
      sizeGoalMet: target.codeBytes - target.pdfEngineBytes <= sizeGoalBytes,
      clientsGoalMet: mismatches.length === 0,
      sdkInitCeilingMs: round(sdkInitGoalRatio * sdkOnlyInitMs),
      sdkInitGoalMet: initMs <= sdkInitGoalRatio * sdkOnlyInitMs,
    };
  });

  const load = {
    samples1m: loadSamples.map((value) => round(value, 2)),
    median1m: round(median(loadSamples), 2),
    max1m: round(Math.max(...loadSamples), 2),
  };
  console.log(
    `bare bundle: ${kb(bare.codeBytes)} KB, init ${round(bareInit)} ms (import ${round(bareImport, 2)} ms); median of ${runs} fresh processes; ` +
      `load average (1 min) ${load.samples1m.join(' -> ')} on ${startedWith.cpus} cores`,
  );
  console.log(
    [
      'function'.padEnd(24),
      'code KB',
      '-PDF KB',
      '<=250',
      'init ms',
      'SDK-only',
      'x SDK',
      '<=1.5',
      'x bare',
      ' SDK clients: initialised at init | called by its code | [loaded on use]; largest parts (KB)',
    ].join('  '),
  );
  for (const row of functions) {
    const parts = Object.entries(row.largestKb)
      .map(([owner, size]) => `${owner} ${size}`)
      .join(', ');
    const { initialises, calls, onUse, mismatches } = row.clients;
    const clients = `${initialises.join(' ') || '-'} | ${calls.join(' ') || '-'} | [${onUse.join(' ')}]${mismatches.length === 0 ? '' : ` MISMATCH: ${mismatches.join(', ')}`}`;
    console.log(
      [
        row.function.padEnd(24),
        String(row.codeKb).padStart(7),
        String(row.codeKbWithoutPdfEngine).padStart(7),
        (row.sizeGoalMet ? 'ok' : 'OVER').padStart(5),
        String(row.initMs).padStart(7),
        String(row.sdkOnlyInitMs).padStart(8),
        String(row.initOfSdkOnly).padStart(5),
        (row.sdkInitGoalMet ? 'ok' : 'OVER').padStart(5),
        String(row.initOfBare).padStart(6),
        ` ${clients}; ${parts}`,
      ].join('  '),
    );
  }
  const missed = (goal: 'clientsGoalMet' | 'sizeGoalMet' | 'sdkInitGoalMet') =>
    functions.filter((row) => !row[goal]).map((row) => row.function);
  for (const [goal, label] of [
    ['clientsGoalMet', 'initialise only SDK clients their code calls'],
    ['sizeGoalMet', 'bundle <= 250 KB (PDF engine apart)'],
    ['sdkInitGoalMet', 'init <= 1.5x their SDK-only init'],
  ] as const)
    console.log(missed(goal).length === 0 ? `every function: ${label}` : `${label}: missed by ${missed(goal).join(', ')}`);
  writeResults('cold-start', {
    machine: { before: startedWith, after: machine() },
    bundling: lambdaBundling,
    nodeOptions: lambdaNodeOptions,
    runs,
    loadAverage1m: load,
    goals: { clientsMismatches: 0, codeKbWithoutPdfEngineAtMost: 250, initOfSdkOnlyAtMost: sdkInitGoalRatio },
    bare: { codeKb: kb(bare.codeBytes), initMs: round(bareInit), importMs: round(bareImport, 2) },
    functions,
  });
};

await main();
