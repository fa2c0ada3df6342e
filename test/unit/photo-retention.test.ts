// How long an e-KYC photo is kept (SECURITY.md, "e-KYC photos"): a week after its card is made, no longer than its
// case stays open without one, 90 days at most. The dates below are the policy's, written out by hand.
import { describe, expect, it } from 'vitest';
import { photoDeleteAt } from '../../functions/core/photos.js';
import type { Registration } from '../../functions/ports/registry.js';

const now = Date.parse('2026-12-04T10:00:00Z');
const verified = {
  ekyc: {
    mode: 'otp',
    name: 'Ramesh Kumar Yadav',
    yearOfBirth: 1978,
    gender: 'M',
    verifiedAt: '2026-11-01T09:00:00Z',
    photoKey: 'photos/r1',
  },
} as const;
const registration = (fields: Partial<Registration>): Registration =>
  ({ ...verified, status: 'PENDING_APPROVAL', ...fields }) as Registration;

describe('when an e-KYC photo is deleted', () => {
  it('a week after its card is made (the PDF stored): a retried IssueCard or a reprint can still render it', () => {
    const card = { cardNumber: 'UPS-LUC-0000001', issuedAt: '2026-12-01T08:00:00Z', pdfKey: 'cards/ups/x.pdf', validUntil: '2031-11-30' };
    expect(photoDeleteAt(registration({ status: 'CARD_ISSUED', card }), now)).toEqual({
      at: Date.parse('2026-12-08T08:00:00Z'),
      settled: true,
    });
    expect(photoDeleteAt(registration({ status: 'CARD_MADE', card }), now).at).toBe(Date.parse('2026-12-08T08:00:00Z'));
  });

  it('at once when the case ends without a card: rejected, a duplicate, not eligible, expired', () => {
    for (const status of ['REJECTED', 'DUPLICATE', 'NOT_ELIGIBLE', 'EXPIRED'] as const)
      expect(photoDeleteAt(registration({ status }), now), status).toEqual({ at: now, settled: true });
    expect(photoDeleteAt(undefined, now)).toEqual({ at: now, settled: true });
  });

  it('90 days after its e-KYC while the case is open, a card number reserved but no PDF yet included', () => {
    const open = { at: Date.parse('2027-01-30T09:00:00Z'), settled: false };
    expect(photoDeleteAt(registration({ status: 'PENDING_APPROVAL' }), now)).toEqual(open);
    expect(photoDeleteAt(registration({ status: 'RETURNED_FOR_CORRECTION' }), now)).toEqual(open);
    const reserved = { cardNumber: 'UPS-LUC-0000002', issuedAt: '2026-12-04T09:59:00Z', pdfKey: '', validUntil: '2031-12-03' };
    expect(photoDeleteAt(registration({ status: 'APPROVED', card: reserved }), now)).toEqual(open);
  });
});
