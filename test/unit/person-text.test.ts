// Invisible characters in names and file names: the Trojan Source bidi controls (CVE-2021-42574), zero-width
// characters that make two equal-looking names differ; and the joiners Hindi spelling needs, which stay.
import { describe, expect, it } from 'vitest';
import { cleanPersonText, hiddenCharactersIn } from '../../functions/core/text.js';
import { parseRosterKey } from '../../functions/core/roster/uploads.js';

describe('cleanPersonText', () => {
  it.each([
    ['Ram\u202EdasarP', 'RamdasarP'],
    ['\u2066Sita Devi\u2069', 'Sita Devi'],
    ['\u202ALRE\u202B RLE \u202C\u202D', 'LRE RLE'],
    ['Ram\u200BPrasad', 'RamPrasad'],
    ['\uFEFFराम प्रसाद', 'राम प्रसाद'],
    ['Ra\u2060m', 'Ram'],
    ['Sita\u200E', 'Sita'],
    ['Ram\u0000 Prasad\u0007', 'Ram Prasad'],
    ['  Kamla   Devi ', 'Kamla Devi'],
    ['क़ुरैशी'.normalize('NFD'), 'क़ुरैशी'.normalize('NFC')],
  ])('%j is stored as %j', (written, stored) => {
    expect(cleanPersonText(written)).toBe(stored);
  });

  it('keeps ZWJ and ZWNJ inside a word (they choose how a conjunct is drawn) and drops them at its edges', () => {
    const halfForm = 'क्\u200Dष'; // KA VIRAMA ZWJ SSA: the half-form rendering of क्ष
    const explicitVirama = 'क्\u200Cष'; // ZWNJ keeps the virama visible
    expect(cleanPersonText(`श्री ${halfForm}ेत्र`)).toBe(`श्री ${halfForm}ेत्र`);
    expect(cleanPersonText(explicitVirama)).toBe(explicitVirama);
    expect(cleanPersonText('\u200Dराम\u200C')).toBe('राम');
    expect(cleanPersonText('राम \u200D प्रसाद')).toBe('राम प्रसाद');
  });
});

describe('file names', () => {
  it('names the hidden characters of a name, and not the joiners of Hindi spelling', () => {
    expect(hiddenCharactersIn('nfsa\u202Evsc.exe')).toEqual(['U+202E']);
    expect(hiddenCharactersIn('ra\u200Btion\u2066.csv')).toEqual(['U+200B', 'U+2066']);
    expect(hiddenCharactersIn('राशन क्\u200Dष.csv')).toEqual([]);
  });

  it('refuses a roster key whose file name would display as another', () => {
    const spoofed = parseRosterKey('rosters/pmjay/Lucknow/ration-card-families/list\u202Exslx.csv');
    expect(spoofed.ok).toBe(false);
    expect(!spoofed.ok && spoofed.reason).toContain('U+202E');
    expect(parseRosterKey('rosters/pmjay/Luck\u200Bnow/ration-card-families/a.csv').ok).toBe(false);
  });

  it('reads the district of a key in either script, under its canonical name', () => {
    expect(parseRosterKey('rosters/pmjay/लखनऊ/ration-card-families/सूची.csv')).toMatchObject({
      ok: true,
      upload: { district: 'Lucknow', file: 'सूची.csv' },
    });
    expect(parseRosterKey('rosters/pmjay/Allahabad/ration-card-families/a.csv')).toMatchObject({
      ok: true,
      upload: { district: 'Prayagraj' },
    });
    const unknown = parseRosterKey('rosters/pmjay/Gotham/ration-card-families/a.csv');
    expect(!unknown.ok && unknown.reason).toContain('"Gotham" is not a district we know');
  });
});
