// The published document and the checker that holds every integration-test answer to it. The expected verdicts
// come from tools we did not write: the OpenAPI 3.1 JSON Schema (@seriousme/openapi-schema-validator) and
// openapi-backend with Ajv's 2020-12 validator. Deliberately wrong answers show the checker can fail.
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { errorCodesOf, openApiDocument } from '../../functions/api/openapi.js';
import { errorMeaning } from '../../functions/api/error-codes.js';
import { routeKey, routes } from '../../functions/api/routes.js';
import { registrationStatuses } from '../../functions/core/registration.js';
import { createContractChecker } from '../../test/support/contract.js';

type Json = Record<string, unknown>;
const document = () => structuredClone(openApiDocument()) as unknown as Json;
const operation = (path: string, method: string) => ((document().paths as Json)[path] as Json)[method] as Json;

describe('the OpenAPI document', () => {
  it("is valid OpenAPI 3.1 by the specification's own JSON Schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(document());
    expect(result.valid, JSON.stringify(result.errors ?? []).slice(0, 1000)).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('enumerates every registration status of core/registration.ts, each described', () => {
    const schema = ((document().components as Json).schemas as Json).RegistrationStatus as { enum: string[]; description: string };
    expect(schema.enum).toEqual([...registrationStatuses]);
    for (const status of registrationStatuses) expect(schema.description).toContain(`\`${status}\``);
  });

  it('declares the 200 of an idempotent repeat, and 503 PROVIDER_UNAVAILABLE on the e-KYC routes', () => {
    const start = operation('/v1/registrations', 'post').responses as Json;
    expect(Object.keys(start)).toEqual(expect.arrayContaining(['200', '202']));
    for (const path of ['/v1/registrations/{id}/ekyc', '/v1/registrations/{id}/ekyc/verify']) {
      const unavailable = (operation(path, 'post').responses as Json)['503'] as Json;
      expect(JSON.stringify(unavailable)).toContain('PROVIDER_UNAVAILABLE');
    }
  });

  it('says what every error code a route lists means', () => {
    const unexplained = routes.flatMap((route) =>
      [...errorCodesOf(route).values()]
        .flat()
        .filter((code) => errorMeaning(code) === undefined)
        .map((code) => `${routeKey(route)}: ${code}`),
    );
    expect(unexplained).toEqual([]);
  });

  it("publishes the Idempotency-Key's characters as a pattern", () => {
    const header = (operation('/v1/registrations', 'post').parameters as Json[]).find(
      (parameter) => parameter.name === 'idempotency-key',
    ) as { schema: { pattern: string } };
    const pattern = new RegExp(header.schema.pattern);
    expect(pattern.test('3f0c9a52-7d1e-4b8a-9a57-0d6f2f1f6c11')).toBe(true);
    expect(pattern.test('key with spaces')).toBe(false);
    expect(pattern.test('ключ-ключ-ключ')).toBe(false);
  });
});

describe('the contract checker', () => {
  it('passes an answer the document describes', async () => {
    const checker = await createContractChecker();
    expect(
      checker.problems({
        method: 'GET',
        path: '/v1/registrations/0f8fad5b-d9cb-469f-a165-70867728950e',
        status: 404,
        body: { code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' },
      }),
    ).toEqual([]);
    expect(
      checker.problems({
        method: 'POST',
        path: '/v1/registrations',
        status: 200,
        body: { registrationId: 'r', status: 'MOBILE_OTP_SENT', created: false },
      }),
    ).toEqual([]);
  });

  it('fails a status the route does not declare', async () => {
    const checker = await createContractChecker();
    const problems = checker.problems({ method: 'GET', path: '/v1/cards/keys', status: 418, body: { code: 'TEAPOT', message: 'no' } });
    expect(problems.join('\n')).toMatch(/status 418 is not declared/);
  });

  it.each([
    [
      'a body of the wrong shape',
      'POST',
      '/v1/registrations',
      202,
      { registrationId: 42, status: 'STARTED', created: true },
      /registrationId must be string/,
    ],
    [
      'an unknown status value',
      'POST',
      '/v1/registrations',
      202,
      { registrationId: 'r', status: 'HALF_DONE', created: true },
      /status must be equal to one of the allowed values/,
    ],
    [
      'a field the document does not name',
      'POST',
      '/v1/registrations',
      202,
      { registrationId: 'r', status: 'STARTED', created: true, secret: 'x' },
      /additional properties/,
    ],
    [
      'a code the route does not answer',
      'GET',
      '/v1/cards/ABC-LUC-00000001-X',
      404,
      { code: 'REGISTRATION_NOT_FOUND', message: 'x' },
      /code must be equal to one of the allowed values/,
    ],
  ] as const)('fails %s', async (_, method, path, status, body, problem) => {
    const checker = await createContractChecker();
    expect(checker.problems({ method, path, status, body }).join('\n')).toMatch(problem);
  });

  it("fails a success body by the route's declared zod schema too, strictly, with zod's message", async () => {
    const checker = await createContractChecker();
    const wrongType = checker
      .problems({ method: 'GET', path: '/v1/cards/keys', status: 200, body: { keys: [{ kty: 'EC', crv: 'P-256', x: 1, y: 'b' }] } })
      .join('\n');
    expect(wrongType).toMatch(/declared schema refuses the body/);
    expect(wrongType).toMatch(/expected string/);
    const extra = checker
      .problems({
        method: 'GET',
        path: '/v1/cards/keys',
        status: 200,
        body: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', d: 'secret' }] },
      })
      .join('\n');
    expect(extra).toMatch(/body field keys\[0\]\.d is not in the route's declared schema/);
  });

  it("fails an API path the document does not have, and leaves the stack's own endpoints alone", async () => {
    const checker = await createContractChecker();
    expect(checker.problems({ method: 'GET', path: '/v1/nothing-here', status: 200, body: {} }).join('\n')).toMatch(/no operation/);
    expect(
      checker.problems({ method: 'GET', path: '/v1/nothing-here', status: 404, body: { code: 'ROUTE_NOT_FOUND', message: 'x' } }),
    ).toEqual([]);
    expect(checker.problems({ method: 'GET', path: '/local/outbox?to=1', status: 200, body: { anything: true } })).toEqual([]);
  });

  it('refuses a document that is not valid OpenAPI', async () => {
    const broken = document();
    (broken.info as Json).title = 42;
    await expect(createContractChecker(broken)).rejects.toThrow(/not valid OpenAPI/);
  });
});
