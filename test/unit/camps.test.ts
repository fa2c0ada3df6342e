// The rules a camp is held to (core/camps.ts), on a small camp described in words: who is in a catchment, when a
// camp is open, which plans are refused, and the outcome of a day at the camp. Expected figures are counted by
// hand from the scenario below, not by the functions under test.
import { describe, expect, it } from 'vitest';
import {
  campDatesProblem,
  campOutcome,
  campStatusOn,
  inCatchment,
  inState,
  matchesSearch,
  type CampTarget,
} from '../../functions/core/camps.js';

const person = (personKey: string, fields: Partial<CampTarget> = {}): CampTarget => ({
  personKey,
  rosterType: 'ration-card-families',
  block: 'Mal',
  onList: true,
  ...fields,
});

describe('a camp', () => {
  it('takes in anyone a list of its catchment names, in either case or spacing, and nobody else', () => {
    const catchment = { villages: ['Nagwa'], departments: ['Basic Education'], ddoCodes: ['DDO-LKO-0001'] };
    expect(inCatchment({ village: ' nagwa ' }, catchment)).toBe(true);
    expect(inCatchment({ village: 'Atari', department: 'basic education' }, catchment)).toBe(true);
    expect(inCatchment({ ddoCode: 'DDO-LKO-0001' }, catchment)).toBe(true);
    expect(inCatchment({ village: 'Atari', ddoCode: 'DDO-LKO-0002' }, catchment)).toBe(false);
    // A ration shop list matches only rosters that give a shop.
    expect(inCatchment({ village: 'Atari' }, { rationShops: ['FPS 1042'] })).toBe(false);
    expect(inCatchment({ rationShop: 'FPS 1042' }, { rationShops: ['FPS 1042'] })).toBe(true);
  });

  it('is planned before its first day, open through its last (IST), closed after', () => {
    const camp = { startsOn: '2026-12-10', endsOn: '2026-12-11' };
    expect(['2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12'].map((day) => campStatusOn(camp, day))).toEqual([
      'PLANNED',
      'OPEN',
      'OPEN',
      'CLOSED',
    ]);
  });

  it('refuses days the wrong way round, hours the wrong way round, and days outside the campaign', () => {
    const campaign = { startDate: '2026-11-01', endDate: '2026-12-31' };
    const sound = { startsOn: '2026-12-10', endsOn: '2026-12-10', opensAt: '09:00', closesAt: '17:00' };
    expect(campDatesProblem(sound, campaign)).toBeUndefined();
    expect(campDatesProblem({ ...sound, endsOn: '2026-12-09' }, campaign)).toMatch(/ends .* before it starts/);
    expect(campDatesProblem({ ...sound, closesAt: '08:30' }, campaign)).toMatch(/closes .* before it opens/);
    expect(campDatesProblem({ ...sound, endsOn: '2027-01-02' }, campaign)).toMatch(/within the campaign/);
  });

  it("counts a day's outcome: who came, who was turned away and why, who did not come, and the registrations' figures", () => {
    // Five on the list, four invited. Asha checked in and registered (carded), Bhola registered without checking in
    // (e-KYC blocked: mobile not linked), Chand was invited and stayed home, Dev was turned away (no Aadhaar),
    // Esha was never invited; Farid was not on the list and was turned away.
    const at = '2026-12-10T05:00:00.000Z';
    const targets = [
      person('rc:A:01', { invitedAt: at, checkedInAt: at, registrationId: 'r-a' }),
      person('rc:B:01', { invitedAt: at, registrationId: 'r-b' }),
      person('rc:C:01', { invitedAt: at }),
      person('rc:D:01', { invitedAt: at, turnedAway: { reasonCode: 'NO_AADHAAR', at, by: 'op' } }),
      person('rc:E:01'),
      person('rc:F:01', { onList: false, turnedAway: { reasonCode: 'NOT_ON_LIST', at, by: 'op' } }),
    ];
    const outcome = campOutcome(targets, ['CARD_ISSUED', 'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED'], at, '2026-12-10');
    expect(outcome).toEqual({
      asOf: at,
      targeted: 5,
      invited: 4,
      came: 2,
      turnedAway: { total: 2, byReason: { NO_AADHAAR: 1, NOT_ON_LIST: 1 } },
      started: 2,
      ekycDone: 1,
      blocked: { total: 1, byReason: { 'aadhaar-mobile-not-linked': 1 } },
      cards: 1,
      notCome: 1,
    });
    expect(targets.filter((target) => inState(target, 'not-come')).map((target) => target.personKey)).toEqual(['rc:C:01']);
    expect(targets.filter((target) => inState(target, 'not-invited')).map((target) => target.personKey)).toEqual(['rc:E:01']);
  });

  it('finds a person at the desk by any part of their name, card or employee id', () => {
    const asha = person('rc:UP1234:01', { name: 'Asha Devi', nameLocal: 'आशा देवी', rationCardNumber: 'UP1234' });
    expect(['asha', 'आशा', 'up12', 'DEVI'].map((q) => matchesSearch(asha, q))).toEqual([true, true, true, true]);
    expect(matchesSearch(asha, 'Bhola')).toBe(false);
  });
});
