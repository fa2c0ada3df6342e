// Every code a person can see has words in both languages: each state of the two workflows (read from the ASL
// files themselves), each scheme id (from the scheme files), each error class a step can end with, and every
// error code the API's source can answer with (found by reading functions/, not from a list kept beside the
// labels). A code without its own label is told by its HTTP status; either way no Hindi text carries English.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errorClasses from '../../functions/core/errors.js';
import { schemeIds } from '../../functions/core/schemes.js';
import { ApiError } from '../../web/src/api.js';
import { codeText, errorText, retryCanHelp } from '../../web/src/error-text.js';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { labelFor, translator } from '../../web/src/i18n/index.js';

const root = join(import.meta.dirname, '..', '..');
const th = translator('hi');
const te = translator('en');
/** Latin words a Hindi text may keep: units and formats district offices write in Latin letters. */
const latinInHindi = new Set(['OTP', 'SMS', 'CSV', 'PDF', 'UTF-8']);
const latinWords = (text: string) => (text.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter((word) => !latinInHindi.has(word));

const stateNames = (definition: { States: Record<string, Record<string, unknown>> }): string[] =>
  Object.entries(definition.States).flatMap(([name, state]) => {
    const inner = (state.ItemProcessor ?? state.Iterator) as typeof definition | undefined;
    const branches = (state.Branches as (typeof definition)[] | undefined) ?? [];
    return [name, ...(inner === undefined ? [] : stateNames(inner)), ...branches.flatMap(stateNames)];
  });

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

describe('labels for every code a person sees', () => {
  it('names every state of every workflow, in English and Hindi', () => {
    const files = readdirSync(join(root, 'workflows')).filter((name) => name.endsWith('.asl.json'));
    const states = files.flatMap((file) => stateNames(JSON.parse(readFileSync(join(root, 'workflows', file), 'utf8'))));
    expect(states.length).toBeGreaterThan(10);
    for (const state of states) {
      expect(`state_${state}` in en, state).toBe(true);
      expect(latinWords(labelFor(th, 'state', state)), state).toEqual([]);
    }
  });

  it('names every scheme', () => {
    for (const id of schemeIds) {
      expect(`scheme_${id.replace(/-/g, '_')}` in en, id).toBe(true);
      expect(labelFor(th, 'scheme', id), id).not.toBe(id);
    }
  });

  it('says what each error a workflow step ends with means, and something plain for one it does not know', () => {
    const names = Object.keys(errorClasses).filter((name) => name.endsWith('Error'));
    const stepErrors = names.filter((name) =>
      readdirSync(join(root, 'workflows')).some((file) => readFileSync(join(root, 'workflows', file), 'utf8').includes(name)),
    );
    expect(stepErrors.length).toBeGreaterThan(3);
    for (const name of [...stepErrors, 'SmsRejectedError']) expect(`errorName_${name}` in en, name).toBe(true);
    expect(labelFor(th, 'errorName', 'States.TaskFailed')).toBe(hi.errorName_other);
  });

  it('tells every API error code in words of the language, never the English message or the code', () => {
    const codes = new Set(
      sourceFiles(join(root, 'functions')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1] as string),
      ),
    );
    expect(codes.size).toBeGreaterThan(50);
    for (const code of codes) {
      for (const status of [400, 403, 404, 409, 422, 429, 503]) {
        const error = new ApiError(status, code, `English message of ${code}`);
        const hindi = errorText(th, error);
        expect(latinWords(hindi), `${code} ${status}: ${hindi}`).toEqual([]);
        expect(errorText(te, error)).not.toContain('English message');
      }
    }
    expect(codeText(th, 'FORBIDDEN', 403)).toBe('आपकी भूमिका में यह देखने या करने की अनुमति नहीं है।');
    expect(errorText(th, new ApiError(0, 'NETWORK', 'The API cannot be reached.'))).toBe(hi.apiError_NETWORK);
  });

  it('offers a retry only where a retry can help', () => {
    const retry = (status: number) => retryCanHelp(new ApiError(status, 'X', 'x'));
    expect([400, 401, 403, 404, 409, 422].map(retry)).toEqual([false, false, false, false, false, false]);
    expect([0, 429, 500, 502, 503].map(retry)).toEqual([true, true, true, true, true]);
  });
});
