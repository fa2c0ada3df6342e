// The pure rules behind the holes a hostile caller found (test/integration/hostile-callers.test.ts drives them
// through the API): bindings that must be present to match, place names that may become key segments, characters
// that disguise text, Aadhaar numbers typed into free text. The request schemas are walked whole, so a field added
// later is held to the same rules without anyone listing it here.
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { authorize, type HttpEvent } from '../../functions/api/http.js';
import { routeKey, routes, type Route } from '../../functions/api/routes.js';
import { callerFromClaims, type Caller } from '../../functions/core/identity.js';
import { isPlaceName, requirePlaceName } from '../../functions/core/place-names.js';
import { maskAadhaarNumbers } from '../../functions/core/aadhaar.js';
import { hiddenCharactersIn } from '../../functions/core/text.js';
import { canSeeRegistration } from '../../functions/core/use-cases/access.js';
import { migrationFingerprint } from '../../functions/core/use-cases/migrate.js';
import type { Registration } from '../../functions/ports/registry.js';
import { isFreeText, walk } from '../support/schema-walk.js';

// UIDAI's published test UIDs (valid under the standard Verhoeff check), typed as people write them; the masked
// form is read off the typed number: XXXX XXXX and its last four digits.
const typed = ['9999 4105 7058', '999971658847', '9999-3311-9405'];
const maskedOf = (number: string) => `XXXX XXXX ${number.replace(/\D/g, '').slice(-4)}`;

describe('who sees a registration', () => {
  const registration = { registrationId: 'r1', clientId: 'portal-a', district: 'Lucknow', ddoCode: 'DDO-1' } as Registration;
  const caller = (roles: Caller['roles'], extra: Partial<Caller> = {}): Caller => ({
    subject: 'someone',
    roles,
    ddoCodes: [],
    districts: [],
    ...extra,
  });

  it('an applicant with no binding sees no registration, not even one without a primary', () => {
    expect(canSeeRegistration(caller(['applicant']), registration)).toBe(false);
    expect(canSeeRegistration(caller(['applicant'], { registrationId: '' }), { ...registration, registrationId: '' })).toBe(false);
    // Bound: its own and its dependents.
    expect(canSeeRegistration(caller(['applicant'], { registrationId: 'r1' }), registration)).toBe(true);
    expect(
      canSeeRegistration(caller(['applicant'], { registrationId: 'r1' }), {
        ...registration,
        registrationId: 'r2',
        primaryRegistrationId: 'r1',
      }),
    ).toBe(true);
  });

  it("a token's empty claims bind to nothing, and an absent field on the record matches no one", () => {
    expect(callerFromClaims({ sub: 'x', roles: 'applicant', registration_id: '' }).registrationId).toBeUndefined();
    expect(canSeeRegistration(caller(['portal'], { subject: '' }), { ...registration, clientId: '' } as Registration)).toBe(false);
    expect(canSeeRegistration(caller(['ddo'], { ddoCodes: [''] }), { ...registration, ddoCode: '' } as Registration)).toBe(false);
    const { ddoCode: _dropped, ...withoutDdo } = registration;
    expect(canSeeRegistration(caller(['ddo'], { ddoCodes: ['DDO-1'] }), withoutDdo as Registration)).toBe(false);
  });
});

describe('a token without a subject', () => {
  it('is refused (401) before any scope is compared: owners, idempotency scopes and actors are keyed by it', () => {
    const route = routes.find((candidate) => candidate.method === 'GET' && candidate.path === '/v1/registrations/{id}') as Route;
    const withClaims = (claims: Record<string, string>) =>
      ({
        version: '2.0',
        routeKey: 'GET /v1/registrations/{id}',
        rawPath: '/',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        requestContext: { requestId: 'r', routeKey: 'GET /v1/registrations/{id}', authorizer: { jwt: { claims, scopes: null } } },
      }) as unknown as HttpEvent;
    expect(() => authorize(route, withClaims({ roles: 'portal' }))).toThrow(
      expect.objectContaining({ code: 'UNAUTHORIZED', httpStatus: 401 }),
    );
    expect(() => authorize(route, withClaims({ sub: '', roles: 'applicant' }))).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
    expect(authorize(route, withClaims({ sub: 'portal-a', roles: 'portal' }))?.subject).toBe('portal-a');
  });
});

describe('a migration repeated', () => {
  it('is the same request only when every field is the same', () => {
    const first = { district: 'Kanpur', block: 'Bilhaur', note: 'Transferred to the Kanpur office' };
    const fingerprint = migrationFingerprint(first);
    expect(migrationFingerprint({ ...first })).toBe(fingerprint);
    for (const changed of [
      { ...first, ddoCode: 'DDO-KNP-0666' },
      { ...first, block: 'Ghatampur' },
      { ...first, village: 'Araul' },
      { ...first, note: 'Another note' },
      { ...first, district: 'Jalaun' },
    ]) {
      expect(migrationFingerprint(changed), JSON.stringify(changed)).not.toBe(fingerprint);
    }
    // A field moved into another is another request too.
    expect(migrationFingerprint({ district: 'Kanpur', block: 'A', village: 'B', note: 'n' })).not.toBe(
      migrationFingerprint({ district: 'Kanpur', block: 'B', village: 'A', note: 'n' }),
    );
  });
});

describe('place names', () => {
  // Districts and blocks of the seed states as their rosters write them.
  it.each([
    'Lucknow',
    'Sant Kabir Nagar',
    'Sarojini Nagar',
    'जालौन',
    'छपरा',
    'मोहनलालगंज',
    'Mal (Rural)',
    'Ambedkar Nagar',
    'Lalitpur-2',
    "St. Mary's Block",
    'क्\u200Dष',
    '-',
  ])('%s is one', (name) => expect(isPlaceName(name)).toBe(true));

  it.each([
    '../../x',
    'Mal//x',
    '..',
    '.',
    'a/b',
    'a\\b',
    '/Mal',
    'Mal/',
    '',
    ' ',
    'Mal\u0000',
    '%2e%2e',
    'Mal?x',
    'Mal#x',
    'Mal\nx',
    'x'.repeat(81),
    '-x',
    'Ram 9999 4105 7058',
    '\u202ELucknow',
  ])('%j is not', (name) => expect(isPlaceName(name)).toBe(false));

  it('refuses with 400 INVALID_PLACE_NAME naming the parameter', () => {
    expect(() => requirePlaceName('block', 'Mal//x')).toThrow(
      expect.objectContaining({ code: 'INVALID_PLACE_NAME', httpStatus: 400, details: { parameter: 'block' } }),
    );
    expect(requirePlaceName('block', 'Mal')).toBe('Mal');
  });
});

const disguising = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x2060, 0xfeff];
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

describe('characters that disguise text', () => {
  it('are found, each by its code point; ZWNJ and ZWJ are not among them', () => {
    for (const code of disguising) expect(hiddenCharactersIn(`Ram${String.fromCodePoint(code)}esh`)).toEqual([hex(code)]);
    expect(hiddenCharactersIn('क्\u200Dष न्\u200Cह')).toEqual([]);
    expect(hiddenCharactersIn('\u202Eabc\u202E\u200B')).toEqual(['U+202E', 'U+200B']);
  });
});

describe('Aadhaar numbers in free text', () => {
  it.each(typed)('%s is masked to XXXX XXXX and its last four digits', (number) => {
    expect(maskAadhaarNumbers(`Checked against Aadhaar ${number} today`)).toBe(`Checked against Aadhaar ${maskedOf(number)} today`);
  });

  it('is masked when typed in Devanagari digits', () => {
    expect(maskAadhaarNumbers('आधार ९९९९ ४१०५ ७०५८ देखा')).toBe('आधार XXXX XXXX 7058 देखा');
  });

  it('leaves other numbers alone: a mobile, a ration card, a 12-digit number failing the check, a date', () => {
    for (const text of ['Call 9876543210', 'Ration card 123456789012', 'Number 999941057057', 'On 03/12/2026', 'क्रमांक ९८७६५४३२१०']) {
      expect(maskAadhaarNumbers(text)).toBe(text);
    }
  });
});

// ---- Every request schema, walked --------------------------------------------------------------------------

const requestSchemas = routes.flatMap((route) => [
  ...(route.request?.body === undefined ? [] : [[`${routeKey(route)} body`, route.request.body] as const]),
  ...(route.request?.query === undefined ? [] : [[`${routeKey(route)} query`, route.request.query] as const]),
]);

/** The code a refused value answers with: its own, else the generic one. */
const codeOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success
    ? undefined
    : (result.error.issues.map((issue) => (issue as { params?: { code?: string } }).params?.code).find((code) => code !== undefined) ??
      'INVALID_REQUEST');

// Identifiers, not free text: they name a record (or are the secret itself, kept only as a keyed hash), so an
// Aadhaar-looking value is passed on as sent and finds nothing, or is refused where it is read.
const identifiers = new Set([
  'mobile',
  'aadhaarNumber',
  'captureData',
  'consent.textVersion',
  'operatorId',
  'campId',
  // A roster key (rc:<card>:<member>) a camp desk checks a person in by.
  'personKey',
  // A camp's operators: token subjects.
  'operators[]',
  'cursor',
  'qr',
  'taskId',
  'ddoCode',
  'relation',
  'personIds[]',
  // A field worker's segment: FPS codes, job cards, DDO codes, villages as the roster writes them (matched to it).
  'segment.values[]',
  'decisions[].taskId',
  // The inbox's search: a ration card number is twelve digits and may pass Verhoeff's check; masked, it would find
  // nothing. It is neither stored nor logged, and an Aadhaar number searched for finds nothing (none is stored).
  'q',
]);
const isIdentifier = (path: string) =>
  identifiers.has(path) || identifiers.has(path.split('.').at(-1) as string) || /(^|\.)(roster(<\d+>)?\.)?\w*(Id|Number)$/.test(path);

describe('every request string', () => {
  it.each(requestSchemas)('%s: refuses bidi controls and zero-width characters (free text with INVALID_CHARACTERS)', (_name, schema) => {
    for (const leaf of walk(schema).strings) {
      for (const code of disguising) {
        const result = leaf.schema.safeParse(`Ram${String.fromCodePoint(code)}esh`);
        expect(result.success, `${leaf.path} took ${hex(code)}`).toBe(false);
        if (isFreeText(leaf.schema)) expect(codeOf(result), `${leaf.path} with ${hex(code)}`).toBe('INVALID_CHARACTERS');
      }
      // Hindi with ZWJ and ZWNJ is refused only where the field takes no Hindi at all (formats, patterns).
      if (isFreeText(leaf.schema)) expect(codeOf(leaf.schema.safeParse('क्\u200Dष न्\u200Cह')), leaf.path).not.toBe('INVALID_CHARACTERS');
    }
  });

  it.each(requestSchemas)('%s: free text never keeps an Aadhaar number typed into it', (_name, schema) => {
    for (const leaf of walk(schema).strings.filter((string) => !isIdentifier(string.path))) {
      for (const number of typed) {
        const result = leaf.schema.safeParse(`Seen ${number} at the camp`);
        if (result.success) expect(result.data, leaf.path).toBe(`Seen ${maskedOf(number)} at the camp`);
      }
    }
  });
});

describe('the masking walk', () => {
  it('reaches the fields people type into: notes, reasons, names, campaign names', () => {
    const masked = new Set<string>();
    for (const [name, schema] of requestSchemas) {
      for (const leaf of walk(schema).strings.filter((string) => !isIdentifier(string.path))) {
        const result = leaf.schema.safeParse(`Seen ${typed[0] as string} at the camp`);
        if (result.success && result.data !== `Seen ${typed[0] as string} at the camp`)
          masked.add(`${name.split(' ')[1] as string} ${leaf.path}`);
      }
    }
    for (const field of [
      '/v1/approvals/{taskId}/decision note',
      '/v1/registrations/{id}/resubmit note',
      '/v1/admin/registrations/{id}/migrate note',
      '/v1/registrations/{id}/blocker-fixed note',
      '/v1/admin/anomalies/{id}/review note',
      '/v1/admin/executions/{workflow}/{name}/stop reason',
      '/v1/admin/campaigns name',
      '/v1/registrations/{id}/dependents <0>.name',
      '/v1/registrations/{id}/dependents <0>.nameLocal',
    ]) {
      expect([...masked], field).toContain(field);
    }
  });
});
