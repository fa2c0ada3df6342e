import { describe, expect, it } from 'vitest';
import {
  aadhaarToken,
  isValidAadhaarNumber,
  maskAadhaar,
  normalizeAadhaarInput,
  verhoeffCheckDigit,
  verhoeffPermutation,
  verhoeffValid,
} from '../../functions/core/aadhaar.js';
import { EkycRefusedError, mapUidaiError, uidaiCodes } from '../../functions/core/ekyc.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';

// Expected values come from outside the code: UIDAI's public sandbox UIDs (valid Aadhaar numbers by construction),
// published Verhoeff examples, and the algorithm's published guarantee (every single-digit error and every swap of
// neighbouring digits is detected) — never from verhoeffCheckDigit itself.
const uidaiSandboxUids = ['999941057058', '999971658847', '999933119405', '999955183433'];

/** p = (0 1 5 8 9 4 2 7)(3 6), Verhoeff's position permutation, as a map digit -> digit built from its cycles. */
const verhoeffP = (() => {
  const cycles = [
    [0, 1, 5, 8, 9, 4, 2, 7],
    [3, 6],
  ];
  return Array.from({ length: 10 }, (_, digit) => {
    const cycle = cycles.find((candidate) => candidate.includes(digit));
    return cycle === undefined ? digit : (cycle[(cycle.indexOf(digit) + 1) % cycle.length] as number);
  });
})();

const substitutions = (number: string) =>
  [...number].flatMap((original, position) =>
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
      .filter((digit) => digit !== original)
      .map((digit) => `${number.slice(0, position)}${digit}${number.slice(position + 1)}`),
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

// What each UIDAI code means and so what the person can do, written from the public copies of UIDAI's tables
// (labels as in functions/core/ekyc.ts: [AUTH-DOCS] github.com/ss11051999/aadhaar_auth_docs docs/error-codes.md,
// [SETU] docs.setu.co/data/esign/error-codes, [LEEGALITY], [JUSPAY], [KUA-JS], [UIDAI-2.0]) — not read from the table.
// `unchanged`: the person tries again now; EKYC_BLOCKED: something must change first.
// One class answers every refusal (EkycRefusedError); the API `code` says which.
const expectedCodes: readonly [code: string, status: 'unchanged' | 'EKYC_BLOCKED', apiCode: string][] = [
  ['110', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // no email ID / older: no verified mobile or email [AUTH-DOCS]
  ['111', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // no mobile number [AUTH-DOCS] [SETU]
  ['112', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // neither email nor mobile [AUTH-DOCS] [JUSPAY]
  ['113', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // no verified email [AUTH-DOCS]
  ['114', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // no verified mobile [AUTH-DOCS]
  ['115', 'EKYC_BLOCKED', 'EKYC_MOBILE_NOT_LINKED'], // neither verified [AUTH-DOCS]
  ['300', 'unchanged', 'EKYC_BIOMETRIC_MISMATCH'], // biometric mismatch; UIDAI: let the person retry [UIDAI-2.0]
  ['330', 'EKYC_BLOCKED', 'EKYC_BIOMETRICS_LOCKED'], // biometrics locked by the holder [LEEGALITY]
  ['331', 'EKYC_BLOCKED', 'EKYC_AADHAAR_LOCKED'], // Aadhaar locked by the holder [AUTH-DOCS] [SETU]
  ['332', 'EKYC_BLOCKED', 'EKYC_AADHAAR_LOCKED'], // usage blocked by the holder [AUTH-DOCS]
  ['400', 'unchanged', 'EKYC_INVALID_OTP'], // invalid OTP value [LEEGALITY]
  ['402', 'unchanged', 'EKYC_OTP_TRANSACTION_MISMATCH'], // txn mismatch [LEEGALITY] [SETU]
  ['403', 'unchanged', 'EKYC_OTP_ATTEMPTS_EXCEEDED'], // too many attempts or no OTP [SETU]
  ['952', 'EKYC_BLOCKED', 'EKYC_OTP_REQUEST_LIMIT'], // OTP flooding [AUTH-DOCS] [SETU]
  ['953', 'EKYC_BLOCKED', 'EKYC_OTP_REQUEST_LIMIT'], // OTP generation limit [JUSPAY] [SETU]
  ['995', 'EKYC_BLOCKED', 'EKYC_AADHAAR_SUSPENDED'], // suspended by a competent authority [AUTH-DOCS]
  ['996', 'EKYC_BLOCKED', 'EKYC_AADHAAR_CANCELLED'], // cancelled [AUTH-DOCS]
  ['997', 'EKYC_BLOCKED', 'EKYC_AADHAAR_SUSPENDED'], // not in an authenticatable state [AUTH-DOCS]
  ['998', 'EKYC_BLOCKED', 'EKYC_INVALID_AADHAAR'], // invalid number or data not available [AUTH-DOCS]
  ['K-100', 'unchanged', 'EKYC_AUTHENTICATION_FAILED'], // resident authentication failed [KUA-JS]
  ['K-200', 'EKYC_BLOCKED', 'EKYC_DATA_UNAVAILABLE'], // resident data not available [KUA-JS]
];

describe('UIDAI error codes', () => {
  it.each(expectedCodes)(
    'maps %s to the error a person can act on, the status it leaves, and a next action in English and Hindi',
    (code, status, apiCode) => {
      const error = mapUidaiError(code);
      expect(error).toBeInstanceOf(EkycRefusedError);
      const refusal = error as EkycRefusedError;
      expect([refusal.code, refusal.uidaiCode, refusal.registrationStatus, refusal.httpStatus]).toEqual([apiCode, code, status, 422]);
      expect(refusal.name).toBe('EkycRefusedError');
      expect(refusal.nextAction.en.length).toBeGreaterThan(40);
      expect(refusal.nextAction.hi).toMatch(/[\u0900-\u097F]{3}/);
      expect(refusal.details).toEqual({ nextAction: refusal.nextAction });
      // Each entry names where its meaning was checked.
      expect(uidaiCodes[code]?.source).toMatch(/\[[A-Z0-9.-]+\]/);
    },
  );

  it('maps exactly the codes above, and no code to "OTP expired" (UIDAI has none; an expired OTP is 403)', () => {
    expect(Object.keys(uidaiCodes).sort()).toEqual(expectedCodes.map(([code]) => code).sort());
    expect(
      Object.values(uidaiCodes)
        .map((entry) => entry.meaning)
        .join(' '),
    ).not.toMatch(/expired/i);
  });

  it('reads a lower-case e-KYC code as UIDAI writes it in some tables (k-100)', () => {
    expect(mapUidaiError('k-100')).toMatchObject({ code: 'EKYC_AUTHENTICATION_FAILED', uidaiCode: 'K-100' });
  });

  it.each(['930', '931', '939', '950', '951', '999', 'K-955', 'unknown'])(
    'treats %s as the provider being unavailable (retried)',
    (code) => {
      expect(mapUidaiError(code)).toBeInstanceOf(ProviderUnavailableError);
    },
  );
});
