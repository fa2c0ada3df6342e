// How long an e-KYC photo is kept, and why (SECURITY.md, "e-KYC photos"). Pure: the photo sweep
// (core/use-cases/photos.ts) applies it, and the card bucket's lifecycle rule on AWS is its backstop (infra/stack.ts):
// - until the card is made, and `afterCardSeconds` more, so a retried IssueCard or a reprint can render it again;
// - a case that closes without a card (rejected, a duplicate, not eligible, expired, ...) loses it at the next look;
// - an open case keeps it at most `maxSeconds` from its e-KYC (a new e-KYC brings a new photo);
// - an open case's photo is looked at every `reviewEverySeconds`, so a rejection deletes it within that.
import type { Registration } from '../ports/registry.js';
import { terminalStatuses } from './registration.js';

export const photoRetention = {
  afterCardSeconds: 7 * 86_400,
  maxSeconds: 90 * 86_400,
  reviewEverySeconds: 6 * 3600,
  /** How long a link handed to an approver works: long enough to open a case, too short to pass around. */
  linkSeconds: 5 * 60,
} as const;

export type PhotoRetention = typeof photoRetention;

/** When a photo is to be deleted (epoch ms), and whether that date can still move (the case is open). */
export const photoDeleteAt = (
  registration: Registration | undefined,
  now: number,
  retention: Record<keyof PhotoRetention, number> = photoRetention,
): { at: number; settled: boolean } => {
  if (registration?.ekyc === undefined) return { at: now, settled: true };
  const card = registration.card;
  if (card !== undefined && card.pdfKey !== '') return { at: Date.parse(card.issuedAt) + retention.afterCardSeconds * 1000, settled: true };
  if (terminalStatuses.has(registration.status)) return { at: now, settled: true };
  return { at: Date.parse(registration.ekyc.verifiedAt) + retention.maxSeconds * 1000, settled: false };
};
