// Aadhaar numbers inside text — a name cell with one typed after it, a header that is really a data row — are
// found and masked, not only cells that are one.
import { describe, expect, it } from 'vitest';
import { containsAadhaarNumber, maskAadhaarNumbers } from '../../functions/core/aadhaar.js';
import { planHeaders } from '../../functions/core/roster/columns.js';
import { rejectCell, rowToPerson } from '../../functions/core/roster/rows.js';

// UIDAI's public sandbox UID: valid under the standard Verhoeff check (a wrong permutation row once refused it).
const valid = '999955183433';
const spaced = '9999 5518 3433';
// One digit off, so invalid by the algorithm's guarantee (the wrong row once took it for an Aadhaar number).
const invalid = '999955183434';

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

  it('are found and masked when typed in Devanagari digits, as in a Hindi roster or form', () => {
    // The same UID in Unicode's Devanagari digits (U+0966 ० … U+096F ९), written out here, not converted by the code.
    const devanagari = '९९९९ ५५१८ ३४३३';
    expect(containsAadhaarNumber(`राम ${devanagari}`)).toBe(true);
    expect(maskAadhaarNumbers(`राम ${devanagari} देखा`)).toBe(`राम XXXX XXXX ${valid.slice(-4)} देखा`);
    // The rejects report keeps the row's cells: an Aadhaar number inside a Hindi name cell is masked there too.
    expect(rejectCell(`राम प्रसाद ${devanagari}`)).toBe(`राम प्रसाद XXXX XXXX ${valid.slice(-4)}`);
    expect(containsAadhaarNumber('राम ९९९९ ५५१८ ३४३४')).toBe(false);
  });

  it('reject a row whose name carries one', () => {
    const row = rowToPerson(
      { name: `Ram Prasad ${spaced}`, gender: 'M', rationCardNumber: 'UP1', memberId: '01' },
      { scheme: 'pmjay', rosterType: 'ration-card-families', district: 'Lucknow', thisYear: 2026 },
    );
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
