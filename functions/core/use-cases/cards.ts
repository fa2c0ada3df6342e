// Reading an issued card (metadata and a short-lived download link), checking a card's QR code or its number,
// the published card keys with their signing periods, revoking and reinstating a card, and the signed list of
// revoked cards (docs/card.md).
import { isWellFormedCardNumber, verifyCardQr, type PublishedCardKey } from '../card.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { encodeRevocations, type RevocationReasonCode } from '../revocations.js';
import { maskName } from '../names.js';
import { signRevocationList, type CardSigner } from '../../ports/card-signer.js';
import type { CardKeyLedger } from '../../ports/card-keys.js';
import type { Cards, IssuedCard } from '../../ports/cards.js';
import type { CardFiles } from '../../ports/files.js';
import type { Registration } from '../../ports/registry.js';
import { canSeeRegistration } from './access.js';
import type { CoreDeps } from './deps.js';

export interface CardDeps extends CoreDeps {
  readonly cards: Pick<Cards, 'getCard' | 'revokeCard' | 'reinstateCard' | 'revokedCards'>;
  readonly files: CardFiles;
  readonly signer: CardSigner;
  readonly cardKeys: Pick<CardKeyLedger, 'signedKeys'>;
}

/** The card's state as the API shows it on the card and on its registration. */
export const cardStateOf = (revocation: { readonly reasonCode: RevocationReasonCode; readonly revokedAt: string } | undefined) =>
  revocation === undefined
    ? { status: 'VALID' as const }
    : { status: 'REVOKED' as const, revokedAt: revocation.revokedAt, reasonCode: revocation.reasonCode };

const notFound = () => new NotFoundError({ code: 'CARD_NOT_FOUND', message: 'No such card.' });

export const getCard = async (deps: CardDeps, cardNumber: string, caller: Caller) => {
  const card = await deps.cards.getCard(cardNumber);
  const registration = card === undefined ? undefined : await deps.registry.getRegistration(card.registrationId);
  if (card === undefined || registration === undefined || !canSeeRegistration(caller, registration)) throw notFound();
  return {
    cardNumber: card.cardNumber,
    scheme: card.scheme,
    registrationId: card.registrationId,
    issuedAt: card.issuedAt,
    validUntil: card.validUntil,
    downloadUrl: await deps.files.downloadUrl(card.pdfKey, 300),
    ...(card.qrText === undefined ? {} : { qr: card.qrText }),
    card: cardStateOf(card.revocation),
  };
};

// ---------------------------------------------------------------------------------------------------------------
// Keys

/**
 * The keys a verifier needs to check QR codes offline: every key that signed a card still valid, from the keys'
 * ledger, each with the period it signed in (`validFrom`: the earliest `issuedAt` it signed; `retiredAt`: the
 * latest, once another key signs), and the key signing now (no `retiredAt`) even before its first card.
 */
export const publicKeys = async (deps: Pick<CardDeps, 'signer' | 'cardKeys' | 'clock'>): Promise<{ keys: PublishedCardKey[] }> => {
  const [current, signed] = await Promise.all([deps.signer.publicJwk(), deps.cardKeys.signedKeys()]);
  const now = new Date(deps.clock.now());
  const today = now.toISOString().slice(0, 10);
  const publicPart = (jwk: PublishedCardKey) => ({
    kty: jwk.kty,
    crv: jwk.crv,
    x: jwk.x,
    y: jwk.y,
    kid: jwk.kid,
    alg: 'ES256',
    use: 'sig',
  });
  // Signing now: this container's key, and the newest key in the ledger (a container that has not signed since
  // the KMS alias moved still holds the old key; it must not retire the new one).
  const newest = signed.reduce<(typeof signed)[number] | undefined>(
    (latest, key) => (latest === undefined || key.firstIssuedAt > latest.firstIssuedAt ? key : latest),
    undefined,
  );
  const signingNow = (kid: string | undefined) => kid === current.kid || kid === newest?.jwk.kid;
  const keys: PublishedCardKey[] = signed
    .filter((key) => signingNow(key.jwk.kid) || key.lastValidUntil >= today)
    .sort((a, b) => a.firstIssuedAt.localeCompare(b.firstIssuedAt))
    .map((key) => ({
      ...publicPart(key.jwk),
      validFrom: key.firstIssuedAt,
      ...(signingNow(key.jwk.kid) ? {} : { retiredAt: key.lastIssuedAt }),
    }));
  if (!keys.some((key) => key.kid === current.kid)) keys.push({ ...publicPart(current), validFrom: now.toISOString() });
  return { keys };
};

// ---------------------------------------------------------------------------------------------------------------
// Checking a card

export const verifyCard = async (deps: Pick<CardDeps, 'signer' | 'cardKeys' | 'clock' | 'cards'>, qr: string, now: number) => {
  const result = await verifyCardQr(qr, (await publicKeys(deps)).keys, new Date(now));
  if (!result.valid) return { valid: false, reason: result.reason };
  const revocation = (await deps.cards.getCard(result.claims.cardNumber))?.revocation;
  if (revocation !== undefined) return { valid: false, reason: 'REVOKED', revokedReason: revocation.reasonCode, claims: result.claims };
  return { valid: true, claims: result.claims };
};

const endOfIndianDay = (isoDay: string) => Date.parse(`${isoDay}T00:00:00+05:30`) + 86_400_000;

/** The online check of a typed card number (a QR too damaged to read): its state and the few fields to match the person. */
export const cardStatus = async (deps: Pick<CardDeps, 'cards' | 'registry' | 'clock'>, cardNumber: string) => {
  if (!isWellFormedCardNumber(cardNumber)) {
    throw new ValidationError({
      code: 'CARD_NUMBER_MALFORMED',
      message: 'That is not a card number: check each character (e.g. UPS-LKO-00001234-7; the last one is a check character).',
    });
  }
  const card = await deps.cards.getCard(cardNumber);
  const registration = card === undefined ? undefined : await deps.registry.getRegistration(card.registrationId);
  if (card === undefined || registration === undefined || !issued(registration)) throw notFound();
  const person = registration.ekyc;
  const status: 'REVOKED' | 'EXPIRED' | 'VALID' =
    card.revocation !== undefined ? 'REVOKED' : deps.clock.now() >= endOfIndianDay(card.validUntil) ? 'EXPIRED' : 'VALID';
  return {
    cardNumber: card.cardNumber,
    status,
    scheme: card.scheme,
    validUntil: card.validUntil,
    ...(person === undefined ? {} : { nameMasked: maskName(person.name), yearOfBirth: person.yearOfBirth }),
    ...(card.revocation === undefined ? {} : { revokedReason: card.revocation.reasonCode }),
  };
};

/** A card is out once made; before, its number is only reserved. */
const issued = (registration: Registration) =>
  registration.status === 'CARD_MADE' || registration.status === 'CARD_ISSUED' || registration.cardRevocation !== undefined;

// ---------------------------------------------------------------------------------------------------------------
// Revocation (state admins)

const cardView = (card: IssuedCard) => ({
  cardNumber: card.cardNumber,
  registrationId: card.registrationId,
  card: cardStateOf(card.revocation),
});

const registrationOf = async (deps: Pick<CardDeps, 'cards' | 'registry'>, cardNumber: string) => {
  const card = await deps.cards.getCard(cardNumber);
  const registration = card === undefined ? undefined : await deps.registry.getRegistration(card.registrationId);
  if (card === undefined || registration === undefined) throw notFound();
  return registration;
};

export const revokeCard = async (
  deps: Pick<CardDeps, 'cards' | 'registry' | 'clock'>,
  cardNumber: string,
  request: { reasonCode: RevocationReasonCode; note?: string | undefined },
  caller: Caller,
) => {
  const registration = await registrationOf(deps, cardNumber);
  const { card } = await deps.cards.revokeCard(
    cardNumber,
    {
      reasonCode: request.reasonCode,
      revokedAt: new Date(deps.clock.now()).toISOString(),
      by: caller.subject,
      ...(request.note === undefined ? {} : { note: request.note }),
    },
    { actor: { id: caller.subject, role: 'state-admin' }, registrationStatus: registration.status, ...noteOf(request.note) },
  );
  revocationListCache.delete(deps.cards);
  return cardView(card);
};

export const reinstateCard = async (
  deps: Pick<CardDeps, 'cards' | 'registry' | 'clock'>,
  cardNumber: string,
  request: { note?: string | undefined },
  caller: Caller,
) => {
  const registration = await registrationOf(deps, cardNumber);
  const { card } = await deps.cards.reinstateCard(cardNumber, {
    actor: { id: caller.subject, role: 'state-admin' },
    registrationStatus: registration.status,
    ...noteOf(request.note),
  });
  revocationListCache.delete(deps.cards);
  return cardView(card);
};

const noteOf = (note: string | undefined) => (note === undefined ? {} : { note });

// ---------------------------------------------------------------------------------------------------------------
// The signed list

/**
 * How long a container keeps the list it signed: every request would otherwise read every revoked card and
 * call KMS. A revocation made in the same container drops it at once; others catch up within this time.
 */
export const revocationListMaxAgeMs = 60_000;

const revocationListCache = new WeakMap<object, { list: string; madeAt: number }>();

export const revocationList = async (deps: Pick<CardDeps, 'cards' | 'signer' | 'clock'>): Promise<{ list: string }> => {
  const now = deps.clock.now();
  const cached = revocationListCache.get(deps.cards);
  if (cached !== undefined && now - cached.madeAt < revocationListMaxAgeMs) return { list: cached.list };
  const list = await signRevocationList(encodeRevocations(await deps.cards.revokedCards(), new Date(now)), deps.signer);
  revocationListCache.set(deps.cards, { list, madeAt: now });
  return { list };
};
