// IssueCard: a card number, the signed QR, the PDF in S3, and an SMS with a download link. Idempotent: a retried
// task reuses the number and files an earlier attempt made, and only does what is left. The card made and stored
// is CARD_MADE; it is CARD_ISSUED only once the gateway has taken the SMS, so a card whose SMS failed (the
// execution failed, waiting for a redrive) is neither shown nor counted as issued.
import { formatCardNumber, type CardClaims } from '../card.js';
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { ConflictError, ProviderUnavailableError, RefusedError } from '../errors.js';
import { familyIdOf } from '../person.js';
import { findScheme } from '../schemes.js';
import type { CardSigner } from '../../ports/card-signer.js';
import type { CardKeyLedger } from '../../ports/card-keys.js';
import type { Cards } from '../../ports/cards.js';
import type { CardFiles } from '../../ports/files.js';
import type { Photos } from '../../ports/photos.js';
import type { SmsSender } from '../../ports/sms.js';
import type { Registration } from '../../ports/registry.js';
import type { Sequences } from '../../ports/sequences.js';
import type { UniquenessClaims } from '../../ports/uniqueness-claims.js';
import { systemActor, type CoreDeps } from './deps.js';

export interface IssueCardDeps extends CoreDeps {
  readonly cards: Pick<Cards, 'issueCard' | 'holdCardSms' | 'releaseCardSms'>;
  readonly sequences: Sequences;
  readonly claims: Pick<UniquenessClaims, 'recordCardOnClaim'>;
  readonly files: CardFiles;
  /** The e-KYC photo printed on the card, opened from its sealed form. */
  readonly photos: Pick<Photos, 'get'>;
  readonly signer: CardSigner;
  /** Where each signing key's span of cards is kept: the published keys and their periods come from it. */
  readonly cardKeys: Pick<CardKeyLedger, 'recordSigning'>;
  readonly sms: SmsSender;
  readonly signCard: (claims: CardClaims, signer: CardSigner) => Promise<string>;
  readonly renderPdf: (input: {
    claims: CardClaims;
    qrText: string;
    photo?: { contentType: 'image/png' | 'image/jpeg'; bytes: Uint8Array };
    schemeTitle: { en: string; hi: string };
  }) => Promise<Uint8Array>;
  /** How long the SMS download link works. */
  readonly linkSeconds: number;
}

/** Three-letter district codes for card numbers; others take their first three letters. */
const districtCode = (district: string) =>
  district
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase()
    .padEnd(3, 'X');

const addYears = (iso: string, years: number) => {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
};

export const issueCard = async (deps: IssueCardDeps, registrationId: string, read?: Registration): Promise<{ cardNumber: string }> => {
  let registration = read ?? (await deps.registry.getRegistration(registrationId));
  if (registration === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  if (registration.status === 'CARD_ISSUED' && registration.card !== undefined) return { cardNumber: registration.card.cardNumber };
  if (registration.status === 'CARD_MADE' && registration.card !== undefined) {
    // A retry or a redrive after the card was made: only the SMS is missing.
    await notify(deps, registration, registration.card.cardNumber, registration.card.pdfKey);
    return { cardNumber: registration.card.cardNumber };
  }
  if (registration.status !== 'APPROVED' || registration.ekyc === undefined || registration.aadhaarLast4 === undefined) {
    throw new RefusedError({ code: 'INVALID_STATUS', message: `A card is issued after approval (status ${registration.status}).` });
  }
  const scheme = findScheme(registration.scheme);
  if (scheme === undefined) throw new RefusedError({ code: 'UNKNOWN_SCHEME', message: `Unknown scheme ${registration.scheme}.` });

  // The number is reserved on the registration first, so a retry after a crash keeps it.
  let cardNumber = registration.card?.cardNumber;
  if (cardNumber === undefined) {
    const code = districtCode(registration.district);
    const sequence = await deps.sequences.nextSequence(`card:${scheme.id}:${code}`);
    cardNumber = formatCardNumber({ prefix: scheme.card.prefix, districtCode: code, sequence });
    const issuedAt = new Date(deps.clock.now()).toISOString();
    registration = await deps.registry.update(
      registrationId,
      { card: { cardNumber, issuedAt, pdfKey: '', validUntil: addYears(issuedAt, scheme.card.validityYears) } },
      ['APPROVED'],
    );
  }
  const card = registration.card as NonNullable<Registration['card']>;
  const ekyc = registration.ekyc as NonNullable<Registration['ekyc']>;

  const claims: CardClaims = {
    cardNumber,
    scheme: scheme.id,
    name: ekyc.name,
    ...(ekyc.nameLocal === undefined ? {} : { nameLocal: ekyc.nameLocal }),
    yearOfBirth: ekyc.yearOfBirth,
    gender: ekyc.gender,
    validFrom: card.issuedAt.slice(0, 10),
    validUntil: card.validUntil,
    aadhaarLast4: registration.aadhaarLast4 as string,
    registrationId,
    issuedAt: card.issuedAt,
    // The ration card or the employee: what ties a family's cards together, and short in the QR.
    familyId: familyIdOf(registration.personId),
  };
  const qrText = await deps.signCard(claims, deps.signer);
  // The key's span is widened before the card goes anywhere, so no card is out that its key's period leaves out.
  const signingKey = await deps.signer.publicJwk();
  if (signingKey.kid !== decodeProtectedHeader(qrText).kid) {
    throw new ProviderUnavailableError({
      message: 'The card-signing key was rotated while this card was signed; the task signs it again.',
    });
  }
  await deps.cardKeys.recordSigning(signingKey, card.issuedAt, card.validUntil);
  const photo = ekyc.photoKey === undefined ? undefined : await deps.photos.get(registrationId, ekyc.photoKey);
  const pdf = await deps.renderPdf({ claims, qrText, schemeTitle: scheme.title, ...(photo === undefined ? {} : { photo }) });
  const pdfKey = await deps.files.putCardPdf(scheme.id, cardNumber, pdf);

  const made = await deps.cards.issueCard(
    {
      cardNumber,
      scheme: scheme.id,
      registrationId,
      pdfKey,
      issuedAt: card.issuedAt,
      validUntil: card.validUntil,
      district: registration.district,
      // The QR text kept beside the card: the API gives it to verifiers and print vendors (GET /v1/cards/{cardNumber}).
      qrText,
    },
    { to: 'CARD_MADE', actor: systemActor, why: 'CARD_MADE', set: { card: { ...card, pdfKey } }, read: registration },
  );
  if (registration.aadhaarToken !== undefined) await deps.claims.recordCardOnClaim(scheme.id, registration.aadhaarToken, cardNumber);
  // The SMS goes last: if the gateway fails, the workflow retries this task (or an admin redrives it), which
  // finds the card made and only sends the SMS again.
  await notify(deps, made, cardNumber, pdfKey);
  return { cardNumber };
};

/**
 * How long one attempt may hold the card SMS: well past a send (three tries within about a second), and short
 * enough that an attempt cut by a crash mid-send holds up the workflow's retries only briefly.
 */
const smsHoldMs = 15_000;

/**
 * The SMS with the link, sent by one attempt at a time: an attempt still running when its execution was stopped
 * and redriven (a Lambda is not stopped with its execution) would otherwise send it alongside the redriven one.
 * Once the gateway took it, the card is issued.
 */
const notify = async (deps: IssueCardDeps, registration: Registration, cardNumber: string, pdfKey: string) => {
  const registrationId = registration.registrationId;
  let notifiedAt: string | undefined;
  if (registration.cardNotifiedAt === undefined) {
    const holder = randomUUID();
    const now = deps.clock.now();
    if (!(await deps.cards.holdCardSms(registrationId, holder, new Date(now).toISOString(), new Date(now + smsHoldMs).toISOString()))) {
      const current = await deps.registry.getRegistration(registrationId);
      // Retried by the workflow: by then the other attempt has sent it, or its hold has run out.
      if (current?.cardNotifiedAt === undefined)
        throw new ProviderUnavailableError({ message: 'Another attempt is sending the card SMS.' });
    } else {
      const link = await deps.files.downloadUrl(pdfKey, deps.linkSeconds);
      const schemeTitle = findScheme(registration.scheme)?.title.hi ?? registration.scheme;
      try {
        await deps.sms.send({
          to: registration.mobile,
          template: 'card-issued',
          language: 'hi',
          variables: { scheme: schemeTitle, cardNumber, link },
        });
      } catch (error) {
        await deps.cards.releaseCardSms(registrationId, holder);
        throw error;
      }
      notifiedAt = new Date(deps.clock.now()).toISOString();
    }
  }
  try {
    // The SMS sent is recorded with the status it brings: one write (the hold leaves `updatedAt` as it was read).
    await deps.registry.transition(registrationId, {
      to: 'CARD_ISSUED',
      actor: systemActor,
      why: 'CARD_SMS_SENT',
      read: registration,
      ...(notifiedAt === undefined ? {} : { set: { cardNotifiedAt: notifiedAt } }),
    });
  } catch (error) {
    // Written whatever the status now (STOPPED, if the execution was stopped meanwhile): the SMS went.
    if (notifiedAt !== undefined) await deps.registry.update(registrationId, { cardNotifiedAt: notifiedAt }, ['CARD_MADE', 'STOPPED']);
    // Issued by the other attempt, or stopped: the redrive's attempt finds the SMS sent and only issues.
    const status = (await deps.registry.getRegistration(registrationId))?.status;
    if (!(error instanceof ConflictError && error.code === 'INVALID_STATUS' && (status === 'CARD_ISSUED' || status === 'STOPPED')))
      throw error;
  }
};
