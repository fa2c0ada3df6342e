// Reading an issued card (metadata and a short-lived download link) and checking a card's QR code.
import { verifyCardQr } from '../card.js';
import { NotFoundError } from '../errors.js';
import type { Caller } from '../identity.js';
import type { CardSigner } from '../../ports/card-signer.js';
import type { Cards } from '../../ports/cards.js';
import type { CardFiles } from '../../ports/files.js';
import { canSeeRegistration } from './access.js';
import type { CoreDeps } from './deps.js';

export interface CardDeps extends CoreDeps {
  readonly cards: Pick<Cards, 'getCard'>;
  readonly files: CardFiles;
  readonly signer: CardSigner;
}

export const getCard = async (deps: CardDeps, cardNumber: string, caller: Caller) => {
  const card = await deps.cards.getCard(cardNumber);
  const registration = card === undefined ? undefined : await deps.registry.getRegistration(card.registrationId);
  if (card === undefined || registration === undefined || !canSeeRegistration(caller, registration)) {
    throw new NotFoundError({ code: 'CARD_NOT_FOUND', message: 'No such card.' });
  }
  return {
    cardNumber: card.cardNumber,
    scheme: card.scheme,
    registrationId: card.registrationId,
    issuedAt: card.issuedAt,
    validUntil: card.validUntil,
    downloadUrl: await deps.files.downloadUrl(card.pdfKey, 300),
    ...(card.qrText === undefined ? {} : { qr: card.qrText }),
  };
};

/** The keys a verifier app needs to check QR codes offline. */
export const publicKeys = async (deps: Pick<CardDeps, 'signer'>) => ({ keys: [await deps.signer.publicJwk()] });

export const verifyCard = async (deps: Pick<CardDeps, 'signer'>, qr: string, now: number) => {
  const result = await verifyCardQr(qr, (await publicKeys(deps)).keys, new Date(now));
  return result.valid ? { valid: true, claims: result.claims } : { valid: false, reason: result.reason };
};
