import { describe, expect, it } from 'vitest';
import { aadhaarToken, isValidAadhaarNumber, maskAadhaar, normalizeAadhaarInput, verhoeffCheckDigit, verhoeffPermutation, verhoeffValid } from '../../functions/core/aadhaar.js';
import {
  AadhaarCancelledError,
  AadhaarSuspendedError,
  BiometricMismatchError,
  BiometricsLockedError,
  EkycOtpExpiredError,
  EkycRefusedError,
  InvalidAadhaarNumberError,
  InvalidAadhaarOtpError,
  MobileNotLinkedError,
  mapUidaiError,
} from '../../functions/core/ekyc.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';

// Expected values come from outside the code: UIDAI's public sandbox UIDs (valid Aadhaar numbers by construction),
// published Verhoeff examples, and the algorithm's published guarantee (every single-digit error and every swap of
// neighbouring digits is detected) — never from verhoeffCheckDigit itself.
const uidaiSandboxUids = ['999941057058', '999971658847', '999933119405', '999955183433'];

/** p = (0 1 5 8 9 4 2 7)(3 6), Verhoeff's position permutation, as a map digit -> digit built from its cycles. */
const verhoeffP = (() => {
  const cycles = [[0, 1, 5, 8, 9, 4, 2, 7], [3, 6]];
  return Array.from({ length: 10 }, (_, digit) => {
    const cycle = cycles.find((candidate) => candidate.includes(digit));
    return cycle === undefined ? digit : (cycle[(cycle.indexOf(digit) + 1) % cycle.length] as number);
  });
})();

const substitutions = (number: string) =>
  [...number].flatMap((original, position) =>
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].filter((digit) => digit !== original).map((digit) => `${number.slice(0, position)}${digit}${number.slice(position + 1)}`),
  );
const adjacentTranspositions = (number: string) =>
  [...number.slice(0, -1)].flatMap((digit, position) =>
    digit === number[position + 1] ? [] : [`${number.slice(0, position)}${number[position + 1]}${digit}${number.slice(position + 2)}`],
  );

describe('Aadhaar numbers: the standard Verhoeff check', () => {
  it('uses the powers of p as its position permutation (row k is p applied k times)', () => {
    const powers = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
    for (let k = 1; k < 8; k += 1) powers.push((powers[k - 1] as number[]).map((digit) => verhoeffP[digit] as number));
    expect(verhoeffPermutation).toEqual(powers);
    // p has order 8 (a cycle of 8 and one of 2), so the eight rows are all different and p^8 is the identity.
    expect((powers[7] as number[]).map((digit) => verhoeffP[digit])).toEqual(powers[0]);
  });

  it("accepts UIDAI's public sandbox UIDs, 999955183433 among them", () => {
    for (const uid of uidaiSandboxUids) expect(isValidAadhaarNumber(uid), uid).toBe(true);
  });

  it('gives the published check digits', () => {
    // Verhoeff's worked example, as in Wikipedia's description of the algorithm and Rosetta Code's task: 236 -> 3.
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(verhoeffValid('2363')).toBe(true);
    // Wikipedia's validation example: 1428570 is valid.
    expect(verhoeffValid('1428570')).toBe(true);
    expect(verhoeffCheckDigit('142857')).toBe('0');
    // Perl's Algorithm::CheckDigits (MXX_006, the Verhoeff scheme) documents complete('1456789') = '14567894'.
    expect(verhoeffCheckDigit('1456789')).toBe('4');
    expect(verhoeffValid('14567894')).toBe(true);
  });

  it('refuses every single-digit error and every swap of neighbours in the sandbox UIDs', () => {
    for (const uid of uidaiSandboxUids) {
      const errors = [...substitutions(uid), ...adjacentTranspositions(uid)];
      expect(errors.length).toBeGreaterThan(12 * 9);
      const accepted = errors.filter((wrong) => verhoeffValid(wrong) || isValidAadhaarNumber(wrong));
      expect(accepted, uid).toEqual([]);
    }
  });

  it('refuses numbers starting 0 or 1, wrong lengths and non-digits; accepts spaces and dashes as people type them', () => {
    const body = '12345678901';
    expect(isValidAadhaarNumber(`${body}${verhoeffCheckDigit(body)}`)).toBe(false);
    expect(isValidAadhaarNumber('99994105705')).toBe(false);
    expect(isValidAadhaarNumber('9999410570588')).toBe(false);
    expect(isValidAadhaarNumber('9999 4105 7058')).toBe(false);
    expect(isValidAadhaarNumber('99994105705a')).toBe(false);
    expect(isValidAadhaarNumber(normalizeAadhaarInput('9999 4105-7058'))).toBe(true);
  });

  it('keeps a keyed token and the last four digits, never the number', () => {
    const number = '999941057058';
    const token = aadhaarToken(number, 'key-one');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(number);
    expect(aadhaarToken(number, 'key-one')).toBe(token);
    expect(aadhaarToken(number, 'key-two')).not.toBe(token);
    expect(maskAadhaar(number.slice(-4))).toBe('XXXX XXXX 7058');
  });
});

describe('UIDAI error codes', () => {
  it.each([
    ['110', MobileNotLinkedError],
    ['111', MobileNotLinkedError],
    ['300', BiometricMismatchError],
    ['330', BiometricsLockedError],
    ['400', InvalidAadhaarOtpError],
    ['403', EkycOtpExpiredError],
    ['996', AadhaarCancelledError],
    ['997', AadhaarSuspendedError],
    ['998', InvalidAadhaarNumberError],
  ])('maps %s to the error a person can act on, with a next action in English and Hindi', (code, type) => {
    const error = mapUidaiError(code);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(EkycRefusedError);
    const refusal = error as EkycRefusedError;
    expect(refusal.uidaiCode === code || ['110', '997'].includes(code)).toBe(true);
    expect(refusal.nextAction.en.length).toBeGreaterThan(20);
    expect(refusal.nextAction.hi).toMatch(/[\u0900-\u097F]/);
    expect(refusal.name).toMatch(/Error$/);
  });

  it.each(['930', '931', '939', '950', '952', '999', 'unknown'])('treats %s as the provider being unavailable (retried)', (code) => {
    expect(mapUidaiError(code)).toBeInstanceOf(ProviderUnavailableError);
  });
});
