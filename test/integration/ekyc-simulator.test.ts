// The e-KYC simulator, driven only through the production adapter: each documented behaviour gives the
// documented outcome, with UIDAI's codes mapped to our errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpEkycProvider } from '../../functions/adapters/ekyc-http.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';
import { verhoeffCheckDigit } from '../../functions/core/aadhaar.js';
import { PDFDocument } from 'pdf-lib';
import { crowdIdentity, crowdSize, simulatedIdentities, startEkycSimulator, type EkycSimulator } from '../../local/simulators/ekyc.js';
import { simulatedPhoto } from '../../local/simulators/photos.js';

let simulator: EkycSimulator;
let provider: HttpEkycProvider;
let txn = 0;
const nextTxn = () => `txn-test-${(txn += 1)}`;
/** A refusal the person can act on: one class, told apart by the API code (docs/ekyc.md's table). */
const refused = (code: string) => ({ name: 'EkycRefusedError', code });
const numberOf = (behaviour: string) => {
  const identity = simulatedIdentities.find((candidate) => candidate.behaviour === behaviour);
  if (identity === undefined) throw new Error(`no ${behaviour} identity`);
  return identity.aadhaarNumber;
};
const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeAll(async () => {
  // Drawn now, not in the answers these tests time at 300 ms (a photo takes tens of milliseconds on a busy machine).
  for (const identity of [...simulatedIdentities, crowdIdentity(0)]) simulatedPhoto(identity.aadhaarNumber);
  simulator = await startEkycSimulator({ port: 0, seed: 7 });
  provider = new HttpEkycProvider({ baseUrl: simulator.url, timeoutMs: 300 });
});
afterAll(async () => simulator.close());

describe('e-KYC simulator through the production adapter', () => {
  it('lists valid, synthetic identities covering every behaviour', () => {
    const behaviours = new Set(simulatedIdentities.map((identity) => identity.behaviour));
    for (const behaviour of [
      'success',
      'name-mismatch',
      'mobile-not-linked',
      'wrong-otp',
      'biometric-mismatch',
      'biometrics-locked',
      'aadhaar-cancelled',
      'provider-timeout',
      'provider-error-then-success',
      'uidai-code',
    ]) {
      expect(behaviours.has(behaviour as never)).toBe(true);
    }
    for (const identity of simulatedIdentities)
      expect(identity.aadhaarNumber.slice(-1)).toBe(verhoeffCheckDigit(identity.aadhaarNumber.slice(0, 11)));
  });

  it('completes OTP e-KYC for a success identity, with the OTP only the simulator knows', async () => {
    const aadhaarNumber = numberOf('success');
    const transactionId = nextTxn();
    const sent = await provider.requestOtp({ aadhaarNumber, transactionId });
    expect(sent.maskedMobile).toMatch(/^XXXXXX\d{4}$/);
    const otp = simulator.otpFor(transactionId) as string;
    const wrong = otp === '000000' ? '111111' : '000000';
    expect(await failure(provider.verifyOtp({ aadhaarNumber, transactionId, otpReference: sent.otpReference, otp: wrong }))).toMatchObject(
      refused('EKYC_INVALID_OTP'),
    );
    const identity = await provider.verifyOtp({ aadhaarNumber, transactionId, otpReference: sent.otpReference, otp });
    expect(identity).toMatchObject({ name: 'Ramesh Kumar Yadav', nameLocal: 'रमेश कुमार यादव', gender: 'M' });
    // The photo, as UIDAI's `Pht` carries it: a base64 JPEG (FF D8 FF), its own for each identity.
    expect(identity.photo?.contentType).toBe('image/jpeg');
    const photo = Buffer.from(identity.photo?.base64 ?? '', 'base64');
    expect([...photo.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(JSON.stringify(identity)).not.toContain(aadhaarNumber);
  });

  it('knows the crowd: numbered success identities whose details follow from the number', async () => {
    const crowd = [0, 1, 4_711, crowdSize - 1].map(crowdIdentity);
    expect(new Set(crowd.map((person) => person.aadhaarNumber)).size).toBe(4);
    for (const person of crowd) {
      expect(person.aadhaarNumber).toMatch(/^9998\d{8}$/);
      expect(person.aadhaarNumber.slice(-1)).toBe(verhoeffCheckDigit(person.aadhaarNumber.slice(0, 11)));
      expect(simulatedIdentities.some((fixed) => fixed.aadhaarNumber === person.aadhaarNumber)).toBe(false);
    }
    const person = crowd[2] as (typeof crowd)[number];
    const transactionId = nextTxn();
    const sent = await provider.requestOtp({ aadhaarNumber: person.aadhaarNumber, transactionId });
    const identity = await provider.verifyOtp({
      aadhaarNumber: person.aadhaarNumber,
      transactionId,
      otpReference: sent.otpReference,
      otp: simulator.otpFor(transactionId) as string,
    });
    expect(identity).toMatchObject({
      name: person.name,
      nameLocal: person.nameLocal,
      yearOfBirth: person.yearOfBirth,
      gender: person.gender,
    });
    // A 9998 number with a wrong check digit is no member: the adapter refuses it before any call, so ask the simulator directly.
    const wrongCheck = `${person.aadhaarNumber.slice(0, 11)}${(Number(person.aadhaarNumber.slice(-1)) + 1) % 10}`;
    const answer = await fetch(`${simulator.url}/otp`, { method: 'POST', body: JSON.stringify({ uid: wrongCheck, txn: nextTxn() }) });
    expect(await answer.json()).toEqual({ ret: 'n', err: '998' });
    expect(() => crowdIdentity(crowdSize)).toThrow(RangeError);
  });

  it('gives every test identity a photo of its own (the crowd one between them): a JPEG a PDF library reads, the same each time', async () => {
    const people = [...simulatedIdentities, crowdIdentity(0)];
    const photos = people.map((person) => simulatedPhoto(person.aadhaarNumber).base64);
    expect(new Set(photos).size).toBe(people.length);
    expect(simulatedPhoto(crowdIdentity(crowdSize - 1).aadhaarNumber).base64).toBe(photos.at(-1));
    expect(simulatedPhoto(people[0]?.aadhaarNumber ?? '').base64).toBe(photos[0]);
    // pdf-lib parses the JPEG's frame header (SOF) to embed it: a JPEG it can print, 48 x 60 pixels, 3:4 as a passport photo.
    const document = await PDFDocument.create();
    const image = await document.embedJpg(Buffer.from(photos[0] ?? '', 'base64'));
    expect({ width: image.width, height: image.height }).toEqual({ width: 48, height: 60 });
    expect(Buffer.from(photos[0] ?? '', 'base64').length).toBeLessThan(4096);
  });

  it("answers each refusing behaviour with UIDAI's code, mapped to our error", async () => {
    expect(await failure(provider.requestOtp({ aadhaarNumber: numberOf('mobile-not-linked'), transactionId: nextTxn() }))).toMatchObject(
      refused('EKYC_MOBILE_NOT_LINKED'),
    );
    expect(await failure(provider.requestOtp({ aadhaarNumber: numberOf('aadhaar-cancelled'), transactionId: nextTxn() }))).toMatchObject(
      refused('EKYC_AADHAAR_CANCELLED'),
    );
    const unknown = `2222333344${'4'}`;
    expect(
      await failure(provider.requestOtp({ aadhaarNumber: `${unknown}${verhoeffCheckDigit(unknown)}`, transactionId: nextTxn() })),
    ).toMatchObject(refused('EKYC_INVALID_AADHAAR'));

    const wrongOtp = numberOf('wrong-otp');
    const transactionId = nextTxn();
    const sent = await provider.requestOtp({ aadhaarNumber: wrongOtp, transactionId });
    const otp = simulator.otpFor(transactionId) as string;
    expect(
      await failure(provider.verifyOtp({ aadhaarNumber: wrongOtp, transactionId, otpReference: sent.otpReference, otp })),
    ).toMatchObject(refused('EKYC_INVALID_OTP'));

    const capture = { transactionId: nextTxn(), modality: 'fingerprint' as const, captureData: 'PID-BLOCK' };
    expect(await failure(provider.verifyBiometric({ ...capture, aadhaarNumber: numberOf('biometric-mismatch') }))).toMatchObject(
      refused('EKYC_BIOMETRIC_MISMATCH'),
    );
    expect(await failure(provider.verifyBiometric({ ...capture, aadhaarNumber: numberOf('biometrics-locked') }))).toMatchObject(
      refused('EKYC_BIOMETRICS_LOCKED'),
    );
    // Biometric e-KYC works for a person whose mobile is not linked: the camp route around that blocker.
    expect(await provider.verifyBiometric({ ...capture, aadhaarNumber: numberOf('mobile-not-linked') })).toMatchObject({
      name: 'Geeta Kumari',
    });
  });

  it('fails twice with a technical error, then succeeds, for provider-error-then-success', async () => {
    const aadhaarNumber = numberOf('provider-error-then-success');
    expect(await failure(provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() }))).toBeInstanceOf(ProviderUnavailableError);
    expect(await failure(provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() }))).toBeInstanceOf(ProviderUnavailableError);
    expect((await provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() })).otpReference).toBeTruthy();
  });

  it('reports a provider that does not answer within the adapter timeout as unavailable, without the number', async () => {
    const aadhaarNumber = numberOf('provider-timeout');
    const error = (await failure(provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() }))) as Error;
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.message).toContain('did not answer within 300 ms');
    expect(error.message).not.toContain(aadhaarNumber);
  });

  it('injects faults on request and stops when the knob is reset', async () => {
    const aadhaarNumber = numberOf('success');
    simulator.faults.errorRate = 1;
    expect(await failure(provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() }))).toBeInstanceOf(ProviderUnavailableError);
    simulator.faults.errorRate = 0;
    expect((await provider.requestOtp({ aadhaarNumber, transactionId: nextTxn() })).otpReference).toBeTruthy();
  });

  it('answers as success once a blocker is fixed (a mobile linked, biometrics unlocked), and only for that identity', async () => {
    const notLinked = numberOf('mobile-not-linked');
    const locked = numberOf('biometrics-locked');
    expect(await failure(provider.requestOtp({ aadhaarNumber: notLinked, transactionId: nextTxn() }))).toMatchObject(
      refused('EKYC_MOBILE_NOT_LINKED'),
    );
    expect(simulator.fix(notLinked)).toBe(true);
    expect((await provider.requestOtp({ aadhaarNumber: notLinked, transactionId: nextTxn() })).otpReference).toBeTruthy();
    const capture = { transactionId: nextTxn(), modality: 'fingerprint' as const, captureData: 'PID-BLOCK' };
    expect(await failure(provider.verifyBiometric({ aadhaarNumber: locked, ...capture }))).toMatchObject(refused('EKYC_BIOMETRICS_LOCKED'));
    expect(simulator.fix(`9${notLinked.slice(1)}`)).toBe(false);
  });
});
