// The trend's arithmetic on figures worked out by hand: five people over four days, each move written down as the
// stream aggregator records it (the running counts now, and each day's net change per progress key), and the
// outlook of the issue's example (293 people short, 59 days to go).
import { describe, expect, it } from 'vitest';
import { blocksBehindOf, outlookOf, paceCardsOf, targetCardsOf, trendOf } from '../../functions/core/trend.js';

describe('the trend per day', () => {
  // 28 Nov: A, B and C start. 29 Nov: A waits for approval, D starts. 30 Nov: A gets a card, B waits.
  // 1 Dec (today): C waits, E starts. Nothing on 27 Nov.
  const current = { CARD_ISSUED: 1, 'PENDING_APPROVAL@2026-11-30': 1, 'PENDING_APPROVAL@2026-12-01': 1, STARTED: 2 };
  const changes: { day: string; counts: Record<string, number> }[] = [
    { day: '2026-11-27', counts: {} },
    { day: '2026-11-28', counts: { STARTED: 3 } },
    { day: '2026-11-29', counts: { 'PENDING_APPROVAL@2026-11-29': 1 } },
    {
      day: '2026-11-30',
      counts: { 'PENDING_APPROVAL@2026-11-29': -1, CARD_ISSUED: 1, STARTED: -1, 'PENDING_APPROVAL@2026-11-30': 1 },
    },
    { day: '2026-12-01', counts: { 'PENDING_APPROVAL@2026-12-01': 1 } },
  ];

  it('gives cards, starts and the backlog at the end of each day, oldest first', () => {
    expect(trendOf(current, changes)).toEqual([
      { day: '2026-11-27', cardsIssued: 0, started: 0, pending: 0 },
      { day: '2026-11-28', cardsIssued: 0, started: 3, pending: 0 },
      { day: '2026-11-29', cardsIssued: 0, started: 1, pending: 1 },
      { day: '2026-11-30', cardsIssued: 1, started: 0, pending: 1 },
      { day: '2026-12-01', cardsIssued: 0, started: 1, pending: 2 },
    ]);
  });

  it('takes the pace over the seven days ending with the last complete one, a missing day as none', () => {
    const days = [
      { day: '2026-11-24', cardsIssued: 50 },
      { day: '2026-11-25', cardsIssued: 7 },
      { day: '2026-11-28', cardsIssued: 7 },
      { day: '2026-12-01', cardsIssued: 7 },
      { day: '2026-12-02', cardsIssued: 40 },
    ];
    // 25 Nov to 1 Dec: 21 cards in 7 days; 26 Nov to 2 Dec: 54.
    expect(paceCardsOf(days, '2026-12-01')).toBe(21);
    expect(paceCardsOf(days, '2026-12-02')).toBe(54);
  });
});

describe('the outlook against a target', () => {
  it('293 short with 59 days to go needs 5 a day; at 4 a day the target comes on 15 February', () => {
    const outlook = outlookOf({
      eligible: 1000,
      carded: 507,
      target: { targetCards: targetCardsOf(1000, 80), endsOn: '2027-01-31' },
      paceCards: 28,
      lastDay: '2026-12-03',
      countedOn: '2026-12-04',
    });
    // 4 Dec to 31 Jan is 28 + 31 days; 293 / 59 = 4.97; 28 cards in 7 days is 4 a day: 293 / 4 = 73.25, so the 74th day from 4 Dec.
    expect(outlook).toEqual({ daysLeft: 59, neededPerDay: 5, achievedPerDay: 4, projectedSaturationOn: '2027-02-15' });
  });

  it('has no projection at no pace, needs nothing once reached, and cannot need a rate after the end date', () => {
    const base = { eligible: 10, lastDay: '2026-12-03', countedOn: '2026-12-04' };
    expect(outlookOf({ ...base, carded: 2, target: { targetCards: 9, endsOn: '2026-12-10' }, paceCards: 0 })).toEqual({
      daysLeft: 7,
      neededPerDay: 1,
      achievedPerDay: 0,
      projectedSaturationOn: null,
    });
    expect(outlookOf({ ...base, carded: 9, target: { targetCards: 9, endsOn: '2026-12-10' }, paceCards: 7 })).toMatchObject({
      neededPerDay: 0,
      projectedSaturationOn: '2026-12-04',
    });
    expect(outlookOf({ ...base, carded: 2, target: { targetCards: 9, endsOn: '2026-12-01' }, paceCards: 14 })).toEqual({
      daysLeft: 0,
      neededPerDay: null,
      achievedPerDay: 2,
      // 8 to go at 2 a day: 4, 5, 6 and 7 December.
      projectedSaturationOn: '2026-12-07',
    });
    // Without a target: no days left nor rate needed; the projection is to every eligible person.
    expect(outlookOf({ ...base, carded: 4, target: null, paceCards: 21 })).toEqual({
      daysLeft: null,
      neededPerDay: null,
      achievedPerDay: 3,
      projectedSaturationOn: '2026-12-05',
    });
  });

  it('rounds a target up to whole people', () => {
    expect(targetCardsOf(333, 90)).toBe(300);
    expect(targetCardsOf(1000, 80)).toBe(800);
    expect(targetCardsOf(7, 100)).toBe(7);
    expect(targetCardsOf(3, 1)).toBe(1);
  });

  it('orders blocks by the cards they are short of their own target', () => {
    const blocks = blocksBehindOf([
      { district: 'Lucknow', block: 'Mal', eligible: 40, carded: 30, saturationPercent: 90 },
      { district: 'Lucknow', block: 'Bakshi Ka Talab', eligible: 100, carded: 20, saturationPercent: 50 },
      { district: 'Lucknow', block: 'Kakori', eligible: 10, carded: 10, saturationPercent: 100 },
    ]);
    expect(blocks.map((block) => [block.block, block.targetCards, block.behindBy])).toEqual([
      ['Bakshi Ka Talab', 50, 30],
      ['Mal', 36, 6],
      ['Kakori', 10, 0],
    ]);
  });

  it('shows the pace to one decimal and projects from the whole cards, not the rounded rate', () => {
    // 4 cards in 7 days (0.571… a day, shown 0.6) and 6 to go: 6 x 7 / 4 = 10.5, so the 11th day; at 0.6 it would be the 10th.
    expect(
      outlookOf({
        eligible: 20,
        carded: 4,
        target: { targetCards: 10, endsOn: '2026-12-31' },
        paceCards: 4,
        lastDay: '2026-12-03',
        countedOn: '2026-12-03',
      }),
    ).toMatchObject({ achievedPerDay: 0.6, projectedSaturationOn: '2026-12-14' });
    expect(
      outlookOf({ eligible: 10, carded: 0, target: null, paceCards: 54, lastDay: '2026-12-03', countedOn: '2026-12-03' }).achievedPerDay,
    ).toBe(7.7);
  });
});
