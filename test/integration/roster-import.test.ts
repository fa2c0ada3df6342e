// Roster files dropped into S3 become eligible people on the embedded stack, through the roster-import workflow:
// messy CSVs land with their bad rows reported, refused files say why, an .xlsx imports like a CSV, repeated
// events and repeated uploads change nothing, and a second full snapshot updates, keeps and removes.
// Chunks are 1 KiB here (IMPORT_CHUNK_BYTES), so even small files run the Map over several chunks.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { verhoeffCheckDigit } from '../../functions/core/aadhaar.js';
import { usedSecrets } from '../support/privacy.js';
import type { ScopedPerson } from '../../functions/ports/people.js';
import { useRosterStack } from '../support/rosters.js';

const stack = useRosterStack({ IMPORT_CHUNK_BYTES: '1024', IMPORT_CONCURRENCY: '3', IMPORT_BATCH_ROWS: '25' });

const inScope = async (scheme: string, district: string, rosterType: 'employees' | 'ration-card-families') => {
  const found: ScopedPerson[] = [];
  for await (const person of stack.people.inScope({ scheme, district, rosterType })) found.push(person);
  return found;
};

/** Three blocks of each district the tests import into (their development blocks as the district lists them). */
const blocksOf: Record<string, readonly string[]> = {
  Lucknow: ['Bakshi Ka Talab', 'Malihabad', 'Mohanlalganj'],
  Agra: ['Bah', 'Akola', 'Jagner'],
  Jhansi: ['Babina', 'Moth', 'Bangra'],
};
/** `count` ration-card members, 4 to a card, in three blocks of `district`; cards numbered from `prefix` (the person's key in the scheme). */
const familyRows = (count: number, { from = 0, rename = new Set<number>(), prefix = 'LK', district = 'Lucknow' } = {}) =>
  Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    const name = `${rename.has(index) ? 'Renamed' : 'Member'} ${index}`;
    const block = blocksOf[district]?.[index % 3] ?? '';
    return `${prefix}${String(Math.floor(index / 4)).padStart(6, '0')},${String((index % 4) + 1).padStart(2, '0')},"${name}, Kumar",${index % 2 === 0 ? 'M' : 'F'},${1950 + (index % 60)},${block} Gram,${block},${district}`;
  });
const familyHeader = 'Ration Card No,Member ID,Name,Gender,Year of Birth,Village,Block,District';

describe('roster import', () => {
  it('imports a messy CSV: good rows land, bad rows are reported by row and column, duplicates counted once', async () => {
    const aadhaar = `23456789012${verhoeffCheckDigit('23456789012')}`;
    usedSecrets.aadhaarNumbers.add(aadhaar);
    const good = familyRows(40);
    const file = [
      '\uFEFFराशन कार्ड संख्या,सदस्य आईडी,नाम,लिंग,जन्म वर्ष,ग्राम,विकास खंड,जनपद,टिप्पणी',
      ...good.slice(0, 20).map((row) => `${row},`),
      '',
      'UP900001,01,"Sita ""Munni"" Devi",महिला,1984,Malihabad Gram,Malihabad,Lucknow,"second line\r\nof a remark"',
      ',,,,,,,,',
      'UP900001,02,Ram Prasad,पुरुष,nineteen-eighty,Malihabad Gram,Malihabad,Lucknow,',
      'UP900001,03,=HYPERLINK("http://x"),X,1990,Malihabad Gram,Malihabad,Lucknow,',
      `UP900001,04,Asha,F,1990,Malihabad Gram,Malihabad,Lucknow,${aadhaar}`,
      ...good.slice(20).map((row) => `${row},`),
      `${good[3] ?? ''},`,
    ].join('\r\n');
    const key = 'rosters/pmjay/Lucknow/ration-card-families/nfsa march.csv';
    await stack.rosters.upload(key, file);
    const imported = await stack.rosters.finished('Lucknow', key);

    expect(imported).toMatchObject({
      status: 'DONE',
      scheme: 'pmjay',
      rosterType: 'ration-card-families',
      format: 'csv',
      snapshot: false,
      counts: { read: 45, inserted: 41, updated: 0, unchanged: 0, duplicates: 1, rejected: 3, removed: 0 },
      progress: { percent: 100 },
      eligibleAfter: 41,
    });
    expect(imported.progress.chunks ?? 0).toBeGreaterThan(2);

    const report = await stack.rosters.report(imported);
    const lines = report.trim().split('\n');
    expect(lines[0]).toBe('row,column,reason,राशन कार्ड संख्या,सदस्य आईडी,नाम,लिंग,जन्म वर्ष,ग्राम,विकास खंड,जनपद,टिप्पणी');
    // Spreadsheet rows: the blank row (22) and the row of empty cells (24) are skipped, not rejected.
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['25', '26', '27']);
    expect(report).toContain('25,जन्म वर्ष,');
    expect(report).toContain('26,लिंग,');
    expect(report).toContain(`'=HYPERLINK`); // a formula comes back as text
    expect(report).toContain('27,टिप्पणी,'); // an Aadhaar number, even in a column we do not read
    expect(report).not.toContain(aadhaar);
    expect(report).toContain(`XXXX XXXX ${aadhaar.slice(-4)}`);

    expect(await stack.people.getPerson('pmjay', 'rc:UP900001:01')).toMatchObject({
      name: 'Sita "Munni" Devi',
      gender: 'F',
      block: 'Malihabad',
    });
    const population = await stack.people.eligible('pmjay', 'Lucknow');
    expect(population).toEqual([
      expect.objectContaining({
        rosterType: 'ration-card-families',
        total: 41,
        byBlock: { 'Bakshi Ka Talab': 14, Malihabad: 14, Mohanlalganj: 13 },
      }),
    ]);
  });

  it('refuses a file without a required column, or with an Aadhaar column, with a clear report and no people', async () => {
    // "Kanpur" is Kanpur Nagar: the import is recorded under the gazetteer's name.
    const missing = 'rosters/pmjay/Kanpur/ration-card-families/no member id.csv';
    await stack.rosters.upload(missing, 'Ration Card No,Name,Gender,District\nKN1,Ramesh,M,Kanpur\n');
    const withAadhaar = 'rosters/pmjay/Kanpur Nagar/ration-card-families/with aadhaar.csv';
    await stack.rosters.upload(
      withAadhaar,
      `Ration Card No,Member ID,Name,Gender,District,Aadhaar No\nKN1,01,Ramesh,M,Kanpur,${'2345 6789 0124'}\n`,
    );

    const refused = await stack.rosters.finished('Kanpur Nagar', missing);
    expect(refused).toMatchObject({ status: 'REFUSED', refusal: { code: 'MISSING_COLUMNS', columns: ['memberId'] } });
    expect(refused.refusal?.message).toContain('lacks required columns: memberId');
    expect(await stack.rosters.report(refused)).toContain('1,memberId,The file lacks required columns: memberId');

    const aadhaarRefused = await stack.rosters.finished('Kanpur Nagar', withAadhaar);
    expect(aadhaarRefused).toMatchObject({ status: 'REFUSED', refusal: { code: 'AADHAAR_COLUMN', columns: ['Aadhaar No'] } });
    expect(await stack.rosters.report(aadhaarRefused)).not.toContain('2345');
    expect(await inScope('pmjay', 'Kanpur Nagar', 'ration-card-families')).toEqual([]);
  });

  it("shows a district admin their districts' imports only, with codes for what it refuses", async () => {
    const [kanpur] = (await stack.rosters.list('Kanpur Nagar', 'state-admin')).slice(-1);
    expect(kanpur).toBeDefined();
    const status = async (path: string, role: 'district-admin' | 'operator' | 'state-admin') => {
      const response = await stack.env.api(path, { role });
      return [response.status, ((await response.json()) as { code?: string }).code];
    };
    expect(await status('/v1/admin/imports?district=Kanpur%20Nagar', 'district-admin')).toEqual([403, 'FORBIDDEN']);
    expect(await status(`/v1/admin/imports/${kanpur?.importId ?? ''}`, 'district-admin')).toEqual([404, 'IMPORT_NOT_FOUND']);
    expect(await status(`/v1/admin/imports/${kanpur?.importId ?? ''}`, 'operator')).toEqual([403, 'FORBIDDEN']);
    expect(await status('/v1/admin/imports/not-an-id', 'state-admin')).toEqual([400, 'INVALID_REQUEST']);
    expect(await status('/v1/admin/imports?limit=1000', 'state-admin')).toEqual([400, 'INVALID_REQUEST']);
    // The district admin's own district is the default when they have one.
    const own = await stack.env.api('/v1/admin/imports', { role: 'district-admin' });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { items: { district: string }[] }).items.every((item) => item.district === 'Lucknow')).toBe(true);
  });

  it('imports an .xlsx employee roster like a CSV: dates, numbers and Hindi text read from the cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Employees');
    sheet.addRow([
      'Employee ID',
      'Employee Name',
      'नाम हिंदी में',
      'Date of Birth',
      'Gender',
      'Mobile No',
      'DDO Code',
      'Department',
      'Block',
      'District',
      'Status',
    ]);
    for (let index = 0; index < 30; index += 1) {
      sheet.addRow([
        `E${1000 + index}`,
        `Officer ${index}`,
        `अधिकारी ${index}`,
        new Date(Date.UTC(1970 + index, 5, 15)),
        index % 2 === 0 ? 'Male' : 'Female',
        9876500000 + index,
        `DDO-LKO-000${index % 3}`,
        index % 2 === 0 ? 'Health' : 'Education',
        'Sarojini Nagar',
        'Lucknow',
        index === 29 ? 'Retired' : 'Active',
      ]);
    }
    // After blank rows the sheet leaves out: reported as row 40, the row Excel shows.
    sheet.getRow(40).values = [
      'E2000',
      'No Gender',
      '',
      new Date(Date.UTC(1980, 0, 1)),
      '',
      '',
      'DDO-LKO-0001',
      'Health',
      'Sarojini Nagar',
      'Lucknow',
      'Active',
    ];
    const key = 'rosters/up-sects/Lucknow/employees/employees.xlsx';
    await stack.rosters.upload(key, new Uint8Array(await workbook.xlsx.writeBuffer()));

    const imported = await stack.rosters.finished('Lucknow', key);
    expect(imported).toMatchObject({ status: 'DONE', format: 'xlsx', counts: { read: 31, inserted: 30, rejected: 1 } });
    // Read as CSV chunks of the copy planning made (1 KiB chunks here), not as one chunk reading the workbook.
    expect(imported.progress.chunks).toBeGreaterThan(1);
    // The copy is gone once the import is done: only the rejects report and the chunks' parts stay under the import's prefix.
    const left = await stack.rosters.s3.send(
      new ListObjectsV2Command({ Bucket: stack.env.endpoints.s3.buckets.reports, Prefix: `imports/${imported.importId}/` }),
    );
    expect(
      (left.Contents ?? [])
        .map((object) => object.Key?.split('/').slice(2).join('/'))
        .filter((key) => !/^(rejects|seen)\b/.test(key ?? '')),
    ).toEqual([]);
    expect(await stack.rosters.report(imported)).toContain('40,Gender,"Gender: Required, but empty."');
    expect(await stack.people.getPerson('up-sects', 'emp:E1003')).toMatchObject({
      name: 'Officer 3',
      nameLocal: 'अधिकारी 3',
      yearOfBirth: 1973,
      dateOfBirth: '1973-06-15',
      mobile: '9876500003',
      ddoCode: 'DDO-LKO-0000',
      status: 'active',
    });
    const [employees] = (await stack.people.eligible('up-sects', 'Lucknow')).filter((population) => population.rosterType === 'employees');
    expect(employees).toMatchObject({
      total: 30,
      byDdo: { 'DDO-LKO-0000': 10, 'DDO-LKO-0001': 10, 'DDO-LKO-0002': 10 },
      byDepartment: { Health: 15, Education: 15 },
    });
  });

  it('imports nothing twice: the same event delivered twice, the same bytes uploaded twice', async () => {
    const key = 'rosters/pmjay/Agra/ration-card-families/agra.csv';
    const body = [familyHeader, ...familyRows(30, { prefix: 'AG', district: 'Agra' })].join('\n');
    await stack.rosters.upload(key, body);
    const first = await stack.rosters.finished('Agra', key);
    expect(first.counts).toMatchObject({ inserted: 30, unchanged: 0 });

    // The same S3 event again, as S3's at-least-once delivery may: the same import, the same execution.
    const { handler } = await import('../../functions/importer/on-roster-uploaded.js');
    const record = await stack.env.documents.send(
      new (await import('@aws-sdk/lib-dynamodb')).GetCommand({
        TableName: stack.env.endpoints.dynamodb.table,
        Key: { pk: `IMPORT#${first.importId}`, sk: 'IMPORT' },
      }),
    );
    const original = record.Item as { bucket: string; key: string; eTag: string; size: number };
    const executions = async () =>
      (
        await stack.env.sfn.send(
          new ListExecutionsCommand({ stateMachineArn: stack.env.endpoints.stepFunctions.stateMachines.rosterImport }),
        )
      ).executions ?? [];
    const before = (await executions()).length;
    const event = (seq: string) => ({
      Records: [
        {
          s3: {
            bucket: { name: original.bucket },
            object: {
              key: encodeURIComponent(original.key).replace(/%20/g, '+').replace(/%2F/g, '/'),
              eTag: original.eTag,
              size: original.size,
              sequencer: seq,
            },
          },
        },
      ],
    });
    const twice = [await handler(event('0001') as never), await handler(event('0001') as never)];
    expect(twice).toEqual([
      { recorded: 1, repeated: 0 },
      { recorded: 0, repeated: 1 },
    ]);
    await stack.rosters.finished('Agra', key, 2);
    expect((await executions()).length).toBe(before + 1);

    // The same bytes uploaded again: a new upload, imported, and nothing changes.
    await stack.rosters.upload(key, body);
    const third = await stack.rosters.finished('Agra', key, 3);
    expect(third.counts).toEqual({ read: 30, inserted: 0, updated: 0, unchanged: 30, duplicates: 0, rejected: 0, removed: 0 });
    const stored = await inScope('pmjay', 'Agra', 'ration-card-families');
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((person) => person.importId))).toEqual(new Set([first.importId]));
  });

  it('a second version of a full snapshot updates what changed, keeps what did not, and marks the missing removed', async () => {
    const key = 'rosters/pmjay/Jhansi/ration-card-families/nfsa.full.csv';
    const jhansi = (rows: string[]) => [familyHeader, ...rows].join('\n');
    await stack.rosters.upload(key, jhansi(familyRows(60, { prefix: 'JH', district: 'Jhansi' })));
    const first = await stack.rosters.finished('Jhansi', key);
    expect(first).toMatchObject({ snapshot: true, counts: { inserted: 60, removed: 0 }, eligibleAfter: 60 });

    // Version 2: people 0-9 gone, 10-14 renamed, 60-64 new, the rest as they were.
    await stack.rosters.upload(
      key,
      jhansi(familyRows(55, { from: 10, rename: new Set([10, 11, 12, 13, 14]), prefix: 'JH', district: 'Jhansi' })),
    );
    const second = await stack.rosters.finished('Jhansi', key, 2);
    expect(second.counts).toEqual({ read: 55, inserted: 5, updated: 5, unchanged: 45, duplicates: 0, rejected: 0, removed: 10 });
    expect(second.eligibleAfter).toBe(55);

    const removed = await stack.people.getPerson('pmjay', 'rc:JH000000:01');
    expect(removed).toMatchObject({
      status: 'removed',
      previousStatus: 'active',
      removedByImport: second.importId,
      name: 'Member 0, Kumar',
    });
    expect(await stack.people.getPerson('pmjay', 'rc:JH000002:03')).toMatchObject({ name: 'Renamed 10, Kumar', status: 'active' });
    const [population] = await stack.people.eligible('pmjay', 'Jhansi');
    expect(population).toMatchObject({ total: 55, removed: 10 });
    expect(await inScope('pmjay', 'Jhansi', 'ration-card-families')).toHaveLength(65);
  });
});

describe('roster import into a district that already has a roster', () => {
  it('counts a repeat in another chunk, at the same batch position, as a duplicate: inserted and duplicates are the people and repeats the file holds', async () => {
    // Every row is 66 bytes, so a 1 KiB chunk is exactly 16 rows: row p of chunk c+1 repeats row p of chunk c,
    // and the two chunks (run side by side) write that person at the same moment.
    const row = (index: number) =>
      `JL${String(index).padStart(6, '0')},01,"Member ${String(index).padStart(6, '0')}, Kumar",${index % 2 === 0 ? 'M' : 'F'},${1950 + (index % 50)},Konch Gram,Konch,Jalaun`;
    expect(row(1).length + 1).toBe(66);
    const base = 'rosters/pmjay/Jalaun/ration-card-families/first list.csv';
    await stack.rosters.upload(base, [familyHeader, ...Array.from({ length: 20 }, (_, index) => row(900_000 + index))].join('\n'));
    expect((await stack.rosters.finished('Jalaun', base)).counts).toMatchObject({ inserted: 20, duplicates: 0 });

    const rowsPerChunk = 16;
    const repeatedAt = [0, 5, 11, 15];
    const rows: string[] = [];
    let people = 0;
    let repeats = 0;
    for (let chunk = 0; chunk < 12; chunk += 1) {
      for (let position = 0; position < rowsPerChunk; position += 1) {
        if (chunk % 2 === 1 && repeatedAt.includes(position)) {
          rows.push(rows[rows.length - rowsPerChunk] as string);
          repeats += 1;
        } else {
          rows.push(row(people));
          people += 1;
        }
      }
    }
    const key = 'rosters/pmjay/Jalaun/ration-card-families/second list.csv';
    await stack.rosters.upload(key, `${[familyHeader, ...rows].join('\n')}\n`);
    const imported = await stack.rosters.finished('Jalaun', key);
    expect(imported.progress.chunks).toBe(12);
    expect(imported.counts).toEqual({
      read: people + repeats,
      inserted: people,
      updated: 0,
      unchanged: 0,
      duplicates: repeats,
      rejected: 0,
      removed: 0,
    });
    expect(await inScope('pmjay', 'Jalaun', 'ration-card-families')).toHaveLength(20 + people);
  });
});
