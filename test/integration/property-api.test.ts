// Property: whatever a caller sends to any route — any JSON body or none, any query string, any path id, any
// content type, with a token the route admits — the answer is never a server error; every refusal is JSON
// {code, message} with a code the source defines; and a refused request writes nothing to the table. The
// routes, their body and query field names come from the route table's declarations, so a new
// route is covered as soon as it is declared. Bounded (runs and time); seeded, and the seed is printed, so a
// failure is reproduced with FC_SEED=<seed>.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { routes, type Route } from '../../functions/api/routes.js';
import { eventually } from '../support/eventually.js';
import { knownErrorCodes } from '../support/known-codes.js';
import { useRegistrationStack } from '../support/registration.js';
import { fcSeed, printSeed } from '../support/roster-arbitrary.js';
import { walk } from '../support/schema-walk.js';
import { scanAll } from '../support/stack.js';

// The limiter counts attempts, refused ones too: raised here so that the properties reach past it.
const stack = useRegistrationStack({
  extraEnv: {
    RATE_LIMITS: JSON.stringify({
      'sms-sending': { perClient: { limit: 100_000, windowSeconds: 60 }, perSourceIp: { limit: 100_000, windowSeconds: 60 } },
    }),
  },
});

const numRuns = Number(process.env.FC_RUNS ?? 200);
const timeLimitMs = 90_000;

const known = knownErrorCodes();
const real = { registrationId: '', campaignId: '', employeeId: '' };

/** Items of the table other than the limiter's counters (which count refused attempts by design). */
const dataItems = async (): Promise<number> =>
  (
    await scanAll(stack.env, {
      Select: 'COUNT',
      FilterExpression: 'NOT begins_with(pk, :rate)',
      ExpressionAttributeValues: { ':rate': 'RATE#' },
    })
  ).count;

/** The field names a route's body or query takes, at any depth: arbitrary bodies use them, so they get past "unknown field". */
const fieldNames = (schema: z.ZodType | undefined): string[] =>
  schema === undefined
    ? []
    : [...new Set(walk(schema).objects.flatMap(({ schema: object }) => Object.keys((object._zod.def as { shape?: object }).shape ?? {})))];

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'null',
    'true',
    '=HYPERLINK("x")',
    '\u0958',
    'क़'.normalize('NFD'),
    '\uFEFFLucknow',
    '..',
    '%',
    '%E0%A4',
    '<script>',
    '\u0000',
    'Lucknow',
    'Mal',
    'registration',
    '2026-11-30',
  ),
  fc.stringMatching(/^\d{12}$/),
);

const pathValue = (route: Route, parameter: string) =>
  fc.oneof(
    fc.constant(
      parameter === 'id' && route.path.startsWith('/v1/registrations')
        ? real.registrationId
        : parameter === 'id' && route.path.startsWith('/v1/admin/campaigns')
          ? real.campaignId
          : '00000000-0000-4000-8000-000000000000',
    ),
    fc.constantFrom(
      '0123456789abcdef',
      '0123456789abcdef0123456789abcdef',
      'A-00000000-0000-4000-8000-000000000000',
      'registration',
      'rosterImport',
      'keys',
    ),
    text.filter((value) => value !== '' && !value.includes('/')).map((value) => encodeURIComponent(value)),
    fc.constantFrom('%E0%A4', '%zz', '..'),
  );

const jsonBody = (route: Route) => {
  const names = fieldNames(route.request?.body);
  const value = fc.jsonValue({ maxDepth: 3 });
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .dictionary(
          fc.oneof(fc.constantFrom(...(names.length === 0 ? ['x'] : names)), fc.string({ maxLength: 12 })),
          fc.oneof(value, text),
          { maxKeys: 6 },
        )
        .map((body) => JSON.stringify(body)),
    },
    { weight: 1, arbitrary: value.map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '[]',
        '{"__proto__":{"admin":true}}',
        `{"note":"${'क'.repeat(6000)}"}`,
        '['.repeat(50) + ']'.repeat(50),
      ),
    },
  );
};

const queryString = (route: Route) => {
  const names = fieldNames(route.request?.query);
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...(names.length === 0 ? ['q'] : names)), fc.string({ maxLength: 8 })), text), {
      maxLength: 4,
    })
    .map((pairs) =>
      pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`,
    );
};

const request = fc.constantFrom(...routes).chain((route) =>
  fc.record({
    route: fc.constant(route),
    path: fc.tuple(...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => pathValue(route, match[1] as string))).map((values) => {
      let index = 0;
      return route.path.replace(/\{\w+\}/g, () => values[index++] as string);
    }),
    query: queryString(route),
    body: fc.option(jsonBody(route), { nil: undefined }),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      undefined,
    ),
    idempotencyKey: fc.option(fc.oneof(fc.stringMatching(/^[\w-]{8,40}$/), fc.string({ maxLength: 20 })), { nil: undefined }),
    role: fc.constantFrom(...(route.access.public === true ? (['portal'] as const) : route.access.roles)),
  }),
);

describe('the public API under arbitrary input', () => {
  beforeAll(async () => {
    const { driver } = stack;
    const identity = driver.identity('success', 0);
    const employeeId = await driver.seedEmployee(identity);
    real.employeeId = employeeId;
    real.registrationId = (await driver.startEmployee(employeeId)).registrationId;
    await driver.waitForStatus(real.registrationId, 'MOBILE_OTP_SENT');
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { name: 'Property drive', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-01-01', endDate: '2026-12-31' },
    });
    real.campaignId = String(campaign.body.campaignId);
    // The workflow and the execution ledger settle: the table stays as it is until someone writes.
    let last = -1;
    await eventually('the table to settle', async () => {
      const now = await dataItems();
      const settled = now === last;
      last = now;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return settled ? true : undefined;
    });
  });

  it('never answers 5xx, refuses with a known code as JSON, and writes nothing when it refuses', async () => {
    printSeed(`${numRuns} runs, ${timeLimitMs / 1000} s at most`);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (sent) => {
        const before = await dataItems();
        const headers: Record<string, string> = { authorization: `Bearer ${stack.env.endpoints.tokens[sent.role]}` };
        if (sent.contentType !== undefined) headers['content-type'] = sent.contentType;
        if (sent.idempotencyKey !== undefined) headers['idempotency-key'] = sent.idempotencyKey;
        const response = await stack.env.api(`${sent.path}${sent.query}`, {
          method: sent.route.method,
          headers,
          ...(sent.body === undefined || sent.route.method === 'GET' ? {} : { body: sent.body }),
        });
        const textBody = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const where = `${sent.route.method} ${sent.path}${sent.query} -> ${response.status} ${textBody.slice(0, 300)}`;
        expect(response.status, where).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
          const parsed = JSON.parse(textBody) as { code?: unknown; message?: unknown };
          expect(typeof parsed.code === 'string' && known.has(parsed.code), `${where}: a known code`).toBe(true);
          expect(typeof parsed.message === 'string' && parsed.message.length > 0, `${where}: a message`).toBe(true);
          expect(await dataItems(), `${where}: nothing written`).toBe(before);
        }
      }),
      { seed: fcSeed, numRuns, interruptAfterTimeLimit: timeLimitMs },
    );
    process.stdout.write(`statuses seen: ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    // The properties reached past the front door: refusals of several kinds, not one.
    expect(statuses.size).toBeGreaterThan(2);
  });

  it('writes nothing for a start refused after its Idempotency-Key was claimed (the person has one in progress)', async () => {
    const before = await dataItems();
    const key = 'refused-start-0001';
    const refused = await stack.driver.start(
      {
        scheme: 'up-sects',
        mobile: stack.driver.newMobile(),
        roster: { rosterType: 'employees', employeeId: real.employeeId },
        channel: 'portal',
      },
      { idempotencyKey: key },
    );
    expect(refused).toMatchObject({ status: 409, body: { code: 'REGISTRATION_IN_PROGRESS' } });
    expect(await dataItems()).toBe(before);
    // Asked again with the same key: refused the same way, still nothing written.
    const again = await stack.driver.start(
      {
        scheme: 'up-sects',
        mobile: stack.driver.newMobile(),
        roster: { rosterType: 'employees', employeeId: real.employeeId },
        channel: 'portal',
      },
      { idempotencyKey: key },
    );
    expect(again.body.code).toBe('REGISTRATION_IN_PROGRESS');
    expect(await dataItems()).toBe(before);
  });
});
