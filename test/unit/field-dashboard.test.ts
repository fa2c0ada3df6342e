// The camps calendar's and a camp's page's pure parts (web/src/field.ts): the month a calendar reads, the month
// before and after, camps by the day they begin in it, one axis for a camp's bars, a day and a month in words.
// Expected values are written out by hand from the Gregorian calendar (2028 is a leap year, 2026 is not; 5 Dec
// 2026 is a Saturday) and from the figures given, not worked out by the module.
import { describe, expect, it } from 'vitest';
import { campsByDay, categoryName, formatDay, formatMonth, indianToday, monthRange, outcomeAxis, shiftMonth } from '../../web/src/field.js';
import type { CampListItem, CampOutcome } from '../../web/src/field-types.js';

const camp = (campId: string, startsOn: string, endsOn: string, opensAt: string, name = campId) =>
  ({ campId, name, startsOn, endsOn, opensAt }) as unknown as CampListItem;

describe('the camps calendar', () => {
  it('reads a whole month, leap years too', () => {
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('2027-02')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });

  it('moves a month back and forth across the year', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2027-01', -1)).toBe('2026-12');
    expect(shiftMonth('2026-03', -3)).toBe('2025-12');
  });

  it('takes today in India: 20:00 UTC on 4 December is already the 5th in Lucknow', () => {
    expect(indianToday(new Date('2026-12-04T20:00:00Z'))).toBe('2026-12-05');
    expect(indianToday(new Date('2026-12-04T18:29:00Z'))).toBe('2026-12-04');
  });

  it('lists a camp under the day it begins, one begun last month under the first day, a day by opening hour', () => {
    const days = campsByDay(
      [
        camp('late', '2026-12-05', '2026-12-05', '14:00'),
        camp('early', '2026-12-05', '2026-12-05', '09:30'),
        camp('carried-over', '2026-11-29', '2026-12-02', '10:00'),
        camp('next-week', '2026-12-12', '2026-12-13', '10:00'),
      ],
      '2026-12-01',
    );
    expect(days.map(([day, list]) => [day, list.map((item) => item.campId)])).toEqual([
      ['2026-12-01', ['carried-over']],
      ['2026-12-05', ['early', 'late']],
      ['2026-12-12', ['next-week']],
    ]);
  });

  it('writes a day and a month in the language of the page', () => {
    // The punctuation between the parts is the platform's (ICU's) choice; the day, the date and the year are not.
    expect(formatDay('2026-12-05', 'en')).toMatch(/^Sat, 5 Dec,? 2026$/);
    expect(formatMonth('2026-12', 'en')).toBe('December 2026');
    expect(formatMonth('2026-12', 'hi')).toBe('दिसंबर 2026');
    expect(formatDay('2026-12-05', 'hi')).toMatch(/^शनि/);
  });
});

describe("a camp's outcome", () => {
  it('puts every bar on the largest figure: the list, or more who came than were on it', () => {
    const outcome = (figures: Partial<CampOutcome>): CampOutcome => ({
      asOf: '2026-12-05T10:00:00.000Z',
      targeted: 0,
      invited: 0,
      came: 0,
      turnedAway: { total: 0, byReason: {} },
      started: 0,
      ekycDone: 0,
      blocked: { total: 0, byReason: {} },
      cards: 0,
      notCome: 0,
      ...figures,
    });
    expect(outcomeAxis(outcome({ targeted: 120, invited: 110, came: 64, cards: 30, notCome: 46 }))).toBe(120);
    expect(outcomeAxis(outcome({ targeted: 10, came: 7, turnedAway: { total: 14, byReason: { NOT_ON_LIST: 14 } } }))).toBe(14);
    expect(outcomeAxis(outcome({}))).toBe(0);
  });

  it("names a category from its own data in the page's language", () => {
    const label = { en: 'Ayushman Vay Vandana: 70 or older', hi: 'आयुष्मान वय वंदना: 70 या अधिक आयु' };
    expect(categoryName(label, 'hi')).toBe(label.hi);
    expect(categoryName(label, 'en')).toBe(label.en);
  });
});
