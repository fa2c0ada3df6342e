// Property: whatever CSV a department drops — headers from the mapping table in any order, case and language,
// unknown and missing columns, cells with quotes, commas, newlines, Hindi, formulas and Aadhaar numbers, a byte
// order mark, CRLF, blank lines, repeated and conflicting rows, stray quotes — the import ends DONE or
// REFUSED, never FAILED; every row read is landed, counted as unchanged or a duplicate, or in the rejects report
// with a reason; what landed is what the counts say; and no Aadhaar number is stored anywhere in the table or
// the report. Each run is one real import on the embedded stack (S3 event, workflow, table). Bounded (runs and
// time); seeded, and the seed is printed: FC_SEED=<seed> reproduces a failure.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usedSecrets } from '../support/privacy.js';
import { useRegistrationStack } from '../support/registration.js';
import { containsNumber, fcSeed, printSeed, renderRoster, rosterFile } from '../support/roster-arbitrary.js';
import { rosterClient } from '../support/rosters.js';
import { scanAll } from '../support/stack.js';

const stack = useRegistrationStack();

const numRuns = Number(process.env.FC_RUNS ?? 20);
const timeLimitMs = 60_000;

/**
 * Every item this import wrote: its records (keyed by its id) and the people it wrote (they name it). Scoped to
 * the import so that a run, and fast-check's shrinking, is judged by its own writes alone.
 */
const itemsOfImportText = async (importId: string): Promise<string> =>
  JSON.stringify(
    (
      await scanAll(stack.env, {
        FilterExpression: 'importId = :id OR contains(pk, :id) OR removedByImport = :id',
        ExpressionAttributeValues: { ':id': importId },
      })
    ).items,
  );

const landedBy = async (importId: string): Promise<number> =>
  (
    await scanAll(stack.env, {
      Select: 'COUNT',
      FilterExpression: 'begins_with(pk, :person) AND sk = :sk AND importId = :id',
      ExpressionAttributeValues: { ':person': 'PERSON#', ':sk': 'PERSON', ':id': importId },
    })
  ).count;

describe('the roster importer under arbitrary CSV', () => {
  it(
    'ends every import DONE or REFUSED, accounts for every row, and stores no Aadhaar number',
    async () => {
      printSeed(`${numRuns} runs, ${timeLimitMs / 1000} s at most`);
      const rosters = rosterClient(stack.env);
      const outcomes = new Map<string, number>();
      let run = 0;
      const startedAt = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(rosterFile, async (file) => {
            run += 1;
            const { text, records, wellFormed, aadhaarNumbers } = renderRoster(file);
            // Never to be logged either: the whole run's privacy scan looks for them.
            for (const digits of aadhaarNumbers) usedSecrets.aadhaarNumbers.add(digits);
            const key = `rosters/pmjay/Lucknow/ration-card-families/property-${fcSeed}-${run}.csv`;
            await rosters.upload(key, text);
            const imported = await rosters.finished('Lucknow', key, 1, 60_000);
            const outcome = `${imported.status}${imported.refusal === undefined ? '' : ` ${imported.refusal.code}`}`;
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            const where = `import of\n${text.slice(0, 600)}\n-> ${JSON.stringify({ status: imported.status, counts: imported.counts, refusal: imported.refusal })}`;

            expect(['DONE', 'REFUSED'], where).toContain(imported.status);
            const report = imported.rejectsReport === undefined ? '' : await rosters.report(imported);
            const reported = report === '' ? [] : (parse(report, { relaxColumnCount: true, bom: true }) as string[][]).slice(1);
            if (imported.status === 'REFUSED') {
              expect(['AADHAAR_COLUMN', 'MISSING_COLUMNS', 'DUPLICATE_COLUMN', 'EMPTY_FILE'], where).toContain(imported.refusal?.code);
              expect(await landedBy(imported.importId), where).toBe(0);
            } else {
              const counts = imported.counts as NonNullable<typeof imported.counts>;
              expect(counts.read, where).toBe(counts.inserted + counts.updated + counts.unchanged + counts.duplicates + counts.rejected);
              // Every rejected row is in the report, with the column and a reason.
              expect(reported.length, where).toBe(counts.rejected);
              for (const line of reported) {
                expect(Number(line[0]), where).toBeGreaterThan(1);
                expect((line[2] ?? '').length, where).toBeGreaterThan(0);
              }
              expect(new Set(reported.map((line) => line[0])).size, `${where}: one report line a row`).toBe(reported.length);
              // What landed is what the counts say.
              expect(await landedBy(imported.importId), where).toBe(counts.inserted + counts.updated);
              // A well-formed file: every non-blank record after the header was read.
              if (wellFormed) expect(counts.read, where).toBe(records);
            }
            const stored = await itemsOfImportText(imported.importId);
            for (const digits of aadhaarNumbers) {
              expect(containsNumber(stored, digits), `${where}: Aadhaar ${digits.slice(-4)} stored in the table`).toBe(false);
              expect(containsNumber(report, digits), `${where}: Aadhaar ${digits.slice(-4)} in the rejects report`).toBe(false);
            }
          }),
          { seed: fcSeed, numRuns, interruptAfterTimeLimit: timeLimitMs },
        );
      } finally {
        rosters.close();
      }
      process.stdout.write(
        `imports: ${JSON.stringify(Object.fromEntries(outcomes))} in ${run} runs, ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
      );
      expect(run).toBeGreaterThan(3);
    },
    timeLimitMs + 60_000,
  );
});
