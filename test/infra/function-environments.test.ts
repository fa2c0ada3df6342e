// Every deployed function, bundled as NodejsFunction bundles it (bench/bundle.ts: esbuild with infra/bundling.ts),
// loads in a fresh `node` process given only the environment its `uses` grant (the environment contract,
// functions/environment.ts, with the embedded stack's values and nothing listening), as Lambda would start it.
// And the reverse: with one `uses` entry taken out of a copy of the spec, the load fails naming that entry's
// variable, so a function that reads a resource it does not declare fails here and not at its first cold start.
// And each bundle loads at init (imports statically) only the AWS SDK packages of the resources its `uses` grant.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../bench/bundle.js';
import { resources, shapeOf } from '../../functions/environment.js';
import { lambdaNodeOptions } from '../../infra/bundling.js';
import { functionSpecs, type FunctionKey, type FunctionResource } from '../../infra/specs.js';
import { ensureLocalKeys } from '../../local/keys.js';
import { offlineFunctionEnvironment, projectRoot } from '../../local/stack.js';

const keys = Object.keys(functionSpecs) as FunctionKey[];
// Under the project, so the external AWS SDK resolves from node_modules as the Lambda runtime's would.
const bundlesDir = join(projectRoot, 'test-results', `function-bundles-${process.pid}`);
const localKeys = ensureLocalKeys(mkdtempSync(join(tmpdir(), 'bundle-env-keys-')));
const outfiles = new Map<FunctionKey, string>();
/** The AWS SDK packages each bundle imports statically (Node loads them before the handler runs) and with import(). */
const sdkImports = new Map<FunctionKey, { atInit: Set<string>; onUse: Set<string> }>();

/** `work` over `items`, at most `limit` at a time (two cores). */
const inParallel = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) => {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
};

// What the Lambda runtime does first: import the handler module, whose top level parses its configuration.
const loader = `const module = await import(process.argv[1]); if (typeof module.handler !== 'function') throw new Error('no handler');`;

/** Loads a bundle in a fresh node process with exactly `env` (plus NODE_OPTIONS, as the stack configures it). */
const load = (outfile: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', loader, pathToFileURL(outfile).href], {
      cwd: dirname(outfile),
      env: { NODE_OPTIONS: lambdaNodeOptions, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 30_000,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });

/**
 * `uses` entries whose variables the function does not read at load, each for a reason that is no oversight:
 * the grant is what it is there for. Any other entry taken out must stop the load.
 */
const grantOnly: readonly { fn: FunctionKey; use: Partial<FunctionResource>; why: string }[] = [
  ...(['planRosterImport', 'importRosterChunk'] as const).map((fn) => ({
    fn,
    use: { kind: 'bucket', bucket: 'rosters' } as const,
    why: 'reads the roster file named in its input (bucket, key, version), never a bucket from its environment',
  })),
];

/** Applicant sessions are optional by design: a deployment without a session client runs without sessions (README). */
const optional = (use: FunctionResource) => use.kind === 'sessionClient';

/** Each entry whose removal must stop the load. */
const candidates = keys.flatMap((fn) =>
  functionSpecs[fn].uses.flatMap((use: FunctionResource, index) => {
    const rest = functionSpecs[fn].uses.filter((_, at) => at !== index);
    const names = Object.keys(shapeOf(use));
    // Another entry gives the same variables (start and taskResponse on one workflow): nothing is missing.
    const stillGiven = names.every((name) => rest.some((other: FunctionResource) => name in shapeOf(other)));
    const exempt = grantOnly.some(
      (entry) => entry.fn === fn && Object.entries(entry.use).every(([k, v]) => use[k as keyof typeof use] === v),
    );
    return stillGiven || exempt || optional(use) ? [] : [{ fn, use, rest, names }];
  }),
);
/** One per resource (kind, and which bucket or workflow), the first function that uses it: a fresh process each costs. */
const drops = [...new Map([...candidates].reverse().map((drop) => [drop.names.join(), drop])).values()];

beforeAll(async () => {
  const started = Date.now();
  await inParallel(keys, 2, async (fn) => {
    const outdir = join(bundlesDir, fn);
    mkdirSync(outdir, { recursive: true });
    const { outfile, metafile } = await bundleFunction(functionSpecs[fn], outdir);
    outfiles.set(fn, outfile);
    const imports = Object.entries(metafile.outputs).find(([path]) => join(projectRoot, path) === outfile)?.[1].imports ?? [];
    const sdk = imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    const atInit = new Set(sdk.filter((i) => i.kind === 'import-statement').map((i) => i.path));
    // On use: imported with import() only (a package also imported statically is loaded at init all the same).
    sdkImports.set(fn, {
      atInit,
      onUse: new Set(sdk.filter((i) => i.kind === 'dynamic-import' && !atInit.has(i.path)).map((i) => i.path)),
    });
  });
  console.info(`bundled ${keys.length} functions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 180_000);

afterAll(() => rmSync(bundlesDir, { recursive: true, force: true }));

describe('every deployed bundle', () => {
  it('loads in a fresh process with only the environment its uses grant', async () => {
    const failures: string[] = [];
    await inParallel(keys, 2, async (fn) => {
      const { code, stderr } = await load(outfiles.get(fn) as string, offlineFunctionEnvironment(localKeys, functionSpecs[fn].uses));
      if (code !== 0) failures.push(`${fn}: exit ${code}: ${stderr.slice(0, 600)}`);
    });
    expect(failures).toEqual([]);
  }, 240_000);

  it('loads at init only the AWS SDK packages of the AWS services its uses grant', () => {
    // Which SDK v3 package talks to which service (the AWS SDK's own split). A secret, a session client and SMS
    // have none: their packages are imported where they are first called (a secret read, a message sent).
    const packagesOf: Record<FunctionResource['kind'], readonly string[]> = {
      table: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/util-dynamodb'],
      bucket: ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner'],
      workflow: ['@aws-sdk/client-sfn'],
      cardKey: ['@aws-sdk/client-kms'],
      photoKey: ['@aws-sdk/client-kms'],
      sms: [],
      secret: [],
      sessionClient: [],
      ekyc: [],
      importTuning: [],
      waitTuning: [],
      metrics: [],
    };
    const beyondGrant = keys.flatMap((fn) => {
      const granted = new Set(functionSpecs[fn].uses.flatMap((use: FunctionResource) => packagesOf[use.kind]));
      return [...(sdkImports.get(fn)?.atInit ?? [])].filter((name) => !granted.has(name)).map((name) => `${fn}: ${name}`);
    });
    expect(beyondGrant).toEqual([]);
    // The waiting steps' tasks keep tokens in the table; the three that may find their step already done after a
    // retry answer it then, importing the Step Functions package on that call. None loads it at init.
    const waitingTasks: readonly FunctionKey[] = ['sendMobileOtp', 'openEkycStep', 'openApproval', 'parkWait', 'recordOutcome'];
    expect(waitingTasks.filter((fn) => sdkImports.get(fn)?.atInit.has('@aws-sdk/client-sfn'))).toEqual([]);
    expect(waitingTasks.filter((fn) => sdkImports.get(fn)?.onUse.has('@aws-sdk/client-sfn')).sort()).toEqual([
      'openApproval',
      'openEkycStep',
      'sendMobileOtp',
    ]);
    // The registrations API sends SMS, reads the pipeline's and the session client's secrets, seals and stores e-KYC
    // photos (KMS and S3, the two e-KYC routes of its twelve; it signs no links, so no presigner) and starts executions and answers waiting steps (Step Functions),
    // each only on use: at init it loads DynamoDB's packages alone.
    expect([...(sdkImports.get('registrations')?.onUse ?? [])].sort()).toEqual([
      '@aws-sdk/client-cognito-identity-provider',
      '@aws-sdk/client-kms',
      '@aws-sdk/client-pinpoint-sms-voice-v2',
      '@aws-sdk/client-s3',
      '@aws-sdk/client-secrets-manager',
      '@aws-sdk/client-sfn',
    ]);
    expect([...(sdkImports.get('registrations')?.atInit ?? [])].sort()).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      '@aws-sdk/util-dynamodb',
    ]);
  });

  it('fails to load, naming the variable, when one uses entry is taken out of a copy of its spec', async () => {
    // Every kind a `uses` entry may name is taken out somewhere below.
    expect(new Set(drops.map((drop) => drop.use.kind))).toEqual(
      new Set(Object.keys(resources).filter((kind) => kind !== 'runtime' && kind !== 'sessionClient')),
    );
    const loaded: string[] = [];
    await inParallel(drops, 2, async ({ fn, use, rest, names }) => {
      const { code, stderr } = await load(outfiles.get(fn) as string, offlineFunctionEnvironment(localKeys, rest));
      const named = names.some((name) => stderr.includes(name));
      if (code === 0 || !stderr.includes('ConfigurationError') || !named) loaded.push(`${fn} without ${JSON.stringify(use)}: exit ${code}`);
    });
    expect(loaded).toEqual([]);
  }, 240_000);
});
