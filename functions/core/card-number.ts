// The card number, PREFIX-DISTRICT-SEQUENCE-CHECK (e.g. UPS-LKO-00001234-7): its check character, formatting and
// parsing. Pure, and free of node-only imports: the verifier page (web/) checks a typed number with it, and the
// revocation list (revocations.ts) groups numbers by prefix and district. docs/card.md explains the check character.
import { ValidationError } from './errors.js';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const N = alphabet.length;
const sequenceDigits = 8;
const cardNumberPattern = /^([A-Z]{2,5})-([A-Z]{3})-(\d{8})-([0-9A-Z])$/;

/**
 * Luhn mod 36 check character over `body` (characters 0-9, A-Z): from the right, every second value (starting with
 * the rightmost) is doubled and its two base-36 "digits" added; the check character brings the sum to 0 mod 36.
 */
export const cardCheckCharacter = (body: string): string => {
  let sum = 0;
  let factor = 2;
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const value = alphabet.indexOf(body[index] as string);
    if (value < 0) throw new ValidationError({ message: `Card numbers use 0-9 and A-Z only, not "${body[index]}".` });
    const addend = value * factor;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return alphabet[(N - (sum % N)) % N] as string;
};

export const formatCardNumber = (input: { prefix: string; districtCode: string; sequence: number }): string => {
  const { prefix, districtCode, sequence } = input;
  if (!/^[A-Z]{2,5}$/.test(prefix)) throw new ValidationError({ message: 'A card prefix is 2 to 5 capital letters.', details: { prefix } });
  if (!/^[A-Z]{3}$/.test(districtCode))
    throw new ValidationError({ message: 'A district code is 3 capital letters.', details: { districtCode } });
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence >= 10 ** sequenceDigits) {
    throw new ValidationError({ message: `A card sequence is a whole number below ${10 ** sequenceDigits}.`, details: { sequence } });
  }
  const digits = String(sequence).padStart(sequenceDigits, '0');
  return `${prefix}-${districtCode}-${digits}-${cardCheckCharacter(prefix + districtCode + digits)}`;
};

/** The shape is right and the check character matches. Case-sensitive: numbers are printed in capitals. */
export const isWellFormedCardNumber = (text: string): boolean => {
  const match = cardNumberPattern.exec(text);
  if (match === null) return false;
  const [, prefix, district, digits, check] = match as unknown as [string, string, string, string, string];
  return cardCheckCharacter(prefix + district + digits) === check;
};

export interface CardNumberParts {
  readonly prefix: string;
  readonly districtCode: string;
  readonly sequence: number;
}

/** The parts of a well-formed card number, or undefined when it is not one (wrong shape or check character). */
export const parseCardNumber = (text: string): CardNumberParts | undefined => {
  if (!isWellFormedCardNumber(text)) return undefined;
  const [prefix, districtCode, digits] = text.split('-') as [string, string, string];
  return { prefix, districtCode, sequence: Number(digits) };
};
