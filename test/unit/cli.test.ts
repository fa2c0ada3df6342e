// The admin CLI's own logic, without a stack: the command line, finding the API, times, tables, the import
// progress model and how errors print. The commands against a real stack are test/integration/cli.test.ts.
import { describe, expect, it } from 'vitest';
import { apiErrorOf, ApiClient } from '../../cli/api.js';
import { commands, helpText, parseCommandLine } from '../../cli/args.js';
import { resolveConnection } from '../../cli/connection.js';
import { ApiError, CliError, UsageError } from '../../cli/errors.js';
import { executionsQuery } from '../../cli/commands/executions.js';
import { s3ErrorOf } from '../../cli/commands/import.js';
import { whereItIs } from '../../cli/commands/redrive.js';
import { count, duration, ist, percent, size, table } from '../../cli/format.js';
import { barAfter, outcomeOf, pickUploadedImport, type ImportReading } from '../../cli/progress.js';
import { errorLines } from '../../cli/run.js';
import { instantOf, isDay } from '../../cli/time.js';
import { familyRosterOptions } from '../support/cli.js';

describe('the command line', () => {
  it('parses a command, its positionals and options', () => {
    const parsed = parseCommandLine(['import', 'nfsa.csv', ...familyRosterOptions('Lucknow'), '--full-snapshot', '--json']);
    expect(parsed.command?.name).toBe('import');
    expect(parsed.positionals).toEqual(['nfsa.csv']);
    expect(parsed.values).toMatchObject({
      scheme: 'pmjay',
      district: 'Lucknow',
      type: 'ration-card-families',
      'full-snapshot': true,
      json: true,
    });
  });

  it('refuses an unknown command, an unknown option, a missing value or a missing argument as usage errors (exit 2)', () => {
    for (const argv of [['deploy'], ['status', '--colour'], ['executions', '--status'], ['redrive'], ['report', 'daily', 'extra']]) {
      let thrown: unknown;
      try {
        parseCommandLine(argv);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((thrown as UsageError).exitCode).toBe(2);
    }
  });

  it('has help for the whole CLI and for each command, naming every option', () => {
    expect(parseCommandLine([]).values.help).toBe(true);
    expect(parseCommandLine(['redrive', '--help']).values.help).toBe(true);
    expect(helpText(undefined)).toContain('Commands:');
    for (const command of commands) {
      const help = helpText(command);
      expect(help).toContain(command.usage);
      for (const option of Object.keys(command.options)) expect(help, `${command.name} --${option}`).toContain(`--${option}`);
      expect(help).toContain('--api URL');
    }
  });
});

describe('finding the API', () => {
  const endpoints = JSON.stringify({
    api: { url: 'http://127.0.0.1:3000/' },
    tokens: { 'district-admin': 'dev-da', 'state-admin': 'dev-sa' },
  });
  const files = (path: string) =>
    path === '/work/project/.data/endpoints.json' || path === '/elsewhere/endpoints.json' ? endpoints : undefined;

  it('takes the embedded stack from .data/endpoints.json, as its district admin by default', () => {
    expect(resolveConnection({}, {}, '/work/project', files)).toMatchObject({ apiUrl: 'http://127.0.0.1:3000', token: 'dev-da' });
    expect(resolveConnection({ role: 'state-admin' }, {}, '/work/project', files).token).toBe('dev-sa');
    expect(resolveConnection({ dataDir: '/elsewhere' }, {}, '/tmp', files).token).toBe('dev-da');
    expect(resolveConnection({}, { HEALTHCARD_DATA_DIR: '/elsewhere' }, '/tmp', files).token).toBe('dev-da');
  });

  it('prefers --api/--token, then HEALTHCARD_API_URL/HEALTHCARD_TOKEN, and needs no file then', () => {
    expect(resolveConnection({ api: 'https://api.example.gov.in', token: 't1' }, {}, '/nowhere', () => undefined)).toMatchObject({
      apiUrl: 'https://api.example.gov.in',
      token: 't1',
    });
    expect(
      resolveConnection({}, { HEALTHCARD_API_URL: 'https://api.example.gov.in', HEALTHCARD_TOKEN: 't2' }, '/nowhere', () => undefined)
        .token,
    ).toBe('t2');
    expect(resolveConnection({ token: 't3' }, {}, '/work/project', files)).toMatchObject({ apiUrl: 'http://127.0.0.1:3000', token: 't3' });
  });

  it('says what to do when there is nothing to talk to, or no such role', () => {
    expect(() => resolveConnection({}, {}, '/nowhere', () => undefined)).toThrow(/npm start.*--api URL --token T/);
    expect(() => resolveConnection({ role: 'auditor' }, {}, '/work/project', files)).toThrow(
      /no development token for role "auditor" \(it has: district-admin, state-admin\)/,
    );
    expect(() => resolveConnection({ role: 'state-admin', token: 't' }, {}, '/work/project', files)).toThrow(UsageError);
  });
});

describe('times on the command line', () => {
  it('reads a day as a day in India: --from its first instant, --to its last', () => {
    expect(instantOf('2026-11-24', 'start', '--from')).toBe('2026-11-23T18:30:00.000Z');
    expect(instantOf('2026-11-24', 'end', '--to')).toBe('2026-11-24T18:29:59.999Z');
    expect(instantOf('2026-11-24T10:00:00+05:30', 'start', '--from')).toBe('2026-11-24T04:30:00.000Z');
    expect(() => instantOf('yesterday', 'start', '--from')).toThrow(UsageError);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
  });
});

describe('formatting', () => {
  it('prints a borderless table with right-aligned numbers, measuring Hindi by its width on screen', () => {
    const printed = table(
      [{ header: 'BLOCK' }, { header: 'ELIGIBLE', align: 'right' }],
      [
        ['Mal', '1,234'],
        ['मोहनलालगंज', '5'],
      ],
    ).split('\n');
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(/^BLOCK\s+ELIGIBLE$/);
    expect(printed[1]?.endsWith('   1,234')).toBe(true);
    expect(printed.every((line) => line === line.trimEnd())).toBe(true);
  });

  it('groups numbers the Indian way and writes times in IST', () => {
    expect(count(2895434)).toBe('28,95,434');
    expect(count(undefined)).toBe('-');
    expect(percent(16.666)).toBe('16.7%');
    expect(percent(null)).toBe('-');
    expect(ist('2026-11-24T04:30:00.000Z')).toBe('2026-11-24 10:00 IST');
    expect(duration(850)).toBe('850 ms');
    expect(duration(2500)).toBe('2.5 s');
    expect(duration(125_000)).toBe('2 min 5 s');
    expect(size(231)).toBe('231 bytes');
    expect(size(18_113_964)).toBe('17.3 MB');
  });
});

const reading = (status: ImportReading['status'], percentDone: number, extra: Partial<ImportReading> = {}): ImportReading => ({
  importId: 'a'.repeat(32),
  status,
  key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.csv',
  snapshot: false,
  receivedAt: '2026-11-30T04:30:00.000Z',
  size: 1000,
  progress: { percent: percentDone, rowsRead: 0, rowsRejected: 0, chunks: 4, chunksDone: 0, bytes: 1000, bytesDone: percentDone * 10 },
  ...extra,
});

describe('the import progress model', () => {
  it('fills the bar as bytes are imported, to 100% when done or refused, never backwards', () => {
    let bar = barAfter(undefined, reading('RECEIVED', 0));
    expect(bar).toMatchObject({ value: 0, finished: false });
    bar = barAfter(
      bar,
      reading('IMPORTING', 50, {
        progress: { percent: 50, rowsRead: 700, rowsRejected: 3, chunks: 4, chunksDone: 2, bytes: 1000, bytesDone: 500 },
      }),
    );
    expect(bar).toMatchObject({ value: 50, rows: 700, rejected: 3, label: 'IMPORTING' });
    bar = barAfter(bar, reading('IMPORTING', 25)); // a stale reading
    expect(bar.value).toBe(50);
    // Every byte read is not yet done: the last chunk's counts and the summary are still to come.
    expect(
      barAfter(
        bar,
        reading('IMPORTING', 100, {
          progress: { percent: 100, rowsRead: 1400, rowsRejected: 6, chunks: 4, chunksDone: 4, bytes: 1000, bytesDone: 1000 },
        }),
      ),
    ).toMatchObject({ value: 99, label: 'SUMMARIZING' });
    expect(
      barAfter(
        bar,
        reading('DONE', 100, {
          counts: { read: 1400, inserted: 1390, updated: 0, unchanged: 0, duplicates: 4, rejected: 6, removed: 0 },
          progress: { percent: 100, rowsRead: 1400, rowsRejected: 6, chunks: 4, chunksDone: 4, bytes: 1000, bytesDone: 1000 },
        }),
      ),
    ).toMatchObject({ value: 100, rows: 1400, rejected: 6, finished: true });
    expect(barAfter(undefined, reading('REFUSED', 100)).value).toBe(100);
    expect(barAfter(bar, reading('FAILED', 50))).toMatchObject({ value: 50, finished: true });
  });

  it('ends 0 when imported, 1 when refused or failed, saying why', () => {
    expect(
      outcomeOf(
        reading('DONE', 100, { counts: { read: 3, inserted: 2, updated: 0, unchanged: 0, duplicates: 0, rejected: 1, removed: 0 } }),
      ),
    ).toEqual({ exitCode: 0, headline: 'Imported, with 1 row rejected (see the rejects report).' });
    expect(outcomeOf(reading('REFUSED', 100, { refusal: { code: 'AADHAAR_COLUMN', message: 'The file has an Aadhaar column.' } }))).toEqual(
      { exitCode: 1, headline: 'Refused: AADHAAR_COLUMN: The file has an Aadhaar column.' },
    );
    expect(outcomeOf(reading('FAILED', 10, { failure: { error: 'RosterImportFailedError', cause: 'x' } })).exitCode).toBe(1);
    expect(outcomeOf(reading('IMPORTING', 10)).exitCode).toBe(1);
  });

  it("finds the upload's import among the key's imports since the link: by version on AWS, else the oldest", () => {
    const newestFirst = [
      { importId: 'c', versionId: 'v3' },
      { importId: 'b', versionId: 'v2' },
    ];
    expect(pickUploadedImport(newestFirst, 'v3')?.importId).toBe('c');
    expect(pickUploadedImport(newestFirst, 'v9')).toBeUndefined();
    expect(pickUploadedImport([{ importId: 'c' }, { importId: 'b' }], undefined)?.importId).toBe('b');
    expect(pickUploadedImport([], undefined)).toBeUndefined();
  });
});

describe('errors', () => {
  it("reads the API's code and message, and API Gateway's bare 401", () => {
    expect(apiErrorOf(403, { code: 'FORBIDDEN', message: 'District Jhansi is not one of yours.' }, '')).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'District Jhansi is not one of yours.',
    });
    expect(apiErrorOf(401, { message: 'Unauthorized' }, '')).toMatchObject({ code: 'UNAUTHORIZED', message: 'Unauthorized' });
    expect(apiErrorOf(502, undefined, 'Bad Gateway')).toMatchObject({ code: 'HTTP_502', message: 'Bad Gateway' });
  });

  it('prints the code, the message, the status and each field a validation error names', () => {
    const error = new ApiError({
      status: 400,
      code: 'INVALID_REQUEST',
      message: 'The query string does not fit the API',
      details: {
        fields: [{ field: 'workflow', problem: 'Invalid option' }],
      },
    });
    expect(errorLines(error)).toEqual([
      'error: INVALID_REQUEST: The query string does not fit the API (HTTP 400)',
      '  workflow: Invalid option',
    ]);
    expect(errorLines(new CliError({ code: 'NO_STACK', message: 'No API to talk to.' }))).toEqual(['error: NO_STACK: No API to talk to.']);
  });

  it("reads S3's XML errors", () => {
    expect(
      s3ErrorOf('<?xml version="1.0"?><Error><Code>BadDigest</Code><Message>The CRC32 you specified did not match.</Message></Error>'),
    ).toBe('BadDigest: The CRC32 you specified did not match.');
  });

  it('says the API cannot be reached, naming it', async () => {
    const refusing = (() =>
      Promise.reject(
        Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      )) as unknown as typeof fetch;
    await expect(new ApiClient('http://127.0.0.1:9', 't', refusing).get('/health')).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: expect.stringContaining('http://127.0.0.1:9 (ECONNREFUSED)'),
    });
  });
});

describe('lists', () => {
  it('follows cursors to the end, or to --max', async () => {
    const pages: Record<string, { items: number[]; cursor?: string }> = {
      '/v1/admin/executions?workflow=registration': { items: [1, 2], cursor: 'p2' },
      '/v1/admin/executions?workflow=registration&cursor=p2': { items: [3], cursor: 'p3' },
      '/v1/admin/executions?workflow=registration&cursor=p3': { items: [4] },
    };
    const fake = (async (url: string) =>
      new Response(JSON.stringify(pages[url.replace('http://api', '')]), { status: 200 })) as unknown as typeof fetch;
    const api = new ApiClient('http://api', 't', fake);
    expect(await api.all('/v1/admin/executions?workflow=registration')).toEqual([1, 2, 3, 4]);
    expect(await api.all('/v1/admin/executions?workflow=registration', 3)).toEqual([1, 2, 3]);
  });

  it('builds the executions query from the options', () => {
    const query = executionsQuery({ status: 'failed', district: 'Lucknow', from: '2026-11-24' });
    expect(Object.fromEntries(query)).toEqual({
      workflow: 'registration',
      limit: '100',
      status: 'FAILED',
      district: 'Lucknow',
      from: '2026-11-23T18:30:00.000Z',
    });
    expect(() => executionsQuery({ workflow: 'payments' })).toThrow(UsageError);
    expect(() => executionsQuery({ status: 'STUCK' })).toThrow(UsageError);
  });

  it('says where a running execution is', () => {
    expect(
      whereItIs({
        timeline: {
          steps: [
            { state: 'SendMobileOtp', enteredAt: '2026-11-30T04:30:00.000Z', outcome: 'done', errors: [] },
            { state: 'AwaitApproval', enteredAt: '2026-11-30T04:31:00.000Z', outcome: 'waiting', errors: [] },
          ],
          redrives: [],
        },
      }),
    ).toBe('waiting in AwaitApproval');
    expect(
      whereItIs({
        timeline: { steps: [{ state: 'IssueCard', enteredAt: '2026-11-30T04:30:00.000Z', outcome: 'done', errors: [] }], redrives: [] },
      }),
    ).toBe('IssueCard');
  });
});

describe('following', () => {
  it('asks again through a 5xx or an unreachable API, and gives up on anything else at once', async () => {
    const answers = [
      new Response('{"code":"INTERNAL","message":"Internal Server Error"}', { status: 500 }),
      undefined,
      new Response('{"status":"DONE"}', { status: 200 }),
    ];
    let calls = 0;
    const flaky = (async () => {
      const answer = answers[calls++];
      if (answer === undefined)
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect'), { code: 'ECONNRESET' }) });
      return answer;
    }) as unknown as typeof fetch;
    const pauses: number[] = [];
    const sleep = async (ms: number) => {
      pauses.push(ms);
    };
    expect(await new ApiClient('http://api', 't', flaky).getPatiently('/v1/admin/imports/x', sleep)).toEqual({ status: 'DONE' });
    expect(pauses).toHaveLength(2);

    const forbidden = (async () => new Response('{"code":"FORBIDDEN","message":"no"}', { status: 403 })) as unknown as typeof fetch;
    await expect(new ApiClient('http://api', 't', forbidden).getPatiently('/x', sleep)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(pauses).toHaveLength(2);

    const down = (async () => new Response('', { status: 503 })) as unknown as typeof fetch;
    await expect(new ApiClient('http://api', 't', down).getPatiently('/x', sleep, 3)).rejects.toMatchObject({ code: 'HTTP_503' });
    expect(pauses).toHaveLength(4);
  });
});
