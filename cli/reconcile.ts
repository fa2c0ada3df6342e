// What `healthcard verify` concludes, pure: the registrations a client was answered for against what the API
// finds of them, and a roster file's rows against the import that read it and the people it wrote. Each finding
// is a problem (something lost, doubled or stuck: exit 1) or a note (worth knowing, nothing wrong).
import type * as z from 'zod';
import type { PeopleLookupView, RegistrationLookupView } from '../functions/api/schemas.js';
import type { ImportCounts } from '../functions/ports/imports.js';
import { registrationStatuses, terminalStatuses, type RegistrationStatus } from '../functions/core/registration.js';
import { hasPassed } from '../functions/core/steps.js';
import { countDifferences, type CountDifference, type SlotCounts } from '../functions/core/progress.js';

/** One accepted request, as the client wrote it down: the registration it was answered with, and its key. */
export interface Accepted {
  readonly registrationId: string;
  readonly idempotencyKey?: string;
  /** The line of the file it came from, for messages. */
  readonly line: number;
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly registrationId?: string;
  readonly row?: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const key = /^[\w-]{8,128}$/;

/**
 * The accepted file: one request a line, `registrationId` or `registrationId,idempotencyKey` (a header line naming
 * them, blank lines and `#` comments are skipped), or JSON lines `{"registrationId": …, "idempotencyKey": …}`.
 */
export const parseAccepted = (text: string): { accepted: Accepted[]; errors: string[] } => {
  const accepted: Accepted[] = [];
  const errors: string[] = [];
  for (const [index, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    const number = index + 1;
    if (line === '' || line.startsWith('#') || /^registrationId\b/i.test(line)) continue;
    let fields: { registrationId?: unknown; idempotencyKey?: unknown };
    if (line.startsWith('{')) {
      try {
        fields = JSON.parse(line) as typeof fields;
      } catch {
        errors.push(`line ${number}: not JSON`);
        continue;
      }
    } else {
      const [registrationId, idempotencyKey] = line.split(/[,\s]+/);
      fields = { registrationId, ...(idempotencyKey === undefined || idempotencyKey === '' ? {} : { idempotencyKey }) };
    }
    if (typeof fields.registrationId !== 'string' || !uuid.test(fields.registrationId)) {
      errors.push(`line ${number}: no registration id (a UUID) in "${line.slice(0, 80)}"`);
      continue;
    }
    if (fields.idempotencyKey !== undefined && (typeof fields.idempotencyKey !== 'string' || !key.test(fields.idempotencyKey))) {
      errors.push(`line ${number}: "${String(fields.idempotencyKey).slice(0, 80)}" is not an Idempotency-Key`);
      continue;
    }
    accepted.push({
      registrationId: fields.registrationId.toLowerCase(),
      ...(typeof fields.idempotencyKey === 'string' ? { idempotencyKey: fields.idempotencyKey } : {}),
      line: number,
    });
  }
  return { accepted, errors };
};

/** What POST /v1/admin/registrations/lookup answers for one registration. */
export type RegistrationFound = z.output<typeof RegistrationLookupView>['items'][number];

/** Statuses after which nothing more happens to a registration; read as strings, as the lookup answers them. */
const endedStatuses: ReadonlySet<string> = terminalStatuses;

/** Every status a registration can be in: anything else is no status at all. */
const knownStatuses: ReadonlySet<string> = new Set(registrationStatuses);

export interface RegistrationsReport {
  readonly accepted: number;
  readonly listedTwice: number;
  readonly found: number;
  readonly byStatus: Record<string, number>;
  readonly executions: Record<string, number>;
  readonly problems: Finding[];
  readonly notes: Finding[];
}

const tally = (values: readonly string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

/**
 * Every accepted registration found, with a status; one execution each, named by it, moving or ended as its status
 * says; no step it has passed still holding a workflow token; no Idempotency-Key naming another registration; no
 * person with two registrations open at once.
 */
export const reconcileRegistrations = (accepted: readonly Accepted[], found: readonly RegistrationFound[]): RegistrationsReport => {
  const problems: Finding[] = [];
  const notes: Finding[] = [];
  const byId = new Map(found.map((item) => [item.registrationId.toLowerCase(), item]));
  const distinct = [...new Map(accepted.map((entry) => [entry.registrationId, entry])).values()];

  // The same key answered with two registrations: one request made two.
  const idsByKey = new Map<string, Set<string>>();
  for (const entry of accepted) {
    if (entry.idempotencyKey === undefined) continue;
    idsByKey.set(entry.idempotencyKey, (idsByKey.get(entry.idempotencyKey) ?? new Set()).add(entry.registrationId));
  }
  for (const [idempotencyKey, ids] of idsByKey) {
    if (ids.size > 1)
      problems.push({
        code: 'DOUBLED',
        message: `Idempotency-Key ${idempotencyKey} was answered with ${ids.size} registrations: ${[...ids].join(', ')}`,
      });
  }

  const present: RegistrationFound[] = [];
  for (const entry of distinct) {
    const item = byId.get(entry.registrationId);
    const id = entry.registrationId;
    if (item === undefined || !item.found) {
      problems.push({ code: 'MISSING', registrationId: id, message: `${id} (line ${entry.line}): no such registration in your districts` });
      continue;
    }
    present.push(item);
    const status = item.status ?? '';
    if (!knownStatuses.has(status)) {
      problems.push({ code: 'NO_STATUS', registrationId: id, message: `${id}: no status it could be in (${status || 'none'})` });
      continue;
    }
    const execution = item.execution ?? undefined;
    if (execution === undefined) {
      problems.push({
        code: 'EXECUTION_MISSING',
        registrationId: id,
        message: `${id} (${status}): no execution named by it in the ledger`,
      });
    } else if (execution.name.toLowerCase() !== id) {
      problems.push({ code: 'EXECUTION_MISSING', registrationId: id, message: `${id}: the ledger's execution is named ${execution.name}` });
    } else if (execution.status === 'ABORTED' && status === 'STOPPED') {
      // An admin's stop, and the registration says so: a decision someone made, nothing lost or stuck.
      notes.push({
        code: 'STOPPED_BY_ADMIN',
        registrationId: id,
        message: `${id} (STOPPED): its execution was stopped; a redrive resumes it (healthcard redrive ${id})`,
      });
    } else if (execution.status === 'FAILED' || execution.status === 'TIMED_OUT' || execution.status === 'ABORTED') {
      problems.push({
        code: 'EXECUTION_STOPPED',
        registrationId: id,
        message: `${id} (${status}): its execution is ${execution.status}${execution.error === undefined ? '' : ` (${execution.error})`}; nothing moves it on until it is redriven (healthcard redrive ${id})`,
      });
    } else if (execution.status === 'SUCCEEDED' && !endedStatuses.has(status)) {
      problems.push({
        code: 'EXECUTION_ENDED_EARLY',
        registrationId: id,
        message: `${id} (${status}): its execution SUCCEEDED, but the registration has not ended`,
      });
    } else if (execution.status === 'RUNNING' && endedStatuses.has(status)) {
      notes.push({
        code: 'EXECUTION_FINISHING',
        registrationId: id,
        message: `${id} (${status}): its execution is still RUNNING (finishing its last step, or the ledger has not heard yet)`,
      });
    }
    for (const step of item.waitingSteps ?? []) {
      // The status says the workflow went past this step, yet its token is still held.
      if (!hasPassed(status as RegistrationStatus, step)) continue;
      if (execution?.status === 'RUNNING') {
        problems.push({
          code: 'STEP_NOT_DELIVERED',
          registrationId: id,
          message: `${id} (${status}): its workflow still waits in the ${step} step it has passed`,
        });
      } else {
        notes.push({
          code: 'WAIT_LEFT_OVER',
          registrationId: id,
          message: `${id} (${status}): a ${step} wait item was left behind; its execution is ${execution?.status ?? 'unknown'}`,
        });
      }
    }
    if (entry.idempotencyKey !== undefined) {
      const named = item.idempotencyKey?.registrationId;
      if (named === null || named === undefined)
        notes.push({
          code: 'KEY_EXPIRED',
          registrationId: id,
          message: `${id}: Idempotency-Key ${entry.idempotencyKey} names no registration any more (kept 7 days)`,
        });
      else if (named.toLowerCase() !== id)
        problems.push({
          code: 'DOUBLED',
          registrationId: id,
          message: `Idempotency-Key ${entry.idempotencyKey} names ${named}, but the client was answered ${id}`,
        });
    }
  }

  // One open registration per person and scheme.
  const openByPerson = new Map<string, string[]>();
  for (const item of present) {
    if (item.personId === undefined || item.scheme === undefined || endedStatuses.has(item.status ?? '') || item.personId.includes(':dep:'))
      continue;
    const person = `${item.scheme}/${item.personId}`;
    openByPerson.set(person, [...(openByPerson.get(person) ?? []), item.registrationId]);
  }
  for (const [person, ids] of openByPerson) {
    if (ids.length > 1)
      problems.push({ code: 'DOUBLED', message: `${person} has ${ids.length} registrations open at once: ${ids.join(', ')}` });
  }

  return {
    accepted: distinct.length,
    listedTwice: accepted.length - distinct.length,
    found: present.length,
    byStatus: tally(present.map((item) => item.status ?? '')),
    executions: tally(present.map((item) => item.execution?.status ?? 'none')),
    problems,
    notes,
  };
};

// ---- Roster rows ---------------------------------------------------------------------------------------------

/** The file as the importer's own rules read it, here: its data rows, who each valid row is, which rows are refused. */
export interface FileReading {
  readonly refused?: { readonly code: string; readonly message: string };
  readonly rows: number;
  readonly valid: readonly { readonly row: number; readonly personId: string }[];
  readonly invalid: readonly number[];
}

/** What POST /v1/admin/people/lookup answers for one person. */
export type PersonFound = z.output<typeof PeopleLookupView>['items'][number];

export interface RosterInput {
  readonly importId: string;
  readonly status: string;
  readonly receivedAt: string;
  readonly refusal?: { readonly code: string; readonly message: string };
  readonly counts?: ImportCounts;
  readonly file: FileReading;
  /** The rejects report's rows: row number -> its reasons. */
  readonly rejects: ReadonlyMap<number, string>;
  readonly people: readonly PersonFound[];
  /** When the other imports that last wrote some of these people were received (later ones superseded this one). */
  readonly otherImports: Readonly<Record<string, string>>;
}

export interface RosterReport {
  readonly importId: string;
  readonly status: string;
  readonly rows: number;
  readonly counts?: ImportCounts;
  readonly rejected: number;
  readonly people: number;
  readonly writtenByThisImport: number;
  readonly writtenEarlier: number;
  readonly writtenLater: number;
  readonly problems: Finding[];
  readonly notes: Finding[];
}

/**
 * Every row of the file accounted for once: in the rejects report with a reason, or landed as a person (written by
 * this import from one of that person's rows, or unchanged since an earlier one), the import's counts adding up —
 * read = inserted + updated + unchanged + duplicates + rejected — and equal to what the file holds.
 */
export const reconcileRoster = (input: RosterInput): RosterReport => {
  const problems: Finding[] = [];
  const notes: Finding[] = [];
  const { file, counts, rejects } = input;
  // What a refused or unfinished import is reported as: no row accounted for.
  const unfinished = {
    importId: input.importId,
    status: input.status,
    rows: file.rows,
    ...(counts === undefined ? {} : { counts }),
    rejected: rejects.size,
    people: 0,
    writtenByThisImport: 0,
    writtenEarlier: 0,
    writtenLater: 0,
  };

  if (input.status === 'REFUSED' || file.refused !== undefined) {
    if (input.status !== 'REFUSED')
      problems.push({
        code: 'NOT_REFUSED',
        message: `The rules refuse this file (${file.refused?.code}: ${file.refused?.message}), but import ${input.importId} is ${input.status}`,
      });
    else if (file.refused === undefined && !(input.refusal?.code === 'EMPTY_FILE' && file.rows === 0)) {
      problems.push({
        code: 'REFUSED',
        message: `Import ${input.importId} was refused (${input.refusal?.code ?? '?'}), though its rules read this file: is it the same file?`,
      });
    } else
      notes.push({
        code: 'REFUSED_WHOLE',
        message: `The file was refused whole (${file.refused?.code ?? input.refusal?.code}): no row landed, as its rules say`,
      });
    return { ...unfinished, problems, notes };
  }
  if (input.status !== 'DONE' || counts === undefined) {
    problems.push({
      code: 'IMPORT_NOT_DONE',
      message: `Import ${input.importId} is ${input.status}: its rows are not all accounted for yet`,
    });
    return { ...unfinished, problems, notes };
  }

  const sum = counts.inserted + counts.updated + counts.unchanged + counts.duplicates + counts.rejected;
  if (sum !== counts.read)
    problems.push({
      code: 'COUNTS_DO_NOT_ADD_UP',
      message: `read ${counts.read} ≠ inserted ${counts.inserted} + updated ${counts.updated} + unchanged ${counts.unchanged} + duplicates ${counts.duplicates} + rejected ${counts.rejected} (= ${sum})`,
    });
  if (counts.read !== file.rows)
    problems.push({ code: 'ROWS_LOST', message: `The file has ${file.rows} data rows; the import read ${counts.read}` });
  if (counts.rejected !== rejects.size)
    problems.push({
      code: 'REJECTS_MISMATCH',
      message: `The import counts ${counts.rejected} rejected rows; its rejects report lists ${rejects.size}`,
    });

  const fileRows = new Set([...file.valid.map((row) => row.row), ...file.invalid]);
  for (const [row, reason] of rejects) {
    if (!fileRows.has(row))
      problems.push({ code: 'REJECT_NOT_IN_FILE', row, message: `The rejects report lists row ${row}, which is no data row of the file` });
    if (reason.trim() === '')
      problems.push({ code: 'REJECT_WITHOUT_REASON', row, message: `Row ${row} is in the rejects report without a reason` });
  }
  for (const row of file.invalid) {
    if (!rejects.has(row))
      problems.push({ code: 'ROW_LOST', row, message: `Row ${row} breaks the roster rules but is not in the rejects report` });
  }

  // The rows that landed, by person: the first stands, identical repeats are duplicates.
  const rowsOf = new Map<string, number[]>();
  for (const { row, personId } of file.valid) {
    if (rejects.has(row)) continue;
    rowsOf.set(personId, [...(rowsOf.get(personId) ?? []), row]);
  }
  const landedRows = [...rowsOf.values()].reduce((total, rows) => total + rows.length, 0);
  if (counts.inserted + counts.updated + counts.unchanged !== rowsOf.size) {
    problems.push({
      code: 'PEOPLE_MISMATCH',
      message: `${rowsOf.size} different people landed from the file; the import counts ${counts.inserted + counts.updated + counts.unchanged} (inserted + updated + unchanged)`,
    });
  }
  if (counts.duplicates !== landedRows - rowsOf.size) {
    problems.push({
      code: 'DUPLICATES_MISMATCH',
      message: `${landedRows - rowsOf.size} rows repeat a person an earlier row gave; the import counts ${counts.duplicates} duplicates`,
    });
  }

  const received = Date.parse(input.receivedAt);
  const byId = new Map(input.people.map((person) => [person.personId, person]));
  let writtenByThisImport = 0;
  let writtenEarlier = 0;
  let writtenLater = 0;
  for (const [personId, rows] of rowsOf) {
    const person = byId.get(personId);
    if (person === undefined || !person.found) {
      problems.push({
        code: 'PERSON_MISSING',
        row: rows[0] as number,
        message: `Row ${rows[0]} (${personId}) is in no report and landed as no person`,
      });
      continue;
    }
    if (person.importId === input.importId) {
      writtenByThisImport += 1;
      if (person.importRow === undefined || !rows.includes(person.importRow)) {
        problems.push({
          code: 'WRITTEN_BY_ANOTHER_ROW',
          row: rows[0] as number,
          message: `${personId} was written by row ${person.importRow ?? '?'} of this import, which is not one of its rows (${rows.join(', ')})`,
        });
      }
    } else {
      const other = input.otherImports[person.importId ?? ''];
      if (other !== undefined && Date.parse(other) > received) writtenLater += 1;
      else writtenEarlier += 1;
    }
  }
  if (writtenLater === 0) {
    if (writtenByThisImport !== counts.inserted + counts.updated)
      problems.push({
        code: 'WRITES_MISMATCH',
        message: `${writtenByThisImport} people carry this import's mark; it counts ${counts.inserted + counts.updated} inserted or updated`,
      });
    if (writtenEarlier !== counts.unchanged)
      problems.push({
        code: 'UNCHANGED_MISMATCH',
        message: `${writtenEarlier} people were last written by an earlier import; this one counts ${counts.unchanged} unchanged`,
      });
  } else {
    notes.push({ code: 'SUPERSEDED', message: `${writtenLater} people of this file were written again by a later import since` });
  }
  if (counts.removed > 0)
    notes.push({
      code: 'REMOVED',
      message: `${counts.removed} people of the roster this file does not list were marked removed (a full snapshot)`,
    });
  return {
    importId: input.importId,
    status: input.status,
    rows: file.rows,
    counts,
    rejected: rejects.size,
    people: rowsOf.size,
    writtenByThisImport,
    writtenEarlier,
    writtenLater,
    problems,
    notes,
  };
};

// ---- Counts ---------------------------------------------------------------------------------------------------

export interface CountsInput {
  readonly campaignId: string;
  readonly district: string;
  /** Registrations of the scheme the recount read (all districts). */
  readonly registrations: number;
  readonly recounted: readonly SlotCounts[];
  readonly counted: readonly SlotCounts[];
  readonly asOf: string | null;
}

export interface CountsReport {
  readonly campaignId: string;
  readonly district: string;
  readonly registrations: number;
  /** People the registrations place in the district's blocks, and people the kept counts have there. */
  readonly peopleByRegistrations: number;
  readonly peopleCounted: number;
  readonly asOf: string | null;
  readonly differences: readonly CountDifference[];
  readonly problems: readonly Finding[];
  readonly notes: readonly Finding[];
}

/** Everyone is counted in exactly one block: the blocks' slots add up to the district. */
const peopleInBlocks = (rows: readonly SlotCounts[]) =>
  rows.filter((row) => row.slot.startsWith('block#')).reduce((sum, row) => sum + Object.values(row.counts).reduce((a, b) => a + b, 0), 0);

/** The campaign's counts in a district against its registrations: every disagreeing key of every place is a problem. */
export const reconcileCounts = (input: CountsInput): CountsReport => {
  const differences = countDifferences(input.counted, input.recounted);
  return {
    campaignId: input.campaignId,
    district: input.district,
    registrations: input.registrations,
    peopleByRegistrations: peopleInBlocks(input.recounted),
    peopleCounted: peopleInBlocks(input.counted),
    asOf: input.asOf,
    differences,
    problems: differences.map((difference) => ({
      code: 'COUNT_DIFFERS',
      message: `${difference.slot} (${difference.rosterType}) ${difference.key}: counted ${difference.counted}, registrations say ${difference.registrations}`,
    })),
    notes:
      input.asOf === null
        ? [{ code: 'NOTHING_COUNTED_YET', message: 'The change stream has not been applied yet: no counts are kept so far.' }]
        : [],
  };
};
