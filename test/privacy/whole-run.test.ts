// The whole test run, looked at once: every log line, every execution (input, output, every history event) and every
// item the progress stream derived, that the integration project's stacks and the processes it spawned left in
// test-results/privacy/, against every Aadhaar number, OTP and mobile number any test used. None may appear. Run
// after the other projects (vitest's groupOrder); `npm run test:privacy` runs it alone, against what the last
// integration run left. It cannot pass on nothing: each integration file that starts a stack must have left its
// capture, and the totals have floors.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/stack.js';
import { simulatedPhoto, simulatedPhotoMarker } from '../../local/simulators/photos.js';
import { findLeaks, findPhotoLeaks, readCaptures, readTestLogs, type Capture } from '../support/privacy.js';
import { testLogsDirectory } from '../support/test-logs.js';

const integrationDirectory = join(projectRoot, 'test', 'integration');
/** Files whose tests start a stack (in this worker or as a process): each must have left a capture. */
const filesWithStacks = readdirSync(integrationDirectory)
  .filter((file) => file.endsWith('.test.ts'))
  .filter((file) => /\b(useRegistrationStack|startTestStack|startEmbedded)\(/.test(readFileSync(join(integrationDirectory, file), 'utf8')));

describe("the whole run's logs and execution histories", () => {
  const captures = readCaptures();
  // Everything the integration and browser test files' workers wrote, whole: a stack's logs also before and after
  // its capture, and whatever else a test printed.
  const testLogs = readTestLogs([join(testLogsDirectory, 'integration'), join(testLogsDirectory, 'e2e')]);
  const totals = {
    captures: captures.length,
    logLines: captures.reduce((sum, capture) => sum + capture.logs.length, 0),
    testLogLines: testLogs.reduce((sum, capture) => sum + capture.logs.length, 0),
    executions: captures.reduce((sum, capture) => sum + capture.executions.length, 0),
    events: captures.reduce(
      (sum, capture) => sum + capture.executions.reduce((events, execution) => events + execution.events.length, 0),
      0,
    ),
    aadhaarNumbers: new Set(captures.flatMap((capture) => capture.secrets.aadhaarNumbers)).size,
    otps: new Set(captures.flatMap((capture) => capture.secrets.otps)).size,
    mobiles: new Set(captures.flatMap((capture) => capture.secrets.mobiles)).size,
    storedRecords: captures.reduce((sum, capture) => sum + (capture.stored?.length ?? 0), 0),
    storedPhotos: captures.reduce(
      (sum, capture) => sum + (capture.stored ?? []).filter((stored) => stored.where.includes('/photos/')).length,
      0,
    ),
  };

  it('were all captured: every integration file that starts a stack left its logs, histories and the numbers it used', () => {
    console.log(`privacy scan: ${JSON.stringify(totals)}`);
    const captured = new Set(captures.map((capture) => capture.testFile));
    // PRIVACY_SCAN_PARTIAL=1 after running only some integration files: then what they left is scanned, no more.
    if (process.env.PRIVACY_SCAN_PARTIAL !== '1') expect(filesWithStacks.filter((file) => !captured.has(file))).toEqual([]);
    expect(filesWithStacks.length).toBeGreaterThan(15);
    expect(totals.captures).toBeGreaterThanOrEqual(process.env.PRIVACY_SCAN_PARTIAL === '1' ? 1 : filesWithStacks.length);
    if (process.env.PRIVACY_SCAN_PARTIAL === '1') return;
    // Floors at about half of what a whole run leaves (1,463 log lines, 178 executions with 4,048 events, 154
    // Aadhaar numbers, 175 OTPs, 116 mobiles when this was written), so that a scan of next to nothing fails.
    expect(totals.logLines).toBeGreaterThan(700);
    expect(totals.testLogLines).toBeGreaterThan(700);
    expect(totals.executions).toBeGreaterThan(90);
    expect(totals.events).toBeGreaterThan(2000);
    expect(totals.aadhaarNumbers).toBeGreaterThan(15);
    expect(totals.otps).toBeGreaterThan(80);
    expect(totals.mobiles).toBeGreaterThan(60);
  });

  it('hold no Aadhaar number, OTP or mobile number any test used', () => {
    expect(totals.captures).toBeGreaterThan(0);
    const leaks = findLeaks([...captures, ...testLogs]);
    expect(leaks.map((leak) => `${leak.file}: ${leak.kind} ending ${leak.endsWith} in ${leak.where}`)).toEqual([]);
  });

  it('hold no e-KYC photo: not in a log, an execution, a table item, an export, nor unsealed in the photo store', () => {
    // Every integration stack's table items, exports and stored photo objects were captured; sealed photos were among
    // them (the photo test alone stores several), so the scan below looked at real ones.
    if (process.env.PRIVACY_SCAN_PARTIAL !== '1') {
      expect(totals.storedRecords).toBeGreaterThan(1000);
      expect(totals.storedPhotos).toBeGreaterThan(5);
    }
    const leaks = findPhotoLeaks([...captures, ...testLogs]);
    expect(leaks.map((leak) => `${leak.file}: ${leak.form} in ${leak.where}`)).toEqual([]);
  });

  it('would see a photo if it were there: as base64, base64url, hex, a Buffer as JSON or raw bytes, anywhere it looks', () => {
    const aadhaar = '999941057058';
    const photo = Buffer.from(simulatedPhoto(aadhaar).base64, 'base64');
    const planted: Capture = {
      file: 'planted.jsonl',
      testFile: 'planted.test.ts',
      source: 'planted',
      logs: [
        '{"level":"INFO","message":"fine"}',
        JSON.stringify({ message: 'kyc answer', kyc: { photo: { contentType: 'image/jpeg', base64: photo.toString('base64') } } }),
        JSON.stringify({ message: 'bytes', photo }),
      ],
      executions: [
        {
          kind: 'execution',
          executionArn: 'arn:aws:states:ap-south-1:000000000000:execution:x:one',
          input: JSON.stringify({ pht: photo.toString('base64url') }),
          events: [],
        },
      ],
      stored: [
        { kind: 'stored', where: 'table item REG#1 / REG', text: JSON.stringify({ photoHex: photo.toString('hex') }) },
        { kind: 'stored', where: 'object reports/export.csv', text: `name,photo\nRam,${photo.toString('latin1')}` },
        // A photo stored sealed: nothing of the image shows.
        {
          kind: 'stored',
          where: 'object cards/photos/1',
          text: Buffer.concat([Buffer.from('HCP1'), Buffer.alloc(64, 7)]).toString('latin1'),
        },
      ],
      secrets: { aadhaarNumbers: [aadhaar], otps: [], mobiles: [] },
    };
    const found = findPhotoLeaks([planted]);
    expect([...new Set(found.map((leak) => leak.where))]).toEqual([
      'log line 2 (planted)',
      'log line 3 (planted)',
      'execution one',
      'table item REG#1 / REG',
      'object reports/export.csv',
    ]);
    const formsOf = (where: string) => new Set(found.filter((leak) => leak.where === where).map((leak) => leak.form));
    expect(formsOf('log line 2 (planted)')).toEqual(new Set(['base64 (JPEG header)', 'base64 (scan data)']));
    expect(formsOf('log line 3 (planted)')).toEqual(new Set(['decimal bytes (a Buffer as JSON)']));
    expect(formsOf('table item REG#1 / REG')).toEqual(new Set(['hex (JPEG header)', 'hex (scan data)']));
    expect(formsOf('object reports/export.csv')).toEqual(new Set(['raw JPEG (its comment)']));
    // base64url, found as such where it differs from base64 and as base64 where the two agree.
    expect(formsOf('execution one').size).toBeGreaterThan(0);
    expect(photo.includes(Buffer.from(simulatedPhotoMarker))).toBe(true);
  });

  it("would see one if it were there: in a log line, in an execution's input, in a history event, written as people write it", () => {
    const [aadhaar, mobile, otp] = ['234567890124', '9876543210', '481516'];
    const planted: Capture[] = [
      {
        file: 'planted.jsonl',
        testFile: 'planted.test.ts',
        source: 'planted',
        logs: [
          '{"level":"INFO","message":"fine"}',
          `{"level":"WARN","message":"SMS to +91${mobile} failed"}`,
          '{"message":"to 98765 43210"}',
        ],
        executions: [
          {
            kind: 'execution',
            executionArn: 'arn:aws:states:ap-south-1:000000000000:execution:x:one',
            input: `{"otp":"${otp}"}`,
            events: [{ type: 'TaskScheduled', parameters: '{"uid":"2345 6789 0124"}' }],
          },
          // Not leaks: the digits inside longer numbers, or an id's letters around them.
          {
            kind: 'execution',
            executionArn: 'arn:aws:states:ap-south-1:000000000000:execution:x:two',
            input: '{}',
            events: [{ id: `1${aadhaar}` }, { requestId: `c0a8${otp}e1f2` }, { size: 24815160 }],
          },
        ],
        secrets: { aadhaarNumbers: [aadhaar], otps: [otp], mobiles: [mobile] },
      },
    ];
    expect(findLeaks(planted).map((leak) => `${leak.kind} in ${leak.where}`)).toEqual([
      'mobile number in log line 2 (planted)',
      'mobile number in log line 3 (planted)',
      'OTP in execution one',
      'Aadhaar number in execution one, event 1',
    ]);
    // In a test file's whole output too (test-results/logs/): that file's OTPs, anyone's Aadhaar and mobile numbers.
    const logs = mkdtempSync(join(tmpdir(), 'test-logs-'));
    try {
      writeFileSync(join(logs, 'planted.test.ts.log'), `Bundling asset A...\n{"message":"sent ${otp}"}\n{"uid":"${aadhaar}"}\n`);
      writeFileSync(join(logs, 'other.test.ts.log'), `{"message":"sent ${otp}"}\n`);
      const secretsOnly = { ...(planted[0] as Capture), logs: [], executions: [] };
      expect(findLeaks([secretsOnly, ...readTestLogs([logs])]).map((leak) => `${leak.kind} in ${leak.file} ${leak.where}`)).toEqual([
        `OTP in ${basename(logs)}/planted.test.ts.log log line 2 (test file output)`,
        `Aadhaar number in ${basename(logs)}/planted.test.ts.log log line 3 (test file output)`,
      ]);
    } finally {
      rmSync(logs, { recursive: true, force: true });
    }
    // Another file's OTP is not looked for here; its Aadhaar and mobile numbers are.
    expect(
      findLeaks([
        { ...(planted[0] as Capture), testFile: 'other.test.ts', secrets: { aadhaarNumbers: [], otps: [], mobiles: [] } },
        { ...(planted[0] as Capture), file: 'b.jsonl', logs: [], executions: [] },
      ]).map((leak) => leak.kind),
    ).toEqual(['mobile number', 'mobile number', 'Aadhaar number']);
  });
});
