import { describe, expect, it } from 'vitest';
import { importIdOf, parseRosterKey } from '../../functions/core/roster/uploads.js';

describe('roster object keys', () => {
  it('read scheme, district, roster type and format from rosters/{scheme}/{district}/{rosterType}/{file}', () => {
    expect(parseRosterKey('rosters/up-sects/Lucknow/employees/education dept.xlsx')).toEqual({
      ok: true,
      upload: { scheme: 'up-sects', district: 'Lucknow', rosterType: 'employees', file: 'education dept.xlsx', format: 'xlsx' },
    });
  });

  it.each([
    ['rosters/pmjay/Lucknow/list.csv', 'rosters/{scheme}'],
    ['rosters/unknown/Lucknow/employees/a.csv', 'Unknown scheme'],
    ['rosters/pmjay/Lucknow/pensioners/a.csv', 'Unknown roster type'],
    ['rosters/pmjay/Lucknow/ration-card-families/a.pdf', 'Only .csv and .xlsx'],
    ['rosters/pmjay/Lucknow/employees/a.csv', 'Scheme pmjay takes ration-card-families rosters, not employees'],
    ['rosters/pmjay/123/ration-card-families/a.csv', 'not a district'],
  ])('refuse %s, saying why', (key, reason) => {
    const parsed = parseRosterKey(key);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });

  it('name an import by bucket, key and version: the same upload is the same import', () => {
    const id = importIdOf('b', 'rosters/pmjay/Lucknow/employees/a.csv', 'v1');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(importIdOf('b', 'rosters/pmjay/Lucknow/employees/a.csv', 'v1')).toBe(id);
    expect(importIdOf('b', 'rosters/pmjay/Lucknow/employees/a.csv', 'v2')).not.toBe(id);
  });
});
