// Issued cards: the card record verifiers and print vendors read, and the one attempt at a time that sends a
// card's SMS. Issuing writes the card and the registration's move in one transaction.
import type { RevocationReasonCode, RevokedCard } from '../core/revocations.js';
import type { Actor, Registration, TransitionRequest } from './registry.js';

/** A card a state admin revoked: why, when, by whom (docs/card.md, "Revocation"). */
export interface CardRevocation {
  readonly reasonCode: RevocationReasonCode;
  readonly revokedAt: string;
  /** The admin's subject. */
  readonly by: string;
  readonly note?: string;
}

export interface IssuedCard {
  readonly cardNumber: string;
  readonly scheme: string;
  readonly registrationId: string;
  readonly pdfKey: string;
  readonly issuedAt: string;
  readonly validUntil: string;
  readonly district: string;
  /** The signed text the card's QR code encodes (core/card.ts); absent on cards issued before it was kept. */
  readonly qrText?: string;
  /** Set while the card is revoked. */
  readonly revocation?: CardRevocation;
}

/** A revocation or a reinstatement: who, the registration's status for its audit event, and a note. */
export interface CardRevocationChange {
  readonly actor: Actor;
  /** The registration's status as read: its audit event goes from and to it (the card's state is not a status). */
  readonly registrationStatus: Registration['status'];
  readonly note?: string;
}

export interface Cards {
  getCard(cardNumber: string): Promise<IssuedCard | undefined>;
  /**
   * Keep the card (a repeat rewrites it) and move its registration (`card.registrationId`) as `move` says, both or
   * neither: the Registry's transition, with the card written in the same transaction.
   */
  issueCard(card: IssuedCard, move: TransitionRequest): Promise<Registration>;
  /**
   * Hold the sending of a card's SMS for one attempt (`holder`) until `until`: false when the SMS went already or
   * another attempt holds it (one still running past a stop, say). `releaseCardSms` lets a failed attempt's hold go.
   */
  holdCardSms(registrationId: string, holder: string, now: string, until: string): Promise<boolean>;
  releaseCardSms(registrationId: string, holder: string): Promise<void>;
  /**
   * Revoke the card, with the registration's CARD_REVOKED audit event and the list's entry, all or none. A card
   * revoked already is left as it is: answers the card as it stands (`changed: false`).
   */
  revokeCard(cardNumber: string, revocation: CardRevocation, change: CardRevocationChange): Promise<{ card: IssuedCard; changed: boolean }>;
  /** Undo a revocation (CARD_REINSTATED); a card not revoked is left as it is. */
  reinstateCard(cardNumber: string, change: CardRevocationChange): Promise<{ card: IssuedCard; changed: boolean }>;
  /** Every revoked card and its reason: what the revocation list is made of. */
  revokedCards(): Promise<RevokedCard[]>;
}
