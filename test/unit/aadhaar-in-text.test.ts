// Aadhaar numbers inside text — a name cell with one typed after it, a header that is really a data row — are
// found and masked, not only cells that are one.
import { describe, expect, it } from 'vitest';
import { containsAadhaarNumber, maskAadhaarNumbers, verhoeffCheckDigit } from '../../functions/core/aadhaar.js';
import { planHeaders } from '../../functions/core/roster/columns.js';
import { rejectCell, rowToPerson } from '../../functions/core/roster/rows.js';

const valid = `23456789012${verhoeffCheckDigit('23456789012')}`;
const spaced = `${valid.slice(0, 4)} ${valid.slice(4, 8)} ${valid.slice(8)}`;
const invalid = `23456789012${(Number(verhoeffCheckDigit('23456789012')) + 1) % 10}`;

describe('Aadhaar numbers inside text', () => {
  it('are found written plain, spaced or dashed, and not inside longer numbers or when the checksum fails', () => {
    expect(containsAadhaarNumber(`Ram ${valid}`)).toBe(true);
    expect(containsAadhaarNumber(`Ram (${spaced})`)).toBe(true);
    expect(containsAadhaarNumber(`UID-${valid.slice(0, 4)}-${valid.slice(4, 8)}-${valid.slice(8)}`)).toBe(true);
    expect(containsAadhaarNumber(`Ram ${invalid}`)).toBe(false);
    expect(containsAadhaarNumber(`9${valid}`)).toBe(false);
    expect(containsAadhaarNumber('Ram Prasad 1970')).toBe(false);
  });

  it('are masked to their last four digits, other numbers kept', () => {
    expect(maskAadhaarNumbers(`Ram ${spaced}, mobile 9876543210`)).toBe(`Ram XXXX XXXX ${valid.slice(-4)}, mobile 9876543210`);
    expect(rejectCell(`=Ram ${valid}`)).toBe(`'=Ram XXXX XXXX ${valid.slice(-4)}`);
  });

  it('reject a row whose name carries one', () => {
    const row = rowToPerson({ name: `Ram Prasad ${spaced}`, gender: 'M', rationCardNumber: 'UP1', memberId: '01' }, { scheme: 'pmjay', rosterType: 'ration-card-families', district: 'Lucknow', thisYear: 2026 });
    expect(row.ok).toBe(false);
    expect(JSON.stringify(row)).not.toContain(valid.slice(0, 8));
  });

  it('are masked in the header names a refusal quotes', () => {
    const plan = planHeaders([`"Name,Aadhaar\n${valid},Ram`, 'Gender'], 'ration-card-families');
    expect(plan.ok).toBe(false);
    expect(JSON.stringify(plan)).not.toContain(valid);
    expect(JSON.stringify(plan)).toContain(`XXXX XXXX ${valid.slice(-4)}`);
  });
});
