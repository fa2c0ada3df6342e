// Beneficiary categories against what is published outside the code: the 75 particularly vulnerable tribal groups
// as the Ministry of Tribal Affairs lists them state by state (PIB, 4 July 2019), ages around a 70th birthday
// worked out by hand on a calendar, and designations as ICDS and NHM rosters of Uttar Pradesh write them.
import { describe, expect, it } from 'vitest';
import { ageOn, categories, categoriesOf, findCategory } from '../../functions/core/categories.js';
import { glossary, glossaryProblems, speaksOf } from '../../functions/core/glossary.js';
import { planHeaders } from '../../functions/core/roster/columns.js';
import { rowToPerson } from '../../functions/core/roster/rows.js';
import { mergeDeltas, registrationImageOf, streamMoves } from '../../functions/core/progress.js';
import { campaignCategories } from '../../functions/core/use-cases/categories.js';
import type { CampaignDeps } from '../../functions/core/use-cases/campaigns.js';
import type { Campaign } from '../../functions/ports/campaigns.js';
import type { EligiblePopulation } from '../../functions/ports/people.js';
import type { ProgressCounts } from '../../functions/ports/progress.js';

/** The published list, state by state, names as written there (plurals, brackets, hyphens and all). */
const publishedPvtgs: Record<string, readonly string[]> = {
  'Andhra Pradesh (including Telangana)': [
    'Bodo Gadaba',
    'Bondo Poroja',
    'Chenchu',
    'Dongria Khond',
    'Gutob Gadaba',
    'Khond Poroja',
    'Kolam',
    'Kondareddis',
    'Konda Savaras',
    'Kutia Khond',
    'Parengi Poroja',
    'Thoti',
  ],
  'Bihar (including Jharkhand)': [
    'Asurs',
    'Birhor',
    'Birjia',
    'Hill Kharia',
    'Korwas',
    'Mal Paharia',
    'Parhaiyas',
    'Sauria Paharia',
    'Savar',
  ],
  Gujarat: ['Kathodi', 'Kotwalia', 'Padhar', 'Siddi', 'Kolgha'],
  Karnataka: ['Jenu Kuruba', 'Koraga'],
  Kerala: ['Cholanaikayan (a section of Kattunaickans)', 'Kadar', 'Kattunayakan', 'Kurumbas', 'Koraga'],
  'Madhya Pradesh (including Chhattisgarh)': ['Abujh Marias', 'Baigas', 'Bharias', 'Hill Korbas', 'Kamars', 'Saharias', 'Birhor'],
  Maharashtra: ['Katkaria (Kathodia)', 'Kolam', 'Maria Gond'],
  Manipur: ['Marram Nagas'],
  Odisha: [
    'Birhor',
    'Bondo',
    'Didayi',
    'Dongria-Khond',
    'Juangs',
    'Kharias',
    'Kutia Kondh',
    'Lanjia Sauras',
    'Lodhas',
    'Mankidias',
    'Paudi Bhuyans',
    'Soura',
    'Chuktia Bhunjia',
  ],
  Rajasthan: ['Seharias'],
  'Tamil Nadu': ['Kattu Nayakans', 'Kotas', 'Kurumbas', 'Irulas', 'Paniyans', 'Todas'],
  Tripura: ['Reangs'],
  'Uttar Pradesh (including Uttarakhand)': ['Buxas', 'Rajis'],
  'West Bengal': ['Birhor', 'Lodhas', 'Totos'],
  'Andaman & Nicobar Islands': ['Great Andamanese', 'Jarawas', 'Onges', 'Sentinelese', 'Shom Pens'],
};

/** Uttar Pradesh's PVTGs and Lalitpur's Sahariya, as rosters write them in English and Hindi. */
const rosterTribes = [
  'Buxa',
  'BUXA',
  'Bhoksa',
  'बुक्सा',
  'Raji',
  'Van Rawat',
  'राजी',
  'Sahariya',
  'SAHARIYA',
  'Saharia',
  'सहरिया',
  'सहारिया',
];

/** Scheduled Tribes of Uttar Pradesh and communities that are not PVTGs. */
const otherTribes = ['Tharu', 'थारू', 'Gond', 'Kharwar', 'Kol', 'Bhil', 'Musahar', 'मुसहर', 'Cheru', 'Agariya', 'Yadav'];

/** ASHAs and anganwadi workers and helpers, as ICDS and NHM rosters write their posts. */
const rosterDesignations = [
  'ASHA',
  'Asha',
  'ASHA Worker',
  'आशा',
  'आशा बहू',
  'आशा कार्यकत्री',
  'Anganwadi Worker',
  'Anganwadi Worker (AWW)',
  'A.W.W.',
  'आंगनबाड़ी कार्यकर्त्री',
  'आँगनबाड़ी कार्यकत्री',
  'आंगनवाड़ी कार्यकर्ता',
  'मिनी आंगनबाड़ी कार्यकर्त्री',
  'Anganwadi Helper',
  'AWH',
  'आंगनबाड़ी सहायिका',
  'सहायिका',
];

/** Their supervisors and other posts. */
const otherPosts = ['ASHA Sangini', 'आशा संगिनी', 'मुख्य सेविका', 'Mukhya Sevika', 'CDPO', 'Assistant Teacher', 'सहायक अध्यापक', 'ANM'];

const on = '2026-12-04';
const inCategory = (id: string, facts: Parameters<typeof categoriesOf>[0], day = on) => categoriesOf(facts, day).includes(id);
/** The values of a roster column that the category does not take (`wanted` true) or takes (false): none, when right. */
const misread = (id: string, field: 'tribe' | 'designation', values: readonly string[], wanted: boolean) =>
  values.filter((value) => inCategory(id, { [field]: value }) !== wanted);

describe('PM-JANMAN: particularly vulnerable tribal groups', () => {
  it('knows every one of the 75 groups of the published list, as the list writes them', () => {
    const all = Object.values(publishedPvtgs).flat();
    expect(all).toHaveLength(75);
    expect(all.filter((tribe) => !inCategory('pm-janman', { tribe }))).toEqual([]);
  });

  it("knows Uttar Pradesh's groups and the Sahariya of Lalitpur as rosters write them, in English and Hindi", () => {
    expect(misread('pm-janman', 'tribe', rosterTribes, true)).toEqual([]);
  });

  it('leaves out Scheduled Tribes and communities that are not on the list', () => {
    expect(misread('pm-janman', 'tribe', otherTribes, false)).toEqual([]);
    expect(inCategory('pm-janman', {})).toBe(false);
  });

  it('cites its source', () => {
    expect(findCategory('pm-janman')?.source.url).toBe('https://pib.gov.in/Pressreleaseshare.aspx?PRID=1577166');
  });
});

describe('Ayushman Vay Vandana: aged 70 or older', () => {
  it('counts from the 70th birthday, not the day before (born 4 December 1956)', () => {
    expect(ageOn({ dateOfBirth: '1956-12-04' }, '2026-12-03')).toBe(69);
    expect(ageOn({ dateOfBirth: '1956-12-04' }, '2026-12-04')).toBe(70);
    expect(inCategory('vay-vandana', { dateOfBirth: '1956-12-04', yearOfBirth: 1956 }, '2026-12-03')).toBe(false);
    expect(inCategory('vay-vandana', { dateOfBirth: '1956-12-04', yearOfBirth: 1956 }, '2026-12-04')).toBe(true);
    expect(inCategory('vay-vandana', { dateOfBirth: '1940-06-15', yearOfBirth: 1940 }, '2026-12-04')).toBe(true);
  });

  it('takes a birthday on 29 February as reached on 1 March in a common year', () => {
    expect(ageOn({ dateOfBirth: '1956-02-29' }, '2026-02-28')).toBe(69);
    expect(ageOn({ dateOfBirth: '1956-02-29' }, '2026-03-01')).toBe(70);
  });

  it('reads a year of birth alone as 1 January of that year, as Aadhaar records it', () => {
    expect(inCategory('vay-vandana', { yearOfBirth: 1956 }, '2025-12-31')).toBe(false);
    expect(inCategory('vay-vandana', { yearOfBirth: 1956 }, '2026-01-01')).toBe(true);
    expect(inCategory('vay-vandana', { yearOfBirth: 1957 }, '2026-12-31')).toBe(false);
    expect(inCategory('vay-vandana', {})).toBe(false);
  });

  it('counts a ration-card row that gives an age of 70 in the year of the import (आयु column)', () => {
    const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };
    const row = (age: string) =>
      rowToPerson(
        { rationCardNumber: '012345678901', memberId: '02', name: 'Ram Dulari', gender: 'महिला', district: 'लखनऊ', age },
        context,
      );
    const seventy = row('70');
    const sixtyNine = row('69 वर्ष');
    expect(seventy.ok && categoriesOf(seventy.person, '2026-03-15')).toEqual(['vay-vandana']);
    expect(sixtyNine.ok && categoriesOf(sixtyNine.person, '2026-03-15')).toEqual([]);
  });
});

describe('ASHA and anganwadi workers and helpers', () => {
  it('knows the designations as rosters write them', () => {
    expect(misread('asha-anganwadi', 'designation', rosterDesignations, true)).toEqual([]);
  });

  it('leaves out their supervisors and other posts', () => {
    expect(misread('asha-anganwadi', 'designation', otherPosts, false)).toEqual([]);
  });

  it('reads designation and tribe columns under their Hindi headers on a ration-card roster', () => {
    const plan = planHeaders(['राशन कार्ड संख्या', 'सदस्य आईडी', 'नाम', 'लिंग', 'जनपद', 'जनजाति', 'पदनाम'], 'ration-card-families');
    expect(plan.ok && [...plan.columns.values()]).toEqual([
      'rationCardNumber',
      'memberId',
      'name',
      'gender',
      'district',
      'tribe',
      'designation',
    ]);
  });
});

describe('the categories as data', () => {
  it('puts a person in every category they meet', () => {
    expect(categoriesOf({ tribe: 'Sahariya', designation: 'आशा', yearOfBirth: 1950 }, on)).toEqual([
      'pm-janman',
      'vay-vandana',
      'asha-anganwadi',
    ]);
  });

  it('labels every category in English and Hindi with the glossary words', () => {
    expect(categories.map((category) => category.id)).toEqual(['pm-janman', 'vay-vandana', 'asha-anganwadi']);
    const pairs = categories.map((category) => ({ where: `category ${category.id}`, ...category.label }));
    expect(glossaryProblems(pairs)).toEqual([]);
    // Each label names its scheme or group by a glossary term: its Hindi is held to the glossary's word.
    for (const category of categories) {
      expect(
        glossary.filter((term) => speaksOf(term, category.label.en)).map((term) => term.id),
        category.id,
      ).not.toEqual([]);
    }
  });
});

describe('a category slot in the counts', () => {
  // A Sahariya ASHA's registration as the table stores it, started and then carded.
  const item = (status: string, progressKey: string, updatedAt: string) => ({
    kind: 'registration',
    registrationId: 'r-cat-1',
    scheme: 'pmjay',
    personId: 'rc:UP0001:01',
    rosterType: 'ration-card-families',
    status,
    progressKey,
    district: 'Lalitpur',
    block: 'Madawara',
    village: 'Saidpur',
    categories: ['pm-janman', 'asha-anganwadi'],
    createdAt: '2026-12-03T04:00:00.000Z',
    updatedAt,
  });

  it("moves the person from started to carded in each of their categories, beside their place's slots", () => {
    const started = registrationImageOf(item('STARTED', 'STARTED', '2026-12-03T04:00:00.000Z'));
    const carded = registrationImageOf(item('CARD_ISSUED', 'CARD_ISSUED', '2026-12-03T06:00:00.000Z'));
    const running = mergeDeltas([...streamMoves(undefined, started), ...streamMoves(started, carded)]).filter(
      (delta) => delta.day === undefined,
    );
    // Counted by hand: one person, carded, in block, village and both category slots; nothing left under STARTED.
    expect(Object.fromEntries(running.map((delta) => [delta.slot, delta.deltas]))).toEqual({
      'block#Madawara': { CARD_ISSUED: 1 },
      'village#Madawara / Saidpur': { CARD_ISSUED: 1 },
      'category#pm-janman': { CARD_ISSUED: 1 },
      'category#asha-anganwadi': { CARD_ISSUED: 1 },
    });
  });
});

describe('the category slices of a campaign', () => {
  const campaign: Campaign = {
    campaignId: '0123456789abcdef',
    name: 'Bundelkhand drive',
    scheme: 'pmjay',
    districts: ['Lalitpur', 'Jhansi'],
    rosterTypes: ['ration-card-families'],
    startDate: '2026-11-01',
    endDate: '2027-03-31',
    createdAt: '2026-11-01T00:00:00.000Z',
    createdBy: 'state-admin',
  };
  const population = (district: string, byCategory: Record<string, number>): EligiblePopulation => ({
    scheme: 'pmjay',
    district,
    rosterType: 'ration-card-families',
    total: 100,
    removed: 0,
    byBlock: {},
    byVillage: {},
    byDepartment: {},
    byDdo: {},
    byCategory,
    countedAt: '2026-12-01T00:00:00.000Z',
    importId: 'i',
  });
  // Lalitpur: 40 Sahariya people, 3 carded and 2 waiting for approval; 12 aged 70 or older, 1 carded. Jhansi: 5 PVTG
  // people, 1 carded; 2 ASHAs, both carded, and a third carded whom a later import no longer lists as an ASHA.
  const counts: Record<string, ProgressCounts[]> = {
    Lalitpur: [
      { slot: 'block#Madawara', counts: { CARD_ISSUED: 4, 'PENDING_APPROVAL@2026-12-01': 2 } },
      { slot: 'category#pm-janman', counts: { CARD_ISSUED: 3, 'PENDING_APPROVAL@2026-12-01': 2 } },
      { slot: 'category#vay-vandana', counts: { CARD_ISSUED: 1 } },
    ],
    Jhansi: [
      { slot: 'category#pm-janman', counts: { CARD_ISSUED: 1 } },
      { slot: 'category#asha-anganwadi', counts: { CARD_ISSUED: 3 } },
    ],
  };
  const deps = {
    campaigns: { get: async () => campaign },
    people: {
      eligible: async (_scheme: string, district: string) =>
        district === 'Lalitpur'
          ? [population('Lalitpur', { 'pm-janman': 40, 'vay-vandana': 12 })]
          : [population('Jhansi', { 'pm-janman': 5, 'asha-anganwadi': 2 })],
    },
    progress: { counts: async (_scheme: string, district: string) => counts[district] ?? [], asOf: async () => '2026-12-04T06:00:00.000Z' },
    clock: { now: () => Date.parse('2026-12-04T06:30:00.000Z') },
  } as unknown as CampaignDeps;
  const stateAdmin = { subject: 's', roles: ['state-admin' as const], ddoCodes: [], districts: [] };
  const jhansiAdmin = { subject: 'j', roles: ['district-admin' as const], ddoCodes: [], districts: ['Jhansi'] };
  const figures = (slices: Awaited<ReturnType<typeof campaignCategories>>) =>
    Object.fromEntries(slices.items.map((slice) => [slice.category, [slice.eligible, slice.carded, slice.pending, slice.started]]));

  it('adds the districts up for a state admin, and never shows pending below zero', async () => {
    // [eligible, carded, pending, started], added by hand.
    expect(figures(await campaignCategories(deps, stateAdmin, campaign.campaignId))).toEqual({
      'pm-janman': [45, 4, 41, 6],
      'vay-vandana': [12, 1, 11, 1],
      'asha-anganwadi': [2, 3, 0, 3],
    });
  });

  it("gives a district admin their district's slices, and refuses another's", async () => {
    expect(figures(await campaignCategories(deps, jhansiAdmin, campaign.campaignId))).toEqual({
      'pm-janman': [5, 1, 4, 1],
      'vay-vandana': [0, 0, 0, 0],
      'asha-anganwadi': [2, 3, 0, 3],
    });
    await expect(campaignCategories(deps, jhansiAdmin, campaign.campaignId, 'Lalitpur')).rejects.toMatchObject({
      code: 'DISTRICT_NOT_IN_CAMPAIGN',
    });
  });
});
