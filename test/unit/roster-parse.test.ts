// Roster files as departments send them: BOM, CRLF, quoted commas and newlines, Hindi headers, blank lines,
// wrong cells — the good rows land as people, each bad row is reported by number and column.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { familyIdOf } from '../../functions/core/person.js';
import { normalizeHeader, planHeaders } from '../../functions/core/roster/columns.js';
import { neutralizeFormula, rejectCell } from '../../functions/core/roster/rows.js';
import { RosterRefusedError, type ParsedRow, type RosterContext } from '../../functions/core/roster/records.js';
import { parseRoster } from '../../functions/adapters/roster-readers.js';

const context: RosterContext = { scheme: 'pmjay', rosterType: 'ration-card-families', district: 'Lucknow', thisYear: 2026 };
const rowsOf = async (text: string, ctx = context) => {
  const rows: ParsedRow[] = [];
  for await (const row of parseRoster(Readable.from([Buffer.from(text, 'utf8')]), ctx)) rows.push(row);
  return rows;
};
// UIDAI's public sandbox UID, valid under the standard Verhoeff check.
const aadhaar = '999955183433';

describe('roster headers', () => {
  it('maps English and Hindi variants, in any order, ignoring unknown columns', () => {
    const plan = planHeaders(['\uFEFFराशन कार्ड संख्या', 'Member ID', 'नाम', 'लिंग', 'जनपद', 'Remarks'], 'ration-card-families');
    expect(plan.ok).toBe(true);
    if (plan.ok) {
      expect([...plan.columns.values()]).toEqual(['rationCardNumber', 'memberId', 'name', 'gender', 'district']);
      expect(plan.ignored).toEqual(['Remarks']);
    }
    expect(normalizeHeader(' Name (Hindi) ')).toBe('name hindi');
  });

  it('refuses a file with an Aadhaar column, or without a required column, saying which', () => {
    expect(planHeaders(['Ration Card No', 'Member ID', 'Name', 'Gender', 'District', 'Aadhar No.'], 'ration-card-families')).toMatchObject({
      ok: false,
      reason: 'AADHAAR_COLUMN',
      columns: ['Aadhar No.'],
    });
    expect(planHeaders(['Ration Card No', 'Name', 'Gender', 'District', 'आधार संख्या'], 'ration-card-families')).toMatchObject({
      ok: false,
      reason: 'AADHAAR_COLUMN',
    });
    expect(planHeaders(['Ration Card No', 'Name', 'Gender', 'District'], 'ration-card-families')).toMatchObject({
      ok: false,
      reason: 'MISSING_COLUMNS',
      columns: ['memberId'],
    });
    expect(planHeaders(['Employee ID', 'Emp Code', 'Name', 'Gender', 'DDO Code', 'District'], 'employees')).toMatchObject({
      ok: false,
      reason: 'DUPLICATE_COLUMN',
    });
  });
});

describe('roster rows', () => {
  it('reads a messy export: BOM, CRLF, quoted commas and newlines, Hindi headers, blank lines', async () => {
    const file = [
      '\uFEFFराशन कार्ड संख्या,सदस्य आईडी,नाम,नाम हिंदी में,लिंग,जन्म वर्ष,ग्राम,विकास खंड,जनपद,मोबाइल',
      'UP123,01,"Yadav, Ramesh Kumar",रमेश कुमार यादव,पुरुष,1978,"Nigohan",Mohanlalganj,Lucknow,+91 98765 43210',
      '',
      'UP123,02,"Sunita\nDevi",सुनीता देवी,F,1982,Nigohan,Mohanlalganj,Lucknow,',
      'UP124,01,Babu Ram,,X,19xx,Nigohan,Mohanlalganj,Lucknow,12345',
      'UP125,01,=HYPERLINK("http://x"),,M,1970,Nigohan,Mohanlalganj,Jalaun,',
      `UP126,01,Hari Om,,M,1960,${aadhaar},Mohanlalganj,Lucknow,`,
    ].join('\r\n');
    const rows = await rowsOf(file);
    const good = rows.filter((row) => row.ok);
    const bad = rows.filter((row) => !row.ok);
    expect(good.map((row) => row.ok && row.person)).toEqual([
      expect.objectContaining({
        personId: 'rc:UP123:01',
        name: 'Yadav, Ramesh Kumar',
        nameLocal: 'रमेश कुमार यादव',
        gender: 'M',
        yearOfBirth: 1978,
        mobile: '9876543210',
        village: 'Nigohan',
        block: 'Mohanlalganj',
      }),
      expect.objectContaining({ personId: 'rc:UP123:02', name: 'Sunita Devi', gender: 'F' }),
    ]);
    expect(bad.map((row) => [row.rowNumber, !row.ok && row.problems.map((problem) => problem.column).sort()])).toEqual([
      [5, ['जन्म वर्ष', 'मोबाइल', 'लिंग']],
      [6, ['जनपद']],
      [7, ['ग्राम']],
    ]);
    const formula = bad.find((row) => row.rowNumber === 6);
    expect(!formula?.ok && formula?.raw[2]).toBe(`'=HYPERLINK("http://x")`);
    const withAadhaar = bad.find((row) => row.rowNumber === 7);
    expect(JSON.stringify(withAadhaar)).not.toContain(aadhaar);
    expect(!withAadhaar?.ok && withAadhaar?.raw[6]).toBe(`XXXX XXXX ${aadhaar.slice(-4)}`);
  });

  it('refuses the whole file when a required column is missing, before any row', async () => {
    await expect(rowsOf('Ration Card No,Name,Gender,District\r\nUP1,A,M,Lucknow')).rejects.toBeInstanceOf(RosterRefusedError);
  });

  it('reads employee rosters with DDO codes and service status', async () => {
    const rows = await rowsOf(
      'Employee Code,Employee Name,Gender,DOB,DDO Code,Department,District,Status\nE1,Kiran Verma,Female,12/04/1988,ddo-lko-0001,Education,Lucknow,Retired\nE2,Anil,M,1985-01-01,DDO-1,Health,Lucknow,suspended',
      {
        ...context,
        scheme: 'up-sects',
        rosterType: 'employees',
      },
    );
    expect(rows[0]).toMatchObject({
      ok: true,
      person: { personId: 'emp:E1', ddoCode: 'DDO-LKO-0001', yearOfBirth: 1988, status: 'retired', gender: 'F' },
    });
    expect(rows[1]).toMatchObject({ ok: false, problems: [{ column: 'Status' }] });
  });

  it('reads student and MGNREGA job-card rosters by their own keys', async () => {
    const students = await rowsOf(
      'Admission No,Student Name,नाम हिंदी में,Gender,Date of Birth,School Name,Class,Block,District\nS-101,Priya,प्रिया,F,2012-07-01,GIC Mal,8,Mal,Lucknow\n,Anonymous,,M,2012-01-01,GIC Mal,8,Mal,Lucknow',
      { ...context, rosterType: 'students' },
    );
    expect(students[0]).toMatchObject({
      ok: true,
      person: { personId: 'st:S-101', studentId: 'S-101', school: 'GIC Mal', className: '8', yearOfBirth: 2012, rosterType: 'students' },
    });
    expect(students[1]).toMatchObject({ ok: false, problems: [{ column: 'Admission No', reason: 'Required, but empty.' }] });

    const workers = await rowsOf(
      'जॉब कार्ड संख्या,आवेदक संख्या,नाम,लिंग,जन्म वर्ष,ग्राम पंचायत,ग्राम,विकास खंड,जनपद,मुखिया\nUP-31-005-012-001/45,2,सुनीता,महिला,1980,Rahimabad,Rahimabad,Mal,Lucknow,नहीं',
      { ...context, rosterType: 'mgnrega' },
    );
    expect(workers[0]).toMatchObject({
      ok: true,
      person: {
        personId: 'jc:UP-31-005-012-001/45:2',
        jobCardNumber: 'UP-31-005-012-001/45',
        memberId: '2',
        panchayat: 'Rahimabad',
        headOfFamily: false,
        gender: 'F',
      },
    });
    expect(familyIdOf('jc:UP-31-005-012-001/45:2')).toBe('jc:UP-31-005-012-001/45');
    expect(familyIdOf('rc:UP123:02')).toBe('rc:UP123');
    expect(familyIdOf('emp:E1')).toBe('emp:E1');
  });

  it('makes formula-looking cells text for spreadsheet exports', () => {
    for (const cell of ['=1+1', '+91', '-5', '@SUM(A1)']) expect(neutralizeFormula(cell).startsWith("'")).toBe(true);
    expect(neutralizeFormula('Ramesh')).toBe('Ramesh');
    expect(rejectCell(aadhaar)).toBe(`XXXX XXXX ${aadhaar.slice(-4)}`);
  });
});
