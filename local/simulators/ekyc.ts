// The Aadhaar e-KYC simulator: a KUA/ASA gateway stand-in on loopback speaking the contract of
// functions/adapters/ekyc-http.ts (docs/ekyc.md), so the production adapter is what calls it. Test identities
// have valid (Verhoeff) but synthetic numbers and a documented behaviour each; UIDAI's own error codes come back.
// Aadhaar OTPs are random per transaction and readable only through the local page /local/ekyc/otp?txn=.
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verhoeffCheckDigit } from '../../functions/core/aadhaar.js';
import type { EkycIdentity } from '../../functions/core/ekyc.js';
import { simulatedPhoto } from './photos.js';
import { seededRandom } from './seeded-random.js';
import { text } from 'node:stream/consumers';

export const ekycBehaviours = [
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
] as const;
export type EkycBehaviour = (typeof ekycBehaviours)[number];

/** Where UIDAI refuses: the OTP request, the OTP e-KYC, the biometric e-KYC, either e-KYC, or every call. */
export type RefusalStage = 'otp-request' | 'otp-kyc' | 'biometric-kyc' | 'kyc' | 'every-call';

export interface SimulatedIdentity extends EkycIdentity {
  readonly aadhaarNumber: string;
  readonly behaviour: EkycBehaviour;
  /** `uidai-code` identities: the UIDAI code they are refused with, and where. */
  readonly refusal?: { readonly code: string; readonly at: RefusalStage };
}

const aadhaar = (eleven: string) => `${eleven}${verhoeffCheckDigit(eleven)}`;

/**
 * One identity per UIDAI refusal code the pipeline maps (functions/core/ekyc.ts), refused where UIDAI refuses it:
 * numbers 5000000 followed by the code's place in this list in four digits and the Verhoeff check digit.
 */
export const uidaiCodeRefusals: readonly { readonly code: string; readonly at: RefusalStage }[] = [
  { code: '110', at: 'otp-request' },
  { code: '111', at: 'otp-request' },
  { code: '112', at: 'otp-request' },
  { code: '113', at: 'otp-request' },
  { code: '114', at: 'otp-request' },
  { code: '115', at: 'otp-request' },
  { code: '300', at: 'biometric-kyc' },
  { code: '330', at: 'biometric-kyc' },
  { code: '331', at: 'every-call' },
  { code: '332', at: 'every-call' },
  { code: '400', at: 'otp-kyc' },
  { code: '402', at: 'otp-kyc' },
  { code: '403', at: 'otp-kyc' },
  { code: '952', at: 'otp-request' },
  { code: '953', at: 'otp-request' },
  { code: '995', at: 'every-call' },
  { code: '996', at: 'every-call' },
  { code: '997', at: 'every-call' },
  { code: '998', at: 'every-call' },
  { code: 'K-100', at: 'kyc' },
  { code: 'K-200', at: 'kyc' },
];

function uidaiCodeIdentities(): SimulatedIdentity[] {
  const people = [
    ['Ram Kishore Pal', 'राम किशोर पाल', 'M'],
    ['Savitri Devi', 'सावित्री देवी', 'F'],
    ['Jagdish Prasad', 'जगदीश प्रसाद', 'M'],
    ['Usha Rani', 'उषा रानी', 'F'],
  ] as const;
  return uidaiCodeRefusals.map((refusal, index) => {
    const [name, nameLocal, gender] = people[index % people.length] as (typeof people)[number];
    return {
      aadhaarNumber: aadhaar(`5000000${String(index).padStart(4, '0')}`),
      behaviour: 'uidai-code',
      refusal,
      name,
      nameLocal,
      yearOfBirth: 1965 + index,
      gender,
      district: 'Lucknow',
      state: 'Uttar Pradesh',
    };
  });
}

/** The test identities, in a fixed order (tests pick "the n-th success identity"). */
export const simulatedIdentities: readonly SimulatedIdentity[] = [
  {
    aadhaarNumber: aadhaar('99990000011'),
    behaviour: 'success',
    name: 'Ramesh Kumar Yadav',
    nameLocal: 'रमेश कुमार यादव',
    yearOfBirth: 1978,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000022'),
    behaviour: 'success',
    name: 'Sunita Devi',
    nameLocal: 'सुनीता देवी',
    yearOfBirth: 1982,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000033'),
    behaviour: 'success',
    name: 'Mohammad Irfan Ansari',
    nameLocal: 'मोहम्मद इरफान अंसारी',
    yearOfBirth: 1975,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000044'),
    behaviour: 'success',
    name: 'Priyanka Srivastava',
    nameLocal: 'प्रियंका श्रीवास्तव',
    yearOfBirth: 1990,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000055'),
    behaviour: 'success',
    name: 'Shyam Lal Prajapati',
    nameLocal: 'श्याम लाल प्रजापति',
    yearOfBirth: 1960,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000066'),
    behaviour: 'success',
    name: 'Kiran Verma',
    nameLocal: 'किरण वर्मा',
    yearOfBirth: 1988,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000077'),
    behaviour: 'success',
    name: 'Anil Kumar Maurya',
    nameLocal: 'अनिल कुमार मौर्य',
    yearOfBirth: 1985,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('99990000088'),
    behaviour: 'success',
    name: 'Lakshmi Nishad',
    nameLocal: 'लक्ष्मी निषाद',
    yearOfBirth: 1972,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('88880000011'),
    behaviour: 'name-mismatch',
    name: 'Rajendra Prasad Dubey',
    nameLocal: 'राजेन्द्र प्रसाद दुबे',
    yearOfBirth: 1968,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('77770000011'),
    behaviour: 'mobile-not-linked',
    name: 'Geeta Kumari',
    nameLocal: 'गीता कुमारी',
    yearOfBirth: 1995,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('66660000011'),
    behaviour: 'wrong-otp',
    name: 'Vinod Singh',
    nameLocal: 'विनोद सिंह',
    yearOfBirth: 1980,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('55550000011'),
    behaviour: 'biometric-mismatch',
    name: 'Rekha Pal',
    nameLocal: 'रेखा पाल',
    yearOfBirth: 1987,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('44440000011'),
    behaviour: 'biometrics-locked',
    name: 'Suresh Chand',
    nameLocal: 'सुरेश चंद',
    yearOfBirth: 1970,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('33330000011'),
    behaviour: 'aadhaar-cancelled',
    name: 'Babu Ram',
    nameLocal: 'बाबू राम',
    yearOfBirth: 1955,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('22220000011'),
    behaviour: 'provider-timeout',
    name: 'Naresh Gupta',
    nameLocal: 'नरेश गुप्ता',
    yearOfBirth: 1983,
    gender: 'M',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  {
    aadhaarNumber: aadhaar('22220000022'),
    behaviour: 'provider-error-then-success',
    name: 'Farida Begum',
    nameLocal: 'फरीदा बेगम',
    yearOfBirth: 1970,
    gender: 'F',
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  },
  ...uidaiCodeIdentities(),
];

/**
 * The crowd: ten million more `success` identities for load and benchmarks (bench/registrations: 1,000 people,
 * one card each per scheme, need 1,000 Aadhaar numbers). Number n (0 <= n < 10,000,000) is 9998 followed by n
 * in seven digits and the Verhoeff check digit; its name, year of birth and gender follow from n, so a caller
 * can put the same person on a roster without asking. Not listed by /local/ekyc/identities (too many).
 */
const crowdFirstNames = [
  ['Ramesh', 'रमेश', 'M'],
  ['Suresh', 'सुरेश', 'M'],
  ['Mahesh', 'महेश', 'M'],
  ['Anil', 'अनिल', 'M'],
  ['Rajesh', 'राजेश', 'M'],
  ['Sanjay', 'संजय', 'M'],
  ['Sunita', 'सुनीता', 'F'],
  ['Anita', 'अनीता', 'F'],
  ['Kavita', 'कविता', 'F'],
  ['Pooja', 'पूजा', 'F'],
  ['Neha', 'नेहा', 'F'],
  ['Meena', 'मीना', 'F'],
] as const;
const crowdSurnames = [
  ['Yadav', 'यादव'],
  ['Verma', 'वर्मा'],
  ['Gupta', 'गुप्ता'],
  ['Mishra', 'मिश्रा'],
  ['Maurya', 'मौर्य'],
  ['Tiwari', 'तिवारी'],
  ['Shukla', 'शुक्ला'],
] as const;
export const crowdSize = 10_000_000;
const crowdPattern = /^9998(\d{7})\d$/;

export const crowdIdentity = (index: number): SimulatedIdentity => {
  if (!Number.isInteger(index) || index < 0 || index >= crowdSize)
    throw new RangeError(`crowd identities are numbered 0 to ${crowdSize - 1}`);
  const [first, firstLocal, gender] = crowdFirstNames[index % crowdFirstNames.length] as (typeof crowdFirstNames)[number];
  const [surname, surnameLocal] = crowdSurnames[
    Math.floor(index / crowdFirstNames.length) % crowdSurnames.length
  ] as (typeof crowdSurnames)[number];
  return {
    aadhaarNumber: aadhaar(`9998${String(index).padStart(7, '0')}`),
    behaviour: 'success',
    name: `${first} ${surname}`,
    nameLocal: `${firstLocal} ${surnameLocal}`,
    yearOfBirth: 1960 + (index % 41),
    gender,
    district: 'Lucknow',
    state: 'Uttar Pradesh',
  };
};

/** A crowd identity by number, when the number is one (its check digit included). */
const crowdMember = (aadhaarNumber: string): SimulatedIdentity | undefined => {
  const index = crowdPattern.exec(aadhaarNumber)?.[1];
  if (index === undefined) return undefined;
  const identity = crowdIdentity(Number(index));
  return identity.aadhaarNumber === aadhaarNumber ? identity : undefined;
};

export interface Faults {
  /** Share of requests answered with a UIDAI technical error (932). */
  errorRate: number;
  /** Share of requests never answered (the adapter's timeout decides). */
  timeoutRate: number;
  /** Added before every answer. */
  latencyMs: number;
}

export interface EkycSimulator {
  readonly url: string;
  readonly identities: readonly SimulatedIdentity[];
  otpFor(transactionId: string): string | undefined;
  /**
   * What the person fixed at an Aadhaar centre (a mobile linked, biometrics unlocked, the record updated): the
   * identity answers as `success` from now on, until the simulator restarts. False for an unknown number.
   */
  fix(aadhaarNumber: string): boolean;
  faults: Faults;
  /** Faults injected so far (since the knob was last set through the local route). */
  readonly injected: { errors: number; timeouts: number };
  close(): Promise<void>;
}

const readJson = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
  const body = await text(request);
  try {
    return JSON.parse(body || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
};

const reply = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};

/** What e-KYC returns: the identity's details and its photo (UIDAI's `Pht`), never its number. */
const kycOf = ({ aadhaarNumber, behaviour: _behaviour, refusal: _refusal, ...identity }: SimulatedIdentity): EkycIdentity => ({
  ...identity,
  photo: simulatedPhoto(aadhaarNumber),
});

const refusedAt = (identity: SimulatedIdentity, path: string | undefined): string | undefined => {
  const { refusal } = identity;
  if (identity.behaviour !== 'uidai-code' || refusal === undefined) return undefined;
  const stage: RefusalStage | undefined =
    path === '/otp' ? 'otp-request' : path === '/kyc/otp' ? 'otp-kyc' : path === '/kyc/biometric' ? 'biometric-kyc' : undefined;
  if (stage === undefined) return undefined;
  const applies = refusal.at === 'every-call' || refusal.at === stage || (refusal.at === 'kyc' && stage !== 'otp-request');
  return applies ? refusal.code : undefined;
};

export const startEkycSimulator = async (options: { port: number; seed?: number }): Promise<EkycSimulator> => {
  // The first photo drawn pays for the JPEG encoder's warm-up (hundreds of milliseconds on a busy machine): paid
  // here, not by the first e-KYC answer. Each later one is drawn on its identity's first e-KYC, then kept.
  simulatedPhoto((simulatedIdentities[0] as SimulatedIdentity).aadhaarNumber);
  const byNumber = new Map(simulatedIdentities.map((identity) => [identity.aadhaarNumber, identity]));
  const otps = new Map<string, { otp: string; otpRef: string; uid: string; expiresAt: number; tries: number }>();
  const callsBeforeSuccess = new Map<string, number>();
  const random = seededRandom(options.seed ?? 1947);
  const faults: Faults = { errorRate: 0, timeoutRate: 0, latencyMs: 0 };
  const injected = { errors: 0, timeouts: 0 };
  const fixed = new Set<string>();

  const refuse = (response: ServerResponse, err: string) => reply(response, 200, { ret: 'n', err });

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readJson(request);
      const uid = String(body.uid ?? '');
      const known = byNumber.get(uid) ?? crowdMember(uid);
      const identity = known !== undefined && fixed.has(uid) ? { ...known, behaviour: 'success' as const } : known;
      if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
      // Held requests are ended by close(); the adapter's own timeout is what the test sees.
      if (identity?.behaviour === 'provider-timeout') return;
      if (random() < faults.timeoutRate) {
        injected.timeouts += 1;
        return;
      }
      if (random() < faults.errorRate) {
        injected.errors += 1;
        return refuse(response, '932');
      }
      if (identity === undefined) return refuse(response, '998');
      const code = refusedAt(identity, request.url);
      if (code !== undefined) return refuse(response, code);
      if (identity.behaviour === 'aadhaar-cancelled') return refuse(response, '996');
      if (identity.behaviour === 'provider-error-then-success') {
        const calls = (callsBeforeSuccess.get(uid) ?? 0) + 1;
        callsBeforeSuccess.set(uid, calls);
        if (calls <= 2) return refuse(response, '931');
      }

      if (request.url === '/otp') {
        if (identity.behaviour === 'mobile-not-linked') return refuse(response, '111');
        const txn = String(body.txn ?? '');
        const otpRef = randomUUID();
        otps.set(txn, { otp: String(randomInt(1_000_000)).padStart(6, '0'), otpRef, uid, expiresAt: Date.now() + 10 * 60_000, tries: 0 });
        return reply(response, 200, { ret: 'y', txn, otpRef, maskedMobile: `XXXXXX${uid.slice(-4)}` });
      }
      if (request.url === '/kyc/otp') {
        const issued = otps.get(String(body.txn ?? ''));
        if (issued === undefined || issued.uid !== uid || issued.otpRef !== body.otpRef) return refuse(response, '402');
        if (Date.now() > issued.expiresAt || issued.tries >= 3) return refuse(response, '403');
        issued.tries += 1;
        if (identity.behaviour === 'wrong-otp' || body.otp !== issued.otp) return refuse(response, '400');
        otps.delete(String(body.txn));
        return reply(response, 200, { ret: 'y', kyc: kycOf(identity) });
      }
      if (request.url === '/kyc/biometric') {
        if (identity.behaviour === 'biometric-mismatch') return refuse(response, '300');
        if (identity.behaviour === 'biometrics-locked') return refuse(response, '330');
        if (typeof body.pid !== 'string' || body.pid.length === 0) return refuse(response, '511');
        return reply(response, 200, { ret: 'y', kyc: kycOf(identity) });
      }
      reply(response, 404, { message: 'not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    identities: simulatedIdentities,
    otpFor: (transactionId) => otps.get(transactionId)?.otp,
    fix: (aadhaarNumber) => {
      if (!byNumber.has(aadhaarNumber)) return false;
      fixed.add(aadhaarNumber);
      return true;
    },
    faults,
    injected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Local-only pages on the API gateway: the test identities, a transaction's Aadhaar OTP, fixes, the fault knobs. */
export const ekycLocalRoutes = (simulator: EkycSimulator) => ({
  '/local/ekyc/identities': (_request: IncomingMessage, response: ServerResponse) =>
    reply(response, 200, {
      identities: simulator.identities.map((identity) => ({ ...identity, hasPhoto: true })),
    }),
  '/local/ekyc/otp': (_request: IncomingMessage, response: ServerResponse, url: URL) => {
    const otp = simulator.otpFor(url.searchParams.get('txn') ?? '');
    if (otp === undefined) reply(response, 404, { code: 'NO_OTP', message: 'No pending Aadhaar OTP for that transaction.' });
    else reply(response, 200, { otp });
  },
  '/local/ekyc/fixes': async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') return reply(response, 405, { code: 'METHOD_NOT_ALLOWED', message: 'POST {"aadhaarNumber": "..."}' });
    const body = await readJson(request);
    if (!simulator.fix(String(body.aadhaarNumber ?? '')))
      return reply(response, 404, { code: 'UNKNOWN_IDENTITY', message: "Not one of the simulator's identities." });
    reply(response, 200, { fixed: true });
  },
  '/local/ekyc/faults': async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'POST') {
      const body = await readJson(request);
      const clamp = (value: unknown) => Math.min(1, Math.max(0, Number(value ?? 0)));
      simulator.faults.errorRate = clamp(body.errorRate);
      simulator.faults.timeoutRate = clamp(body.timeoutRate);
      simulator.faults.latencyMs = Math.min(30_000, Math.max(0, Number(body.latencyMs ?? 0)));
      simulator.injected.errors = 0;
      simulator.injected.timeouts = 0;
    }
    reply(response, 200, { ...simulator.faults, injected: simulator.injected });
  },
});
