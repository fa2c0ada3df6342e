// Every request the API parses, body and query string alike, is held to the same rules: an unknown field is
// refused, every string has a length limit, every array a size limit, and every free text is NFC-normalised.
// The schemas are read from the route declarations, one per route, so a new route is checked without listing it.
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { findRoute, routeKey, routes } from '../../functions/api/routes.js';
import { parseWith } from '../../functions/api/schemas.js';
import { ValidationError } from '../../functions/core/errors.js';
import { arrayMax, isBoundedString, isFreeText, walk } from '../support/schema-walk.js';

const requestSchemas = routes.flatMap((route) => [
  ...(route.request?.body === undefined ? [] : [[`${routeKey(route)} body`, route.request.body] as const]),
  ...(route.request?.query === undefined ? [] : [[`${routeKey(route)} query`, route.request.query] as const]),
]);

// क़ typed as one code point (U+0958) is, in NFC, two: क + nukta. A normalised field stores the two.
const typedNfd = '\u0958abcdefghij';
const stored = typedNfd.normalize('NFC');
// A district is not free text: it is resolved to the gazetteer's name. Faizabad (renamed Ayodhya in 2018) typed
// with precomposed फ़ and ज़ (U+095E, U+095B; NFC writes each as two code points) is still Ayodhya.
const isDistrictField = (path: string) => /(^|\.)districts?(\[\])?$/.test(path);
const districtTypedPrecomposed = '\u095E\u0948\u095B\u093E\u092C\u093E\u0926';

describe('request schemas', () => {
  it('cover the routes that take a body or a query string', () => {
    expect(requestSchemas.length).toBeGreaterThan(20);
  });

  it.each(requestSchemas)('%s: every object refuses unknown fields', (_name, schema) => {
    const loose = walk(schema).objects.filter(
      ({ schema: object }) => (object._zod.def as { catchall?: z.ZodType }).catchall?._zod.def.type !== 'never',
    );
    expect(loose.map((leaf) => leaf.path || '(whole)')).toEqual([]);
  });

  it.each(requestSchemas)('%s: every string has a length limit and every array a size limit', (_name, schema) => {
    const { strings, arrays } = walk(schema);
    expect(strings.filter((leaf) => !isBoundedString(leaf.schema)).map((leaf) => leaf.path)).toEqual([]);
    expect(
      arrays.filter((leaf) => arrayMax(leaf.schema) === undefined || (arrayMax(leaf.schema) as number) > 200).map((leaf) => leaf.path),
    ).toEqual([]);
  });

  it.each(requestSchemas)('%s: every free text is NFC-normalised', (_name, schema) => {
    for (const leaf of walk(schema).strings.filter((string) => isFreeText(string.schema))) {
      const district = isDistrictField(leaf.path);
      const parsed = leaf.schema.safeParse(district ? districtTypedPrecomposed : typedNfd);
      expect(parsed.success, `${leaf.path} takes the probe`).toBe(true);
      expect(parsed.data, leaf.path).toBe(district ? 'Ayodhya' : stored);
    }
  });

  it('refuses an unknown field with 400 INVALID_REQUEST naming it', () => {
    const body = findRoute('POST /v1/approvals/{taskId}/decision')?.request?.body as z.ZodType;
    const refused = (() => {
      try {
        parseWith(body, { decision: 'approve', approvedBy: 'someone else' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).code).toBe('INVALID_REQUEST');
    expect((refused as ValidationError).httpStatus).toBe(400);
    expect(JSON.stringify((refused as ValidationError).details)).toContain('approvedBy');
  });

  it('makes a dependent named in NFD and in NFC one and the same', () => {
    const body = findRoute('POST /v1/registrations/{id}/dependents')?.request?.body as z.ZodType;
    // The same name typed two ways: क़ as one code point and as क + nukta, ी as itself; é decomposed and not.
    const nfd = 'Sita Qure\u0301shi \u0938\u0940\u0924\u093e \u0958\u0941\u0930\u0948\u0936\u0940';
    const nfc = 'Sita Qur\u00e9shi \u0938\u0940\u0924\u093e \u0915\u093c\u0941\u0930\u0948\u0936\u0940';
    expect(nfd).not.toBe(nfc);
    const parse = (name: string) => parseWith(body, { relation: 'spouse', name, yearOfBirth: 1980, gender: 'F' }) as { name: string };
    expect(parse(nfd).name).toBe(parse(nfc).name);
  });
});
