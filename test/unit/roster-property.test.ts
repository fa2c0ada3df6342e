// Property, in process: any roster file, through the reader the importer uses (csv-parse) and the row mapper,
// never throws but for a refused header; every record read is a person or a reject with a reason; no person
// carries an Aadhaar number and no reject shows one. Many runs, quickly; the embedded-stack property
// (test/integration/property-roster-import.test.ts) adds the table, the workflow and the report. Seeded: the
// seed is printed, FC_SEED=<seed> reproduces.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../functions/adapters/roster-readers.js';
import { RosterRefusedError, type ParsedRow } from '../../functions/core/roster/records.js';
import { containsNumber, fcSeed, printSeed, renderRoster, rosterFile } from '../support/roster-arbitrary.js';

const context = { scheme: 'pmjay', rosterType: 'ration-card-families' as const, district: 'Lucknow', thisYear: 2026 };

describe('roster rows under arbitrary CSV', () => {
  it('are each a person or a reject with a reason, and never carry an Aadhaar number', async () => {
    printSeed();
    await fc.assert(
      fc.asyncProperty(rosterFile, async (file) => {
        const rendered = renderRoster(file);
        const rows: ParsedRow[] = [];
        try {
          for await (const row of parseRoster(Readable.from([Buffer.from(rendered.text)]), context)) rows.push(row);
        } catch (error) {
          // A refused header is the one way out, and it happens before any row.
          expect(error, rendered.text).toBeInstanceOf(RosterRefusedError);
          expect(rows, rendered.text).toEqual([]);
          return;
        }
        if (rendered.wellFormed) expect(rows.length, JSON.stringify(rendered.text)).toBe(rendered.records);
        for (const row of rows) {
          if (!row.ok) expect(row.problems.length).toBeGreaterThan(0);
          const text = JSON.stringify(row.ok ? row.person : row.raw);
          for (const digits of rendered.aadhaarNumbers)
            expect(containsNumber(text, digits), `${JSON.stringify(rendered.text)}: ${text}`).toBe(false);
        }
        expect(new Set(rows.map((row) => row.rowNumber)).size).toBe(rows.length);
      }),
      { seed: fcSeed, numRuns: 300, interruptAfterTimeLimit: 20_000 },
    );
  }, 40_000);
});
