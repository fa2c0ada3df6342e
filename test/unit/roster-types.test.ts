// Roster types come from one list (core/schemes.ts): the API's roster reference, upload and campaign bodies, the
// person id and the CLI's --type all take each type on it, and a department export's file key of each type is
// read. A type added to the list and missed in one of those places fails here (or, for the types below, in tsc).
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { CampaignBody, RosterReferenceBody, RosterUploadBody } from '../../functions/api/schemas.js';
import { rosterReferenceFields, type RosterReference } from '../../functions/core/person.js';
import { parseRosterKey } from '../../functions/core/roster/uploads.js';
import { rosterTypes, schemes } from '../../functions/core/schemes.js';
import { parseCommandLine, requiredChoice } from '../../cli/args.js';
import { UsageError } from '../../cli/errors.js';

// The API's roster reference and the core's are the same union, both ways (a missing member fails tsc).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const referenceIsCore: Same<z.output<typeof RosterReferenceBody>, RosterReference> = true;

describe('roster types', () => {
  it('the API roster reference has one member per roster type, with the fields the core keys people by', () => {
    expect(referenceIsCore).toBe(true);
    const members = RosterReferenceBody.options.map((option) => [option.shape.rosterType.value, Object.keys(option.shape).sort()]);
    expect(Object.fromEntries(members)).toEqual(
      Object.fromEntries(rosterTypes.map((type) => [type, ['rosterType', ...rosterReferenceFields[type]].sort()])),
    );
  });

  it.each(rosterTypes)('%s: an upload and a campaign of it are accepted', (rosterType) => {
    expect(RosterUploadBody.safeParse({ scheme: 'pmjay', district: 'Lucknow', rosterType, fileName: 'a.csv' }).success).toBe(true);
    const campaign = { name: 'Drive', scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-12-01', endDate: '2026-12-31' };
    expect(CampaignBody.safeParse({ ...campaign, rosterTypes: [rosterType] }).success).toBe(true);
    expect(CampaignBody.safeParse({ ...campaign, rosterTypes: [...rosterTypes] }).success).toBe(true);
  });

  it.each(rosterTypes)('%s: a file key of it is read for a scheme that takes it, refused for one that does not', (rosterType) => {
    for (const scheme of schemes.values()) {
      const parsed = parseRosterKey(`rosters/${scheme.id}/Lucknow/${rosterType}/file.csv`);
      if (scheme.rosterTypes.includes(rosterType)) expect(parsed).toMatchObject({ ok: true, upload: { rosterType } });
      else expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining(`Scheme ${scheme.id} takes`) });
    }
  });

  it.each(rosterTypes)('%s: the CLI takes it as --type', (rosterType) => {
    const { command, values } = parseCommandLine(['import', 'a.csv', '--type', rosterType]);
    expect(requiredChoice(values, 'type', rosterTypes, command as NonNullable<typeof command>)).toBe(rosterType);
  });

  it('the CLI refuses a --type that is no roster type, naming the ones it takes', () => {
    const { command, values } = parseCommandLine(['import', 'a.csv', '--type', 'pensioners']);
    expect(() => requiredChoice(values, 'type', rosterTypes, command as NonNullable<typeof command>)).toThrow(UsageError);
    expect(() => requiredChoice(values, 'type', rosterTypes, command as NonNullable<typeof command>)).toThrow(/employees/);
  });
});
