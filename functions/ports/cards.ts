// Issued cards: the card record verifiers and print vendors read, and the one attempt at a time that sends a
// card's SMS. Issuing writes the card and the registration's move in one transaction.
import type { Registration, TransitionRequest } from './registry.js';

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
}
