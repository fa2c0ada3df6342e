// The one formula neutraliser every CSV export goes through (core/roster/rows.ts, applied by the CSV writer).
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../../functions/core/roster/rows.js';

describe('neutralizeFormula', () => {
  it('makes every formula-leading cell text, full-width and whitespace-led forms included', () => {
    const formulas = [
      '=1+1',
      '+SUM(A1)',
      '-2+3',
      '@SUM(A1)',
      '\t=1',
      '\r=1',
      '\n=1',
      '\uFF1D1+1',
      '\uFF0B1',
      '\uFF0D1',
      '\uFF20A1',
      '=HYPERLINK("http://x","click")',
      "=cmd|' /C calc'!A0",
    ];
    for (const cell of formulas) expect(neutralizeFormula(cell), JSON.stringify(cell)).toBe(`'${cell}`);
  });

  it('leaves text alone, and changes nothing when applied twice', () => {
    for (const cell of ['Ramesh', 'रमेश', '9876543210', '', '-', "'=already text", 'a=b']) expect(neutralizeFormula(cell)).toBe(cell);
    for (const cell of ['=1+1', '@x', 'plain']) expect(neutralizeFormula(neutralizeFormula(cell))).toBe(neutralizeFormula(cell));
  });
});
