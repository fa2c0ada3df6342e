// The admin CLI end to end: `healthcard` spawned as a process, as an admin runs it, against the embedded stack
// (started in this worker), found through --api/--token or through the stack's endpoints.json. Each command's
// output and exit code are what is checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { indianDay } from '../../functions/core/progress.js';
import { eventually } from '../support/eventually.js';
import { runHealthcard, familyRosterOptions } from '../support/cli.js';
import { useRegistrationStack } from '../support/registration.js';

const stack = useRegistrationStack();
const scratch = mkdtempSync(join(tmpdir(), 'healthcard-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `healthcard …` as a process, cwd the scratch folder (HOME the scratch folder wherever it runs). */
const healthcard = (args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}) =>
  runHealthcard(args, { cwd: options.cwd ?? scratch, env: { HOME: scratch, ...options.env }, timeoutMs: 50_000 });

/** Talking to the stack the way one would on AWS: a URL and a token. */
const withToken = (token: string) => ['--api', stack.env.endpoints.api.url, '--token', token];
const as = (role: 'district-admin' | 'state-admin' = 'district-admin') => withToken(stack.env.endpoints.tokens[role]);

const roster = [
  'Ration Card No,Member ID,Name,Gender,Year of Birth,Village,Block,District',
  'UP8001,01,Ram Prasad,M,1970,Nigohan,Mal,Lucknow',
  'UP8001,02,Sita Devi,X,1975,Nigohan,Mal,Lucknow',
  'UP8002,01,Geeta Devi,F,1980,Kakori,Kakori,Lucknow',
].join('\n');

describe('healthcard, the admin CLI', () => {
  it('imports a roster through the API: the progress bar reaches 100%, the counts and the rejects report are printed', async () => {
    const file = join(scratch, 'nfsa december.csv');
    writeFileSync(file, `${roster}\n`);
    const ran = await healthcard(['import', file, ...familyRosterOptions('Lucknow'), '--out', 'rejects', ...as()]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/Uploaded nfsa december\.csv \(\d+ bytes\)/);
    expect(ran.stdout).toContain('to rosters/pmjay/Lucknow/ration-card-families/nfsa december.csv');
    const importId = /Import ([0-9a-f]{32})/.exec(ran.stdout)?.[1];
    expect(importId).toBeDefined();
    // The bar, as it prints off a terminal: its last state full.
    expect(ran.stderr).toMatch(/nfsa december\.csv \[█{30}\] 100% \| DONE \| chunks 1\/1 \| 3 rows read, 1 rejected \| \d+s/);
    expect(ran.stdout).toContain('Imported, with 1 row rejected');
    expect(ran.stdout).toMatch(/READ\s+INSERTED\s+UPDATED\s+UNCHANGED\s+DUPLICATES\s+REJECTED\s+REMOVED\n\s+3\s+2\s+0\s+0\s+0\s+1\s+0/);
    expect(ran.stdout).toMatch(/Rejects report: http:\/\/127\.0\.0\.1:\d+\/healthcard-reports\/imports\/[0-9a-f]{32}\/rejects\.csv\?/);
    const saved = join(scratch, 'rejects', `rejects-${importId}.csv`);
    expect(ran.stdout).toContain(`Saved the rejects report to ${saved}`);
    const report = readFileSync(saved, 'utf8').replace(/^\uFEFF/, '');
    expect(report.split('\n')[1]).toMatch(/^3,Gender,/);
  });

  it("shows a refused file's reason and exits non-zero", async () => {
    const file = join(scratch, 'no-card-numbers.csv');
    writeFileSync(file, 'Name,Gender,District\nRam Prasad,M,Lucknow\n');
    const ran = await healthcard(['import', file, '--scheme', 'pmjay', '--district', 'Lucknow', '--type', 'ration-card-families', ...as()]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('| REFUSED |');
    expect(ran.stderr).toContain('Refused: MISSING_COLUMNS: The file lacks required columns');
    expect(ran.stderr).toContain('Rejects report: http://');
  });

  it('prints the daily report block-wise and saves its CSV and PDF', async () => {
    const created = await stack.driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Lucknow CLI drive', scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect([200, 201]).toContain(created.status);
    const campaignId = String(created.body.campaignId);
    const today = indianDay(Date.now());
    const ran = await healthcard(['report', 'daily', '--campaign', campaignId, '--date', today, '--out', 'reports', ...as()]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(`Lucknow CLI drive — daily report for ${today}`);
    expect(ran.stdout).toMatch(/DISTRICT\s+BLOCK\s+ELIGIBLE\s+CARDS/);
    expect(ran.stdout).toMatch(/Lucknow\s+Kakori\s+1\s+0\s+0\s+0\.0%/);
    expect(ran.stdout).toMatch(/Lucknow\s+Mal\s+1\s+0/);
    expect(ran.stdout).toMatch(/Total\s+2\s+0/);
    const base = join(scratch, 'reports', `daily-${campaignId}-${today}`);
    expect(ran.stdout).toContain(`Saved ${base}.csv`);
    expect(readFileSync(`${base}.csv`, 'utf8')).toContain('Cards till date / कुल कार्ड');
    expect(readFileSync(`${base}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');

    // The date must be a day; the API refuses one not yet over.
    expect((await healthcard(['report', 'daily', '--campaign', campaignId, '--date', 'tomorrow', ...as()])).code).toBe(2);
    const future = await healthcard(['report', 'daily', '--campaign', campaignId, '--date', '2099-01-01', ...as()]);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('error: DATE_IN_FUTURE:');
  });

  it('finds the embedded stack through its endpoints.json, as the district admin; status shows health, identity and the campaigns', async () => {
    const dataDir = dirname(stack.env.stack.endpointsFile);
    const ran = await healthcard(['status', '--data-dir', dataDir]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(`Stack      ${stack.env.endpoints.api.url}: ok (6 checks)`);
    expect(ran.stdout).toContain('You        dev-district-admin: district-admin; districts Lucknow');
    expect(ran.stdout).toContain('Approvals  0 pending');
    expect(ran.stdout).toMatch(/CAMPAIGN\s+ID\s+SCHEME\s+DISTRICTS\s+ELIGIBLE\s+CARDS\s+TODAY\s+SATURATION\s+PENDING/);
    expect(ran.stdout).toMatch(/Lucknow CLI drive\s+[0-9a-f]{16}\s+pmjay\s+Lucknow\s+2\s+0\s+\+0\s+0\.0%\s+0/);

    // HEALTHCARD_DATA_DIR and --role pick the file and the token; --json is for scripts.
    const asState = await healthcard(['status', '--role', 'state-admin', '--json'], { env: { HEALTHCARD_DATA_DIR: dataDir } });
    expect(asState.code, asState.stderr).toBe(0);
    const body = JSON.parse(asState.stdout) as {
      health: { status: string };
      me: { roles: string[] };
      campaigns: { name: string }[];
      failedExecutions: Record<string, number>;
    };
    expect(body.health.status).toBe('ok');
    expect(body.me.roles).toEqual(['state-admin']);
    expect(body.campaigns.map((campaign) => campaign.name)).toContain('Lucknow CLI drive');
    expect(body.failedExecutions).toEqual({ registration: 0, rosterImport: 0 });

    // A role that is no admin sees the stack and itself only.
    const ddo = await healthcard(['status', '--role', 'ddo', '--data-dir', dataDir]);
    expect(ddo.code).toBe(0);
    expect(ddo.stdout).toContain('Campaigns  not shown');
  });

  it('lists a failed registration and redrives it to SUCCEEDED', async () => {
    const { driver } = stack;
    const { registrationId, mobile, task } = await driver.employeeAwaitingDdo(driver.identity('success', 0));
    // DLT scrubbing refuses the card SMS: IssueCard fails, and so does the execution.
    await driver.failAtIssueCard(registrationId, task.taskId);

    const listed = await healthcard(['executions', '--status', 'FAILED', ...as()]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('1 execution (registration, FAILED), newest first:');
    expect(listed.stdout).toMatch(/NAME\s+STATUS\s+DISTRICT\s+STARTED\s+STOPPED\s+ERROR\s+REDRIVES/);
    expect(listed.stdout).toMatch(
      new RegExp(
        `${registrationId}\\s+FAILED\\s+Lucknow\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} IST\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} IST\\s+SmsRejectedError\\s+0`,
      ),
    );
    const asJson = await healthcard(['executions', '--status', 'FAILED', '--from', indianDay(Date.now() - 86_400_000), '--json', ...as()]);
    expect(JSON.parse(asJson.stdout)).toEqual([
      expect.objectContaining({ name: registrationId, status: 'FAILED', error: 'SmsRejectedError', district: 'Lucknow' }),
    ]);
    // No personal data on the way: the mobile number never shows.
    expect(listed.stdout + asJson.stdout).not.toContain(mobile);

    const redriven = await healthcard(['redrive', registrationId, ...as()]);
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.stdout).toContain(`Redriven registration ${registrationId} (redrive 1): RUNNING`);
    expect(redriven.stdout).toMatch(/SUCCEEDED after [\d.]+ (ms|s)/);
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);

    // Twice is refused by the API, with its code.
    const again = await healthcard(['redrive', registrationId, ...as()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: EXECUTION_NOT_REDRIVABLE:');
  });

  it("prints the API's code and message for a refused call and exits non-zero; usage errors exit 2", async () => {
    const otherDistrict = await healthcard(['executions', '--district', 'Jhansi', ...as()]);
    expect(otherDistrict.code).toBe(1);
    expect(otherDistrict.stderr).toContain('error: FORBIDDEN: District Jhansi is not one of yours. (HTTP 403)');

    const file = join(scratch, 'jhansi.csv');
    writeFileSync(file, `${roster}\n`);
    const upload = await healthcard(['import', file, ...familyRosterOptions('Jhansi'), '--json', ...as()]);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toContain('error: FORBIDDEN: District Jhansi is not one of yours.');
    expect(JSON.parse(upload.stdout)).toMatchObject({ error: { code: 'FORBIDDEN', status: 403 } });

    const wrongType = await healthcard(['import', file, '--scheme', 'pmjay', '--district', 'Lucknow', '--type', 'employees', ...as()]);
    expect(wrongType.code).toBe(1);
    expect(wrongType.stderr).toContain('error: ROSTER_KEY_REFUSED: Scheme pmjay takes ration-card-families rosters, not employees.');

    const badToken = await healthcard(['status', '--api', stack.env.endpoints.api.url, '--token', 'not-a-token']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('error: UNAUTHORIZED:');

    const noStack = await healthcard(['status'], { cwd: mkdtempSync(join(tmpdir(), 'healthcard-nostack-')) });
    expect(noStack.code).toBe(1);
    expect(noStack.stderr).toContain('error: NO_STACK:');

    const usage = await healthcard(['executions', '--status']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: USAGE:');
  });

  it('verifies accepted registrations and an imported roster: all accounted for is exit 0, anything lost is exit 1 naming it', async () => {
    const { driver } = stack;
    // Two registrations a portal was answered for, one of them past its mobile code, with the keys it sent.
    const accepted: string[] = ['registrationId,idempotencyKey'];
    for (const [index, identity] of [driver.identity('success', 6), driver.identity('success', 7)].entries()) {
      const key = `verify-cli-${index}-${Date.now()}`;
      const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(identity), { idempotencyKey: key });
      if (index === 3) expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
      else await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
      accepted.push(`${registrationId},${key}`);
    }
    const acceptedFile = join(scratch, 'accepted.txt');
    writeFileSync(acceptedFile, `${accepted.join('\n')}\n`);
    await eventually(
      'the ledger to hold both executions',
      async () => ((await healthcard(['verify', '--accepted', acceptedFile, ...as()])).code === 0 ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const fine = await healthcard(['verify', '--accepted', acceptedFile, '--json', ...as()]);
    expect(fine.code, fine.stderr).toBe(0);
    expect(JSON.parse(fine.stdout)).toMatchObject({
      ok: true,
      registrations: { accepted: 2, found: 2, executions: { RUNNING: 2 }, problems: [] },
    });
    const table = await healthcard(['verify', '--accepted', acceptedFile, ...as()]);
    expect(table.stdout).toContain('Registrations: 2 accepted, 2 found, 0 missing');
    expect(table.stdout).toContain('Executions, one named by each registration: 2 RUNNING');
    expect(table.stdout).toContain('Nothing lost, nothing doubled.');

    // One the client was answered for that the pipeline does not have.
    writeFileSync(acceptedFile, `${accepted.join('\n')}\n00000000-0000-4000-8000-000000000009\n`);
    const lost = await healthcard(['verify', '--accepted', acceptedFile, ...as()]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('MISSING: 00000000-0000-4000-8000-000000000009 (line 4): no such registration in your districts');
    expect(lost.stderr).toContain('1 problem: not everything is accounted for.');
    // Another district's admin is told of none of them, as of made-up ids.
    const jhansi = await stack.env.stack.issuer.sign({ roles: ['district-admin'], districts: ['Jhansi'] }, 'verify-cli-jhansi-admin');
    const elsewhere = await healthcard(['verify', '--accepted', acceptedFile, '--json', ...withToken(jhansi)]);
    expect(elsewhere.code).toBe(1);
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ ok: false, registrations: { accepted: 3, found: 0 } });

    // A roster imported through the API, its rows accounted for: two land, one duplicate, one rejected.
    const rosterFile = join(scratch, 'verify roster.csv');
    writeFileSync(rosterFile, `${roster}\nUP8001,01,Ram Prasad,M,1970,Nigohan,Mal,Lucknow\n`);
    const scope = ['--scheme', 'pmjay', '--district', 'Lucknow', '--type', 'ration-card-families'];
    expect((await healthcard(['import', rosterFile, ...scope, ...as()])).code).toBe(0);
    const verified = await healthcard(['verify', '--roster', rosterFile, ...scope, ...as()]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('4 data rows in the file; read 4 = 0 inserted + 0 updated + 2 unchanged + 1 duplicates + 1 rejected');
    expect(verified.stdout).toContain(
      '1 rows in the rejects report; 2 people landed: 0 written by this import, 2 unchanged since an earlier one',
    );
    // The same file with a row the import never saw: lost.
    writeFileSync(
      rosterFile,
      `${roster}\nUP8001,01,Ram Prasad,M,1970,Nigohan,Mal,Lucknow\nUP8003,01,Kamla Devi,F,1990,Kakori,Kakori,Lucknow\n`,
    );
    const tampered = await healthcard(['verify', '--roster', rosterFile, ...scope, '--json', ...as()]);
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stdout).roster.problems.map((problem: { code: string }) => problem.code)).toEqual(
      expect.arrayContaining(['ROWS_LOST', 'PERSON_MISSING']),
    );
    expect((await healthcard(['verify', ...as()])).code).toBe(2);
  });

  it("verifies a campaign's counts against its registrations: equal is exit 0, a count item off by two is exit 1 naming it", async () => {
    const { driver } = stack;
    const created = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Lucknow counts check', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect([200, 201]).toContain(created.status);
    const campaignId = String(created.body.campaignId);
    // Three employees who start; one of them goes on past the mobile code.
    const started: string[] = [];
    for (const index of [3, 4, 5]) {
      const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', index)));
      if (index === 3) expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
      started.push(registrationId);
    }
    const check = ['verify', '--counts', '--campaign', campaignId, '--district', 'Lucknow', '--json', ...as()];
    const fine = await eventually(
      'the stream to be drained and the counts to equal the registrations',
      async () => {
        const ran = await healthcard(check);
        return ran.code === 0 ? ran : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const report = JSON.parse(fine.stdout).counts;
    expect(report.differences).toEqual([]);
    expect(report.peopleCounted).toBe(report.peopleByRegistrations);
    expect(report.peopleByRegistrations).toBeGreaterThanOrEqual(started.length);
    expect(report.asOf).not.toBeNull();

    // A count item nobody's registration backs: two people in a block that no one is in.
    await stack.env.documents.send(
      new UpdateCommand({
        TableName: stack.env.endpoints.dynamodb.table,
        Key: { pk: 'COUNT#up-sects#Lucknow#employees', sk: 'block#Nowhere#0' },
        UpdateExpression: 'SET kind = :kind ADD CARD_ISSUED :two',
        ExpressionAttributeValues: { ':kind': 'count', ':two': 2 },
      }),
    );
    const off = await healthcard(check);
    expect(off.code).toBe(1);
    const offReport = JSON.parse(off.stdout).counts;
    expect(offReport.differences).toEqual([
      { rosterType: 'employees', slot: 'block#Nowhere', key: 'CARD_ISSUED', counted: 2, registrations: 0 },
    ]);
    expect(offReport.peopleCounted - offReport.peopleByRegistrations).toBe(2);
    const text = await healthcard(check.filter((arg) => arg !== '--json'));
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('COUNT_DIFFERS: block#Nowhere (employees) CARD_ISSUED: counted 2, registrations say 0');
    // Another district's admin may not recount Lucknow.
    const jhansi = await stack.env.stack.issuer.sign({ roles: ['district-admin'], districts: ['Jhansi'] }, 'counts-jhansi-admin');
    const refused = await healthcard(['verify', '--counts', '--campaign', campaignId, '--district', 'Lucknow', ...withToken(jhansi)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/CAMPAIGN_NOT_FOUND|DISTRICT_NOT_IN_CAMPAIGN/);
  });

  it('has --help for itself and for each command', async () => {
    const top = await healthcard(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['status', 'executions', 'redrive', 'import', 'report', 'verify']) {
      expect(top.stdout).toContain(`  ${command} `);
      const help = await healthcard([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: healthcard ${command}`);
    }
  });
});
