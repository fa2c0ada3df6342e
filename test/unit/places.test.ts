// The gazetteer against what is published about the places: district counts of the four states, LGD codes as
// the Local Government Directory gives them, the old and the other names people use (Allahabad became Prayagraj
// in 2018, Faizabad became Ayodhya in 2018, Hoshangabad became Narmadapuram in 2022; Chhapra is the seat of
// Saran, Orai of Jalaun, Motihari of Purbi Champaran), in either script.
import { describe, expect, it } from 'vitest';
import { districts, findDistrict, resolveBlock, resolveDistrict } from '../../functions/core/places/gazetteer.js';

describe('gazetteer', () => {
  it('lists every district of the four states (UP 75, Bihar 38, Madhya Pradesh 55, Chhattisgarh 33)', () => {
    const count = (state: string) => districts.filter((district) => district.state === state).length;
    expect([count('Uttar Pradesh'), count('Bihar'), count('Madhya Pradesh'), count('Chhattisgarh')]).toEqual([75, 38, 55, 33]);
  });

  it.each([
    ['Lucknow', 'Lucknow', 162],
    ['लखनऊ', 'Lucknow', 162],
    ['LUCKNOW district', 'Lucknow', 162],
    ['जनपद लखनऊ', 'Lucknow', 162],
    ['जालौन', 'Jalaun', 151],
    ['Orai', 'Jalaun', 151],
    ['छपरा', 'Saran', 218],
    ['Chhapra', 'Saran', 218],
    ['सारण', 'Saran', 218],
    ['Allahabad', 'Prayagraj', 120],
    ['इलाहाबाद', 'Prayagraj', 120],
    ['Faizabad', 'Ayodhya', 140],
    ['फ़ैज़ाबाद', 'Ayodhya', 140],
    ['फैजाबाद', 'Ayodhya', 140],
    ['Hoshangabad', 'Narmadapuram', 409],
    ['Motihari', 'Purbi Champaran', 213],
    ['East Champaran', 'Purbi Champaran', 213],
    ['Raebareli', 'Rae Bareli', 175],
    ['रायबरेली', 'Rae Bareli', 175],
    ['Kanpur', 'Kanpur Nagar', 157],
    ['झाँसी', 'Jhansi', 153],
    ['झांसी', 'Jhansi', 153],
    ['पटना', 'Patna', 212],
    ['Bhopal', 'Bhopal', 396],
    ['रायपुर', 'Raipur', 387],
    ['Noida', 'Gautam Buddha Nagar', 144],
  ])('%s is %s (LGD %i)', (written, canonical, lgd) => {
    expect(findDistrict(written)).toMatchObject({ name: canonical, lgd });
    expect(resolveDistrict(written)).toEqual({ ok: true, name: canonical, known: true });
  });

  it('tells the two Balrampurs apart: UP keeps the short name, Chhattisgarh its full one', () => {
    expect(findDistrict('Balrampur')).toMatchObject({ name: 'Balrampur', state: 'Uttar Pradesh' });
    expect(findDistrict('Balrampur-Ramanujganj')).toMatchObject({ state: 'Chhattisgarh' });
  });

  it('refuses a name it does not know, naming it', () => {
    const result = resolveDistrict('Lucknoww');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('"Lucknoww" is not a district we know');
    expect(resolveDistrict('Pune').ok).toBe(false); // a real district, of another state
    expect(resolveDistrict('').ok).toBe(false);
  });

  it('resolves blocks of the district in either script, refuses a near miss of a listed block, takes any other as written', () => {
    expect(resolveBlock('Lucknow', 'बख्शी का तालाब')).toEqual({ ok: true, name: 'Bakshi Ka Talab', known: true });
    expect(resolveBlock('Lucknow', 'BKT')).toEqual({ ok: true, name: 'Bakshi Ka Talab', known: true });
    expect(resolveBlock('Lucknow', 'माल')).toEqual({ ok: true, name: 'Mal', known: true });
    expect(resolveBlock('Lucknow', 'Sarojini Nagar block')).toEqual({ ok: true, name: 'Sarojini Nagar', known: true });
    expect(resolveBlock('Kanpur Nagar', 'बिल्हौर')).toEqual({ ok: true, name: 'Bilhaur', known: true });
    // A slip of the keyboard would split Malihabad's counts: refused, naming the block meant.
    const refused = resolveBlock('Lucknow', 'Malihabaad');
    expect(!refused.ok && refused.reason).toBe('"Malihabaad" is not a block of Lucknow; did you mean Malihabad (मलिहाबाद)?');
    expect(resolveBlock('Lucknow', 'मलिहाबाद्द').ok).toBe(false);
    expect(resolveBlock('Lucknow', 'Chinhut').ok).toBe(false);
    // Not near any listed block: a block the data does not know, taken as written, cleaned.
    expect(resolveBlock('Lucknow', 'Naya Block')).toEqual({ ok: true, name: 'Naya Block', known: false });
    expect(resolveBlock('Patna', ' Phulwari\u200B Sharif ')).toEqual({ ok: true, name: 'Phulwari Sharif', known: false });
    // Short names are compared exactly: Mau is no misspelt Mal.
    expect(resolveBlock('Lucknow', 'Mau')).toEqual({ ok: true, name: 'Mau', known: false });
  });
});
