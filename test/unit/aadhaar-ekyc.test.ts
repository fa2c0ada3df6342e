import { describe, expect, it } from 'vitest';
import { aadhaarToken, isValidAadhaarNumber, maskAadhaar, normalizeAadhaarInput, verhoeffCheckDigit, verhoeffValid } from '../../functions/core/aadhaar.js';
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

describe('Aadhaar numbers', () => {
  it('computes and checks the Verhoeff digit (published example 236 -> 3)', () => {
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
  });

  it('catches every single-digit error and every swap of neighbours', () => {
    const valid = `23456789012${verhoeffCheckDigit('23456789012')}`;
    expect(isValidAadhaarNumber(valid)).toBe(true);
    for (let position = 0; position < 12; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === valid[position]) continue;
        expect(verhoeffValid(`${valid.slice(0, position)}${digit}${valid.slice(position + 1)}`)).toBe(false);
      }
      if (position < 11 && valid[position] !== valid[position + 1]) {
        const swapped = `${valid.slice(0, position)}${valid[position + 1]}${valid[position]}${valid.slice(position + 2)}`;
        expect(verhoeffValid(swapped)).toBe(false);
      }
    }
  });

  it('refuses numbers starting 0 or 1, wrong lengths and non-digits; accepts spaces as people type them', () => {
    const body = '12345678901';
    expect(isValidAadhaarNumber(`${body}${verhoeffCheckDigit(body)}`)).toBe(false);
    expect(isValidAadhaarNumber('2345678901')).toBe(false);
    expect(isValidAadhaarNumber('2345 6789 0123')).toBe(false);
    const valid = `23456789012${verhoeffCheckDigit('23456789012')}`;
    expect(isValidAadhaarNumber(normalizeAadhaarInput(`${valid.slice(0, 4)} ${valid.slice(4, 8)}-${valid.slice(8)}`))).toBe(true);
  });

  it('keeps a keyed token and the last four digits, never the number', () => {
    const number = `23456789012${verhoeffCheckDigit('23456789012')}`;
    const token = aadhaarToken(number, 'key-one');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(number);
    expect(aadhaarToken(number, 'key-one')).toBe(token);
    expect(aadhaarToken(number, 'key-two')).not.toBe(token);
    expect(maskAadhaar(number.slice(-4))).toBe(`XXXX XXXX ${number.slice(-4)}`);
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
