// The whole test run's privacy evidence: every integration test file's stacks write what they logged and, when
// they stop, every execution's input, output and history to test-results/privacy/, with the Aadhaar numbers,
// OTPs and mobile numbers that file used; processes a test spawns (npm start, the CLI) add their output. The
// `privacy` project (test/privacy/whole-run.test.ts), run after the others, reads it all, and each test file's
// whole output (test-results/logs/, test-logs.ts), and finds none of those numbers anywhere. The integration
// project's global setup (privacy-setup.ts) empties both folders as it starts.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import type { LocalStepFunctions } from '../../local/sfn/service.js';
import type { ExecutionRecord } from '../../local/sfn/store.js';
import { simulatedPhoto, simulatedPhotoMarker } from '../../local/simulators/photos.js';
import { projectRoot } from '../../local/stack.js';

/** Every Aadhaar number, OTP and mobile number this test file used: what must never show in a log or a history. */
export const usedSecrets = { aadhaarNumbers: new Set<string>(), otps: new Set<string>(), mobiles: new Set<string>() };

export const privacyDirectory = join(projectRoot, 'test-results', 'privacy');

/** One line of a capture file. */
export type CaptureLine =
  | { readonly kind: 'meta'; readonly testFile: string; readonly source: string; readonly pid: number; readonly at: string }
  | { readonly kind: 'log'; readonly source: string; readonly text: string }
  | {
      readonly kind: 'execution';
      readonly executionArn: string;
      readonly input: string;
      readonly output?: string;
      readonly error?: string;
      readonly cause?: string;
      readonly events: readonly unknown[];
    }
  /** What the stack kept (every table item, every export, every stored photo): looked at for e-KYC photos only. */
  | { readonly kind: 'stored'; readonly where: string; readonly text: string }
  | {
      readonly kind: 'secrets';
      readonly aadhaarNumbers: readonly string[];
      readonly otps: readonly string[];
      readonly mobiles: readonly string[];
    };

/** The test file running in this worker, as vitest knows it (a stack is started in beforeAll or in a test). */
const currentTestFile = (): string => {
  const path = expect.getState().testPath;
  return path === undefined ? 'unknown' : basename(path);
};

let sequence = 0;

/**
 * Write one capture: `source` says what it is (an in-process stack, npm start, a CLI run). Each capture carries the
 * secrets its file had used by then, so the last one of a file has them all.
 */
export const recordCapture = (
  source: string,
  logs: string,
  executions: readonly Extract<CaptureLine, { kind: 'execution' }>[] = [],
  stored: readonly Extract<CaptureLine, { kind: 'stored' }>[] = [],
): void => {
  mkdirSync(privacyDirectory, { recursive: true });
  const testFile = currentTestFile();
  sequence += 1;
  const file = join(privacyDirectory, `${testFile.replace(/\.test\.ts$/, '')}-${process.pid}-${String(sequence).padStart(3, '0')}.jsonl`);
  const lines: CaptureLine[] = [
    { kind: 'meta', testFile, source, pid: process.pid, at: new Date().toISOString() },
    ...logs
      .split('\n')
      .filter((text) => text.trim() !== '')
      .map((text) => ({ kind: 'log' as const, source, text })),
    ...executions,
    ...stored,
    { kind: 'secrets', aadhaarNumbers: [...usedSecrets.aadhaarNumbers], otps: [...usedSecrets.otps], mobiles: [...usedSecrets.mobiles] },
  ];
  appendFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
};

/** Every execution of every state machine of an in-process stack, with its data: input, output, every event. */
export const executionsOf = (stepFunctions: LocalStepFunctions): Extract<CaptureLine, { kind: 'execution' }>[] => {
  const captured: Extract<CaptureLine, { kind: 'execution' }>[] = [];
  for (const machine of stepFunctions.listStateMachines().stateMachines) {
    let nextToken: string | undefined;
    do {
      const page = stepFunctions.listExecutions({
        stateMachineArn: machine.stateMachineArn,
        maxResults: 1000,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const execution of page.executions) {
        const described = stepFunctions.describeExecution({ executionArn: execution.executionArn });
        const events: unknown[] = [];
        let historyToken: string | undefined;
        do {
          const history = stepFunctions.getExecutionHistory({
            executionArn: execution.executionArn,
            maxResults: 1000,
            ...(historyToken === undefined ? {} : { nextToken: historyToken }),
          });
          events.push(...history.events);
          historyToken = history.nextToken;
        } while (historyToken !== undefined);
        captured.push({
          kind: 'execution',
          executionArn: execution.executionArn,
          input: described.input,
          ...(described.output === undefined ? {} : { output: described.output }),
          ...(described.error === undefined ? {} : { error: described.error }),
          ...(described.cause === undefined ? {} : { cause: described.cause }),
          events,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
  }
  return captured;
};

/** Every execution a persisted stack (npm start on a data directory) kept on disk: read after its process ended. */
export const executionsOnDisk = (dataDir: string): Extract<CaptureLine, { kind: 'execution' }>[] => {
  const directory = join(dataDir, 'sfn');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as ExecutionRecord)
    .map((record) => ({
      kind: 'execution' as const,
      executionArn: record.executionArn,
      input: record.input,
      ...(record.output === undefined ? {} : { output: record.output }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
      events: record.history,
    }));
};

/** Everything written to stdout and stderr in this worker from now on (an in-process stack's logs included). */
export const captureLogs = (): { lines: () => string; stop: () => void } => {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const tee = (original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = tee(originals.out);
  process.stderr.write = tee(originals.err);
  let stopped = false;
  return {
    lines: () => chunks.join(''),
    stop: () => {
      if (stopped) return;
      stopped = true;
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
};

// ---- Reading the run back, and looking -------------------------------------------------------------------------

export interface Capture {
  readonly file: string;
  readonly testFile: string;
  readonly source: string;
  readonly logs: readonly string[];
  readonly executions: readonly Extract<CaptureLine, { kind: 'execution' }>[];
  /** Table items, exports and stored photos: what the stack kept (none for a process's or a test file's output). */
  readonly stored?: readonly Extract<CaptureLine, { kind: 'stored' }>[];
  readonly secrets: Omit<Extract<CaptureLine, { kind: 'secrets' }>, 'kind'>;
}

export const readCaptures = (directory = privacyDirectory): Capture[] =>
  (existsSync(directory) ? readdirSync(directory) : [])
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .map((file) => {
      const lines = readFileSync(join(directory, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CaptureLine);
      const meta = lines.find((line) => line.kind === 'meta') as Extract<CaptureLine, { kind: 'meta' }> | undefined;
      const secrets = lines.find((line) => line.kind === 'secrets') as Extract<CaptureLine, { kind: 'secrets' }> | undefined;
      return {
        file,
        testFile: meta?.testFile ?? 'unknown',
        source: meta?.source ?? 'unknown',
        logs: lines.flatMap((line) => (line.kind === 'log' ? [line.text] : [])),
        executions: lines.flatMap((line) => (line.kind === 'execution' ? [line] : [])),
        stored: lines.flatMap((line) => (line.kind === 'stored' ? [line] : [])),
        secrets: { aadhaarNumbers: secrets?.aadhaarNumbers ?? [], otps: secrets?.otps ?? [], mobiles: secrets?.mobiles ?? [] },
      };
    });

/**
 * What each test file's worker wrote to stdout and stderr, whole (test-logs.ts): the functions' logs while its
 * stacks ran, and anything else before or after. A capture each, with no numbers of its own: findLeaks looks in
 * them for every Aadhaar and mobile number of the run, and for the OTPs of the test file of the same name.
 */
export const readTestLogs = (directories: readonly string[]): Capture[] =>
  directories
    .filter((directory) => existsSync(directory))
    .flatMap((directory) =>
      readdirSync(directory)
        .filter((file) => file.endsWith('.test.ts.log'))
        .sort()
        .map((file) => ({
          file: join(basename(directory), file),
          testFile: file.replace(/\.log$/, ''),
          source: 'test file output',
          logs: readFileSync(join(directory, file), 'utf8')
            .split('\n')
            .filter((text) => text.trim() !== ''),
          executions: [],
          secrets: { aadhaarNumbers: [], otps: [], mobiles: [] },
        })),
    );

export interface Leak {
  readonly file: string;
  readonly where: string;
  readonly kind: 'Aadhaar number' | 'OTP' | 'mobile number';
  /** The secret's last digits only: the report of a leak does not leak it again. */
  readonly endsWith: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pass over a text for many numbers, each as a whole number: not inside a longer run of digits, and for the
 * six-digit OTPs not inside a word either (a run of six digits between letters is part of some id: a UUID holds one
 * every few ids, and would be found by chance).
 */
const matcher = (
  secrets: ReadonlyMap<string, Leak['kind']>,
  boundary: 'digits' | 'words',
): ((text: string) => { secret: string; kind: Leak['kind'] }[]) => {
  if (secrets.size === 0) return () => [];
  const alternatives = [...secrets.keys()].sort((a, b) => b.length - a.length).map(escape);
  const around = boundary === 'digits' ? ['(?<!\\d)', '(?!\\d)'] : ['(?<![0-9A-Za-z.])', '(?![0-9A-Za-z])'];
  const pattern = new RegExp(`${around[0]}(${alternatives.join('|')})${around[1]}`, 'g');
  return (text) =>
    [...text.matchAll(pattern)].map((match) => ({ secret: match[1] as string, kind: secrets.get(match[1] as string) as Leak['kind'] }));
};

/**
 * Every Aadhaar number and mobile number any file used, looked for in every log line and execution of the whole
 * run, as people write them too (an Aadhaar number in groups of four, a mobile with +91 or 91 before it or split
 * 5 + 5); each file's OTPs in that file's captures: an OTP lives only in the stack that issued it, and any six
 * digits turn up somewhere in a whole run's worth of other numbers.
 */
export const findLeaks = (captures: readonly Capture[]): Leak[] => {
  const everywhere = new Map<string, Leak['kind']>();
  for (const capture of captures) {
    for (const aadhaar of capture.secrets.aadhaarNumbers) {
      everywhere.set(aadhaar, 'Aadhaar number');
      everywhere.set(`${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`, 'Aadhaar number');
    }
    for (const mobile of capture.secrets.mobiles) {
      for (const written of [mobile, `91${mobile}`, `${mobile.slice(0, 5)} ${mobile.slice(5)}`]) everywhere.set(written, 'mobile number');
    }
  }
  const otpsOf = new Map<string, Set<string>>();
  for (const capture of captures) otpsOf.set(capture.testFile, new Set([...(otpsOf.get(capture.testFile) ?? []), ...capture.secrets.otps]));
  const global = matcher(everywhere, 'digits');
  const leaks: Leak[] = [];
  for (const capture of captures) {
    const local = matcher(new Map([...(otpsOf.get(capture.testFile) ?? [])].map((otp) => [otp, 'OTP' as const])), 'words');
    const hits = (text: string) => [...global(text), ...local(text)];
    // One pass over all of a capture's text; only where it finds something, the line or event is looked for.
    const look = (parts: readonly string[], where: (index: number) => string) => {
      if (hits(parts.join('\n')).length === 0) return;
      parts.forEach((part, index) => {
        for (const { secret, kind } of hits(part))
          leaks.push({ file: capture.file, where: where(index), kind, endsWith: secret.slice(-2) });
      });
    };
    look(capture.logs, (index) => `log line ${index + 1} (${capture.source})`);
    for (const execution of capture.executions) {
      const name = execution.executionArn.split(':').at(-1) ?? execution.executionArn;
      const parts = [
        JSON.stringify({ input: execution.input, output: execution.output, error: execution.error, cause: execution.cause }),
        ...execution.events.map((event) => JSON.stringify(event)),
      ];
      look(parts, (index) => (index === 0 ? `execution ${name}` : `execution ${name}, event ${index}`));
    }
  }
  return leaks;
};

// ---- e-KYC photos ------------------------------------------------------------------------------------------------

export interface PhotoLeak {
  readonly file: string;
  readonly where: string;
  /** Which form of the photo was found (base64, hex, ...): never the bytes themselves. */
  readonly form: string;
}

/**
 * The forms a photo would take in text: its bytes as base64 (as UIDAI's `Pht` and the gateway carry it), base64url,
 * hex, a Buffer's JSON (decimal bytes), and raw (read as latin1 or UTF-8, its JPEG comment shows: the simulator
 * writes a marker there). A slice from inside the image's scan data is unique to the photo; the JPEG header's forms
 * are the same for every simulated photo, so they find a photo whichever identity it is of.
 */
export const photoForms = (aadhaarNumbers: Iterable<string>): Map<string, string> => {
  const forms = new Map<string, string>([[simulatedPhotoMarker, 'raw JPEG (its comment)']]);
  let header: Buffer | undefined;
  for (const aadhaar of aadhaarNumbers) {
    const bytes = Buffer.from(simulatedPhoto(aadhaar).base64, 'base64');
    header ??= bytes.subarray(0, 90);
    // From a multiple of 3 bytes in: the slice's base64 is then a substring of the whole photo's base64.
    const start = Math.floor(bytes.length / 6) * 3;
    const middle = bytes.subarray(start, start + 30);
    // base64url differs from base64 only where a slice has + or /: the same text is one form, found as base64.
    forms.set(middle.toString('base64url'), 'base64url (scan data)');
    forms.set(middle.toString('base64'), 'base64 (scan data)');
    forms.set(middle.toString('hex'), 'hex (scan data)');
  }
  if (header !== undefined) {
    forms.set(header.toString('base64url'), 'base64url (JPEG header)');
    forms.set(header.toString('base64'), 'base64 (JPEG header)');
    forms.set(header.toString('hex'), 'hex (JPEG header)');
    forms.set([...header.subarray(0, 24)].join(','), 'decimal bytes (a Buffer as JSON)');
  }
  return forms;
};

/**
 * Every e-KYC photo of the run's identities (the simulator's, one per Aadhaar number any file used), in any of its
 * forms, in every log line, execution (input, output, every event), table item, export and stored photo object of
 * the whole run. Card PDFs are not looked in: the card prints the photo by design.
 */
export const findPhotoLeaks = (captures: readonly Capture[]): PhotoLeak[] => {
  const forms = photoForms(new Set(captures.flatMap((capture) => capture.secrets.aadhaarNumbers)));
  const pattern = new RegExp(
    [...forms.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escape)
      .join('|'),
    'g',
  );
  const leaks: PhotoLeak[] = [];
  for (const capture of captures) {
    const look = (text: string, where: string) => {
      for (const match of text.matchAll(pattern)) leaks.push({ file: capture.file, where, form: forms.get(match[0]) ?? 'unknown' });
    };
    capture.logs.forEach((line, index) => look(line, `log line ${index + 1} (${capture.source})`));
    for (const execution of capture.executions) {
      const name = execution.executionArn.split(':').at(-1) ?? execution.executionArn;
      look(JSON.stringify(execution), `execution ${name}`);
    }
    for (const stored of capture.stored ?? []) look(stored.text, stored.where);
  }
  return leaks;
};
