import { describe, expect, it } from 'vitest';
import {
  ageingBucketOf,
  funnelOf,
  gapReasonOf,
  indianDay,
  progressKeyOf,
  progressMoves,
  type Place,
} from '../../functions/core/progress.js';

const mal: Place = { district: 'Lucknow', block: 'Mal', village: 'Rahimabad', ddoCode: 'DDO-1' };

describe('progress keys', () => {
  it('keeps the day a case started waiting for approval across escalations, and starts again after a return', () => {
    const first = progressKeyOf('PENDING_APPROVAL', { previousKey: 'EKYC_VERIFIED', day: '2026-11-20' });
    expect(first).toBe('PENDING_APPROVAL@2026-11-20');
    expect(progressKeyOf('PENDING_APPROVAL', { previousKey: first, day: '2026-11-23' })).toBe(first);
    expect(progressKeyOf('PENDING_APPROVAL', { previousKey: 'RETURNED_FOR_CORRECTION', day: '2026-11-23' })).toBe(
      'PENDING_APPROVAL@2026-11-23',
    );
  });

  it('carries the reason where admins act on it, and how far an expired registration got', () => {
    expect(progressKeyOf('EKYC_BLOCKED', { reasonCode: 'EKYC_MOBILE_NOT_LINKED', day: '2026-11-20' })).toBe(
      'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED',
    );
    expect(progressKeyOf('REJECTED', { reasonCode: 'NOT_AN_EMPLOYEE', day: '2026-11-20' })).toBe('REJECTED:NOT_AN_EMPLOYEE');
    expect(progressKeyOf('EXPIRED', { previousStatus: 'EKYC_PENDING', day: '2026-11-20' })).toBe('EXPIRED:EKYC_PENDING');
    expect(progressKeyOf('MOBILE_VERIFIED', { reasonCode: 'IGNORED', day: '2026-11-20' })).toBe('MOBILE_VERIFIED');
  });

  it('names the day in India: 20:00 UTC is already tomorrow in Lucknow', () => {
    expect(indianDay(Date.parse('2026-11-23T18:29:59Z'))).toBe('2026-11-23');
    expect(indianDay(Date.parse('2026-11-23T18:30:00Z'))).toBe('2026-11-24');
  });
});

describe('progress moves', () => {
  it("moves a count in every slot of the place, and the day's net change in the block", () => {
    const moves = progressMoves({ key: 'STARTED', place: mal }, { key: 'MOBILE_OTP_SENT', place: mal });
    expect(moves.counts).toEqual([
      { slot: 'block#Mal', deltas: { STARTED: -1, MOBILE_OTP_SENT: 1 } },
      { slot: 'village#Mal / Rahimabad', deltas: { STARTED: -1, MOBILE_OTP_SENT: 1 } },
      { slot: 'ddo#DDO-1', deltas: { STARTED: -1, MOBILE_OTP_SENT: 1 } },
    ]);
    expect(moves.day).toEqual([{ slot: 'block#Mal', deltas: { STARTED: -1, MOBILE_OTP_SENT: 1 } }]);
  });

  it('counts a first registration once, in a block named "-" when the roster gives none', () => {
    const moves = progressMoves(undefined, { key: 'STARTED', place: { district: 'Lucknow', department: 'Education' } });
    expect(moves.counts).toEqual([
      { slot: 'block#-', deltas: { STARTED: 1 } },
      { slot: 'department#Education', deltas: { STARTED: 1 } },
    ]);
  });

  it('changes only the slots that differ when a case moves to another DDO, and nothing when nothing moves', () => {
    const moves = progressMoves(
      { key: 'PENDING_APPROVAL@2026-11-20', place: mal },
      { key: 'PENDING_APPROVAL@2026-11-20', place: { ...mal, ddoCode: 'DDO-2' } },
    );
    expect(moves.counts).toEqual([
      { slot: 'ddo#DDO-1', deltas: { 'PENDING_APPROVAL@2026-11-20': -1 } },
      { slot: 'ddo#DDO-2', deltas: { 'PENDING_APPROVAL@2026-11-20': 1 } },
    ]);
    expect(progressMoves({ key: 'STARTED', place: mal }, { key: 'STARTED', place: mal })).toEqual({ counts: [], day: [] });
  });
});

describe('the funnel', () => {
  it('derives every figure from the counts of one place and its eligible population', () => {
    const funnel = funnelOf(
      {
        STARTED: 2,
        MOBILE_VERIFIED: 1,
        'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED': 3,
        'EKYC_BLOCKED:EKYC_BIOMETRICS_LOCKED': 1,
        'PENDING_APPROVAL@2026-11-23': 4,
        'PENDING_APPROVAL@2026-11-10': 2,
        'REJECTED:NOT_AN_EMPLOYEE': 1,
        'EXPIRED:EKYC_PENDING': 1,
        CARD_ISSUED: 5,
        APPROVED: 0,
      },
      40,
      '2026-11-24',
    );
    expect(funnel).toEqual({
      eligible: 40,
      started: 20,
      mobileVerified: 1 + 3 + 1 + 4 + 2 + 1 + 1 + 5,
      ekycDone: 4 + 2 + 1 + 5,
      pendingApproval: 6,
      pendingByAge: { '0-1 days': 4, '2-3 days': 0, '4-7 days': 0, 'over 7 days': 2 },
      issued: 5,
      blocked: { 'aadhaar-mobile-not-linked': 3, 'aadhaar-update-needed': 1, rejected: 1, abandoned: 1 },
      gap: {
        'not-started': 20,
        'mobile-unverified': 2,
        'ekyc-in-progress': 1,
        'aadhaar-mobile-not-linked': 3,
        'aadhaar-update-needed': 1,
        'awaiting-approval': 6,
        rejected: 1,
        abandoned: 1,
      },
      saturationPercent: 12.5,
    });
  });

  it('has no saturation where nobody is eligible, and never a negative not-started', () => {
    const funnel = funnelOf({ CARD_ISSUED: 3 }, 0, '2026-11-24');
    expect(funnel.saturationPercent).toBeNull();
    expect(funnel.gap).toEqual({});
  });

  it('ages pending cases in whole Indian days', () => {
    expect(ageingBucketOf('2026-11-23', '2026-11-24')).toBe('0-1 days');
    expect(ageingBucketOf('2026-11-21', '2026-11-24')).toBe('2-3 days');
    expect(ageingBucketOf('2026-11-17', '2026-11-24')).toBe('4-7 days');
    expect(ageingBucketOf('2026-11-16', '2026-11-24')).toBe('over 7 days');
  });

  it('gives every status a gap reason, and only an issued card none', () => {
    expect(gapReasonOf('CARD_ISSUED')).toBe('carded');
    expect(gapReasonOf('EKYC_BLOCKED:EKYC_INVALID_AADHAAR')).toBe('ekyc-failing');
    expect(gapReasonOf('EKYC_PROVIDER_UNAVAILABLE')).toBe('ekyc-failing');
    expect(gapReasonOf('MOBILE_OTP_LOCKED')).toBe('mobile-unverified');
    expect(gapReasonOf('RETURNED_FOR_CORRECTION')).toBe('returned-for-correction');
    expect(gapReasonOf('MIGRATED')).toBe('migrated');
  });

  it('counts a card whose SMS has not gone as not issued, and a stopped registration as far as it got, under reasons of their own', () => {
    // Ten eligible: 3 carded and told; 2 cards made whose SMS failed; 1 stopped while waiting for its DDO, 1 stopped
    // before its mobile was verified; 3 not started.
    const funnel = funnelOf(
      { CARD_ISSUED: 3, CARD_MADE: 2, 'STOPPED:PENDING_APPROVAL': 1, 'STOPPED:MOBILE_OTP_SENT': 1 },
      10,
      '2026-11-24',
    );
    expect(funnel).toEqual({
      eligible: 10,
      started: 7,
      mobileVerified: 6,
      ekycDone: 6,
      pendingApproval: 0,
      pendingByAge: { '0-1 days': 0, '2-3 days': 0, '4-7 days': 0, 'over 7 days': 0 },
      issued: 3,
      blocked: { 'card-not-delivered': 2, stopped: 2 },
      gap: { 'not-started': 3, 'card-not-delivered': 2, stopped: 2 },
      saturationPercent: 30,
    });
    expect(
      progressKeyOf('STOPPED', { previousStatus: 'PENDING_APPROVAL', previousKey: 'PENDING_APPROVAL@2026-11-20', day: '2026-11-24' }),
    ).toBe('STOPPED:PENDING_APPROVAL');
  });
});
