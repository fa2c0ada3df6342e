// The roster-import workflow's three steps (workflows/roster-import.asl.json):
//   PlanChunks   read the file once: refuse it (with a report) or cut it into byte ranges on record boundaries;
//   ImportChunk  one range: rows to people (upserted in batches while the next batch is parsed), rejects to a
//                report part, and for a full snapshot the people it saw; recorded once per chunk;
//   Summarize    counts, one rejects report, removals (full snapshot), the eligible population, the record.
// Every step can run again (a retry, a resumed execution) and changes nothing the second time.
import { hash } from 'node:crypto';
import { NotFoundError, RosterImportFailedError } from '../errors.js';
import { CsvRangePlanner, joinRanges, planCsvRanges, type ByteRange, type CsvLayout } from '../roster/chunks.js';
import { csvCopyOf } from '../roster/csv-copy.js';
import { planHeaders, rosterColumns } from '../roster/columns.js';
import { maskAadhaarNumbers } from '../aadhaar.js';
import { rosterRowBatches, RosterRefusedError, RosterUnreadableError, type ParsedRow, type RosterContext } from '../roster/records.js';
import { parseRosterKey } from '../roster/uploads.js';
import { findScheme, type RosterType } from '../schemes.js';
import { withCategories } from '../categories.js';
import { indianDay } from '../progress.js';
import type { ChunkResult, ImportCounts, ImportPlan, ImportRecord, Imports, Refusal } from '../../ports/imports.js';
import type { EligibleCounts, EligiblePopulation, People, RosterRow, RosterScope, ScopedPerson } from '../../ports/people.js';
import type { RosterFiles, RosterObject, RosterWorkbooks } from '../../ports/roster-files.js';
import type { Clock } from './deps.js';

export interface ImportTuning {
  /** Target size of a CSV chunk: big enough to amortise a Lambda call, small enough to finish well inside 15 min. */
  readonly chunkBytes: number;
  /** Chunks imported at once (the Map's MaxConcurrency). */
  readonly concurrency: number;
  /** Rows per upsert call (BatchGet of 100s, BatchWrite of 25s underneath). */
  readonly batchRows: number;
}

export interface RosterImportDeps {
  readonly imports: Imports;
  readonly people: People;
  readonly files: RosterFiles;
  readonly clock: Clock;
  readonly tuning: ImportTuning;
}

/** PlanChunks alone reads .xlsx files: the other steps read CSV (an .xlsx's CSV copy). */
export interface RosterPlanDeps extends RosterImportDeps {
  readonly workbooks: RosterWorkbooks;
}

export interface ChunkTask extends ByteRange {
  readonly importId: string;
  readonly index: number;
}

export interface ImportPlanOutput {
  readonly importId: string;
  readonly concurrency: number;
  readonly chunks: readonly ChunkTask[];
}

const reportPrefix = (importId: string) => `imports/${importId}`;
export const rejectsReportKey = (importId: string) => `${reportPrefix(importId)}/rejects.csv`;
/** An .xlsx roster's first sheet as CSV, made by PlanChunks for the chunks and deleted when the import ends. */
const sheetCopyKey = (importId: string) => `${reportPrefix(importId)}/sheet.csv`;

/** A file name ending `.full.csv` / `.full.xlsx` declares the file a full snapshot of its roster for the district. */
export const isFullSnapshot = (key: string): boolean => /\.full\.(csv|xlsx)$/i.test(key);

const requireRecord = async (imports: Imports, importId: string): Promise<ImportRecord> => {
  const record = await imports.get(importId);
  if (record === undefined) throw new NotFoundError({ code: 'IMPORT_NOT_FOUND', message: `No import ${importId}.` });
  return record;
};

const objectOf = (record: ImportRecord): RosterObject => ({
  bucket: record.bucket,
  key: record.key,
  ...(record.versionId === undefined ? {} : { versionId: record.versionId }),
});

const isRosterType = (rosterType: string | undefined): rosterType is RosterType => rosterType !== undefined && rosterType in rosterColumns;

const contextOf = (record: ImportRecord, now: number): RosterContext => {
  if (record.scheme === undefined || record.district === undefined || !isRosterType(record.rosterType)) {
    throw new RosterImportFailedError({ message: `Import ${record.importId} has no importable roster scope.` });
  }
  return { scheme: record.scheme, district: record.district, rosterType: record.rosterType, thisYear: new Date(now).getUTCFullYear() };
};

const refuse = async (
  deps: RosterImportDeps,
  record: ImportRecord,
  refusal: Refusal,
  row: number,
  csvCopyKey?: string,
): Promise<ImportPlanOutput> => {
  if (csvCopyKey !== undefined) await deps.files.deleteObject(csvCopyKey);
  const report = rejectsReportKey(record.importId);
  await deps.files.writeReport(
    report,
    [
      ['row', 'column', 'reason'],
      [String(row), (refusal.columns ?? []).join(', '), refusal.message],
    ],
    { forPeople: true },
  );
  await deps.imports.refused(record.importId, refusal, report, new Date(deps.clock.now()).toISOString());
  return { importId: record.importId, concurrency: 1, chunks: [] };
};

/**
 * Bytes a chunk aims at: at most the configured size, and small enough that every concurrent slot gets work (a
 * 13 MB file on 4 slots is 4 chunks, not 2 of 8 MB), but not so small that a Lambda call is spent on a few rows.
 */
export const chunkTarget = (size: number, tuning: Pick<ImportTuning, 'chunkBytes' | 'concurrency'>): number =>
  Math.min(tuning.chunkBytes, Math.max(64 * 1024, Math.ceil(size / tuning.concurrency)));

/** The header row's bytes: 500 columns of 500 characters (columns.ts) in three-byte Devanagari, and the commas. */
const maxHeaderBytes = 1024 * 1024;

/** A .csv upload that is something else: a workbook under the wrong name, or text in UTF-16 (Excel's "Unicode Text"). */
const notCsvReason = (first: Uint8Array | undefined): Refusal | undefined => {
  if (first === undefined || first.length < 2) return undefined;
  if (first[0] === 0x50 && first[1] === 0x4b) {
    return {
      code: 'NOT_CSV',
      message: 'The file is named .csv but is a zip (an .xlsx workbook?). Upload it with the name .xlsx, or save it as CSV UTF-8.',
    };
  }
  if ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff)) {
    return {
      code: 'UNSUPPORTED_ENCODING',
      message: 'The file is UTF-16 text (Excel\'s "Unicode Text"). Save it as "CSV UTF-8 (Comma delimited)" and upload again.',
    };
  }
  return undefined;
};

/** The smallest chunk worth a Lambda call (chunkTarget's floor). */
const minimumChunkBytes = 64 * 1024;

/**
 * An .xlsx roster's first sheet copied as one CSV object in the report bucket, streamed while it is read, and
 * its layout: what the chunks of the import read, so that no chunk bundles or runs a workbook reader. A workbook
 * refused before any row (no zip, too large, compressed like no spreadsheet) is a refusal; one exceljs cannot
 * parse part-way keeps the rows read and says where reading stopped.
 */
const copyWorkbookAsCsv = async (
  deps: RosterPlanDeps,
  importId: string,
  workbook: RosterObject,
): Promise<{ refusal: Refusal } | { object: RosterObject; layout: CsvLayout; unreadableFrom?: ImportPlan['unreadableFrom'] }> => {
  let refusal: Refusal | undefined;
  let unreadableFrom: ImportPlan['unreadableFrom'];
  let lastRow = 0;
  let anyCell = false;
  const records = (async function* () {
    try {
      for await (const source of deps.workbooks.records(workbook)) {
        if (!('cells' in source)) continue;
        lastRow = source.row;
        anyCell ||= source.cells.some((cell) => cell.trim() !== '');
        yield source;
      }
    } catch (error) {
      if (!(error instanceof RosterUnreadableError)) throw error;
      if (anyCell) unreadableFrom = { row: lastRow + 1, message: error.message };
      else refusal = { code: error.code, message: error.message };
    }
  })();
  // Planned in small ranges as it is written, joined to the chunk size once the copy's size is known.
  const planner = new CsvRangePlanner(Math.min(minimumChunkBytes, deps.tuning.chunkBytes));
  const object = await deps.files.writeStream(
    sheetCopyKey(importId),
    (async function* () {
      for await (const bytes of csvCopyOf(records)) {
        planner.push(bytes);
        yield bytes;
      }
    })(),
    'text/csv; charset=utf-8',
  );
  if (refusal !== undefined) return { refusal };
  const layout = planner.finish();
  return {
    object,
    layout: { ...layout, ranges: joinRanges(layout.ranges, chunkTarget(layout.size, deps.tuning)) },
    ...(unreadableFrom === undefined ? {} : { unreadableFrom }),
  };
};

/** PlanChunks: the file refused with a report, or cut into chunks. A file already planned is planned the same way again. */
export const planImport = async (deps: RosterPlanDeps, importId: string): Promise<ImportPlanOutput> => {
  const record = await requireRecord(deps.imports, importId);
  if (record.status === 'REFUSED' || record.status === 'DONE') return { importId, concurrency: 1, chunks: [] };
  const upload = parseRosterKey(record.key);
  if (!upload.ok) return refuse(deps, record, { code: 'BAD_KEY', message: upload.reason }, 0);
  const { rosterType, format } = upload.upload;
  let object = objectOf(record);
  let layout: CsvLayout;
  let csvCopy: RosterObject | undefined;
  let unreadableFrom: ImportPlan['unreadableFrom'];
  if (format === 'csv') {
    let firstBytes: Uint8Array | undefined;
    const bytes = deps.files.bytes(object);
    layout = await planCsvRanges(
      (async function* () {
        for await (const chunk of bytes) {
          firstBytes ??= chunk;
          yield chunk;
        }
      })(),
      chunkTarget(record.size, deps.tuning),
    );
    const notCsv = notCsvReason(firstBytes);
    if (notCsv !== undefined) return refuse(deps, record, notCsv, 1);
  } else {
    const copy = await copyWorkbookAsCsv(deps, importId, object);
    if ('refusal' in copy) return refuse(deps, record, copy.refusal, 0, sheetCopyKey(importId));
    ({ layout, object, unreadableFrom } = copy);
    csvCopy = copy.object;
  }
  // A refused workbook's copy goes with the refusal: a copy holds whatever the sheet held (Aadhaar numbers in a
  // refused column, say) and is kept no longer than its import needs it.
  const copyKey = csvCopy?.key;
  const { header } = layout;
  let ranges = layout.ranges;
  if (header !== undefined && header.end - header.start > maxHeaderBytes) {
    return refuse(
      deps,
      record,
      {
        code: 'HEADER_TOO_LONG',
        message: `The header row is ${header.end - header.start} bytes long; a roster's is at most ${maxHeaderBytes}. Check that the first row is the header and that no quote is left open.`,
      },
      header.row,
      copyKey,
    );
  }
  let cells: readonly string[] | undefined;
  if (header !== undefined) {
    for await (const [source] of deps.files.recordBatches(object, {
      header,
      range: { start: header.end, end: header.end, firstRow: header.row + 1 },
    })) {
      if (source !== undefined && 'cells' in source) cells = source.cells;
      break;
    }
  }
  if (cells === undefined || header === undefined)
    return refuse(deps, record, { code: 'EMPTY_FILE', message: 'The file has no header row and no rows.' }, 1, copyKey);
  // Reading stopped before any row: one chunk of no rows still reports where.
  if (unreadableFrom !== undefined && ranges.length === 0) ranges = [{ start: header.end, end: header.end, firstRow: header.row + 1 }];
  const plan = planHeaders(cells, rosterType);
  if (!plan.ok) return refuse(deps, record, { code: plan.reason, message: plan.message, columns: plan.columns }, header.row, copyKey);

  const context = contextOf(record, deps.clock.now());
  const scopeWasEmpty = !(await deps.people.anyInScope({
    scheme: context.scheme,
    district: context.district,
    rosterType: context.rosterType,
  }));
  await deps.imports.planned(importId, {
    format,
    snapshot: isFullSnapshot(record.key),
    scopeWasEmpty,
    header,
    ...(csvCopy === undefined ? {} : { csvCopy: { bucket: csvCopy.bucket, key: csvCopy.key, size: layout.size } }),
    ...(unreadableFrom === undefined ? {} : { unreadableFrom }),
    // Header names as the file gives them, for reports; a "header" that is really a row of data keeps no Aadhaar number.
    columns: cells.map((cell) => maskAadhaarNumbers(cell.trim())),
    chunks: ranges.length,
    startedAt: new Date(deps.clock.now()).toISOString(),
  });
  return {
    importId,
    concurrency: Math.max(1, Math.min(deps.tuning.concurrency, ranges.length)),
    chunks: ranges.map((range, index) => ({ importId, index, ...range })),
  };
};

/** 64 bits of a person's id: what a snapshot's chunks record of the people they saw (8 bytes a person). */
export const seenHash = (personId: string): bigint => hash('sha256', personId, 'buffer').readBigUInt64BE(0);

const rejectLine = (row: Extract<ParsedRow, { ok: false }>): string[] => [
  String(row.rowNumber),
  row.problems.map((problem) => problem.column).join(', '),
  // A reason may quote the cell it is about ("the row says …"): an Aadhaar number in it is masked like the cell.
  maskAadhaarNumbers(row.problems.map((problem) => `${problem.column}: ${problem.reason}`).join(' | ')),
  ...row.raw,
];

/** ImportChunk: one range of the file. A chunk recorded already returns its recorded result. */
export const importChunk = async (deps: RosterImportDeps, task: ChunkTask): Promise<ChunkResult> => {
  const recorded = await deps.imports.chunkResult(task.importId, task.index);
  if (recorded !== undefined) return recorded;
  const record = await requireRecord(deps.imports, task.importId);
  const context = contextOf(record, deps.clock.now());
  if (record.format === 'xlsx' && record.csvCopy === undefined) {
    throw new RosterImportFailedError({
      message: `Import ${task.importId} was planned without a CSV copy of its workbook; upload the file again.`,
    });
  }
  // An .xlsx is read as the CSV copy planning made of its first sheet.
  const source = record.csvCopy === undefined ? objectOf(record) : { bucket: record.csvCopy.bucket, key: record.csvCopy.key };
  const part = { header: record.header ?? { start: 0, end: 0, row: 1 }, range: task };

  const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 };
  // Categories by age are decided on one day for the whole file: the day (IST) the import started.
  const importDay = indianDay(record.startedAt === undefined ? deps.clock.now() : Date.parse(record.startedAt));
  const scopeWasEmpty = record.scopeWasEmpty === true;
  // Into an empty scope every person written is new: counted here, so Summarize need not read the scope back.
  const eligible = scopeWasEmpty ? eligibleCounter(findScheme(context.scheme)?.eligibleRosterStatuses ?? ['active']) : undefined;
  const rejects: string[][] = [];
  const seen: bigint[] = [];
  let batch: RosterRow[] = [];
  let writing: Promise<void> | undefined;
  const write = async (rows: RosterRow[]) => {
    const result = await deps.people.upsert(rows, task.importId, { scopeWasEmpty });
    if (eligible !== undefined) {
      const refused = new Set(result.conflicts.map((conflict) => conflict.row));
      const counted = new Set<string>();
      for (const { person, row } of rows) {
        if (refused.has(row) || counted.has(person.personId)) continue;
        counted.add(person.personId);
        eligible.add(person);
        // Who this chunk wrote: Summarize finds a person written by two chunks among these, without a scan.
        seen.push(seenHash(person.personId));
      }
    }
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    counts.unchanged += result.unchanged;
    counts.duplicates += result.duplicates;
    for (const conflict of result.conflicts) {
      counts.rejected += 1;
      rejects.push([
        String(conflict.row),
        '(row)',
        `Row ${conflict.otherRow} of this file gives the same person with other details; this row was not imported. Keep one of them.`,
      ]);
    }
  };
  try {
    for await (const rows of rosterRowBatches(deps.files.recordBatches(source, part), context)) {
      for (const row of rows) {
        counts.read += 1;
        if (record.snapshot === true && !scopeWasEmpty) {
          const personId = row.ok ? row.person.personId : row.personId;
          if (personId !== undefined) seen.push(seenHash(personId));
        }
        if (!row.ok) {
          counts.rejected += 1;
          rejects.push(rejectLine(row));
          continue;
        }
        batch.push({ person: withCategories(row.person, importDay), row: row.rowNumber });
        if (batch.length >= deps.tuning.batchRows) {
          // One batch is written while the next is parsed.
          await writing;
          writing = write(batch);
          // Handled here so a failure while the next batch is parsed is not an unhandled rejection; awaited below.
          writing.catch(() => undefined);
          batch = [];
        }
      }
    }
    await writing;
    await write(batch);
  } catch (error) {
    await writing?.catch(() => undefined);
    // The header was checked when the file was planned; a chunk that sees it refused means the file changed under us.
    if (error instanceof RosterRefusedError) throw new RosterImportFailedError({ message: `Chunk ${task.index}: ${error.message}` });
    throw error;
  }
  // A workbook exceljs could not parse part-way, when planned: what was read stands, and the last chunk's report
  // says where reading stopped.
  if (record.unreadableFrom !== undefined && task.index === (record.chunks ?? 0) - 1) {
    counts.read += 1;
    counts.rejected += 1;
    rejects.push([String(record.unreadableFrom.row), '(file)', `The rest of the file could not be read: ${record.unreadableFrom.message}`]);
  }

  const prefix = reportPrefix(task.importId);
  const rejectsPart = rejects.length === 0 ? undefined : `${prefix}/rejects/${String(task.index).padStart(5, '0')}.csv`;
  if (rejectsPart !== undefined) {
    rejects.sort((a, b) => Number(a[0]) - Number(b[0]));
    await deps.files.writeReport(rejectsPart, rejects);
  }
  const seenPart = scopeWasEmpty || record.snapshot === true ? `${prefix}/seen/${String(task.index).padStart(5, '0')}.bin` : undefined;
  if (seenPart !== undefined) await deps.files.writeBytes(seenPart, new Uint8Array(BigUint64Array.from(seen).buffer));
  return deps.imports.chunkDone(task.importId, {
    index: task.index,
    // Progress is in the uploaded file's bytes: a range of an .xlsx's CSV copy counts its share of the workbook.
    bytes: record.csvCopy === undefined ? task.end - task.start : Math.round(((task.end - task.start) * record.size) / record.csvCopy.size),
    counts,
    ...(rejectsPart === undefined ? {} : { rejectsPart }),
    ...(seenPart === undefined ? {} : { seenPart }),
    ...(eligible === undefined ? {} : { eligible: eligible.counts() }),
  });
};

const bump = (counts: Record<string, number>, key: string | undefined) => {
  if (key !== undefined && key !== '') counts[key] = (counts[key] ?? 0) + 1;
};

/** Counts eligible people person by person (a million never sit in memory), or adds up counts made elsewhere. Pure. */
export const eligibleCounter = (eligibleStatuses: readonly string[]) => {
  const byBlock: Record<string, number> = {};
  const byVillage: Record<string, number> = {};
  const byDepartment: Record<string, number> = {};
  const byDdo: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const officeOfDdo: Record<string, string> = {};
  let total = 0;
  let removed = 0;
  const merge = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
    for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
  };
  // The first office by name where rows differ: the same whichever chunk counted which row.
  const keepOffice = (ddoCode: string | undefined, office: string | undefined) => {
    if (ddoCode === undefined || ddoCode === '' || office === undefined || office === '') return;
    const kept = officeOfDdo[ddoCode];
    if (kept === undefined || office.localeCompare(kept) < 0) officeOfDdo[ddoCode] = office;
  };
  const offices = () => (Object.keys(officeOfDdo).length === 0 ? {} : { officeOfDdo });
  return {
    add(person: Pick<ScopedPerson, 'status' | 'block' | 'village' | 'department' | 'ddoCode' | 'office' | 'categories'>): void {
      if (person.status === 'removed') removed += 1;
      if (!eligibleStatuses.includes(person.status)) return;
      total += 1;
      bump(byBlock, person.block);
      bump(byVillage, person.village === undefined ? undefined : `${person.block ?? '-'} / ${person.village}`);
      bump(byDepartment, person.department);
      bump(byDdo, person.ddoCode);
      for (const category of person.categories ?? []) bump(byCategory, category);
      keepOffice(person.ddoCode, person.office);
    },
    addCounts(counts: EligibleCounts): void {
      total += counts.total;
      merge(byBlock, counts.byBlock);
      merge(byVillage, counts.byVillage);
      merge(byDepartment, counts.byDepartment);
      merge(byDdo, counts.byDdo);
      merge(byCategory, counts.byCategory ?? {});
      for (const [ddoCode, office] of Object.entries(counts.officeOfDdo ?? {})) keepOffice(ddoCode, office);
    },
    counts: (): EligibleCounts => ({ total, byBlock, byVillage, byDepartment, byDdo, byCategory, ...offices() }),
    result: (scope: RosterScope, stamp: { importId: string; countedAt: string }): EligiblePopulation => ({
      ...scope,
      total,
      removed,
      byBlock,
      byVillage,
      byDepartment,
      byDdo,
      byCategory,
      ...offices(),
      ...stamp,
    }),
  };
};

const has = (sorted: BigUint64Array, value: bigint): boolean => {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle] as bigint;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
};

/** The people the chunks saw (a snapshot) or wrote (an empty scope), as one sorted array of 64-bit hashes (8 MB for a million rows). */
const seenPeople = async (files: RosterFiles, chunks: readonly ChunkResult[]): Promise<BigUint64Array> => {
  const parts = await Promise.all(chunks.flatMap((chunk) => (chunk.seenPart === undefined ? [] : [files.readBytes(chunk.seenPart)])));
  const seen = new BigUint64Array(parts.reduce((total, part) => total + part.byteLength / 8, 0));
  let offset = 0;
  for (const part of parts) {
    // Copied: a part's bytes need not start at an 8-byte-aligned offset.
    seen.set(new BigUint64Array(part.slice().buffer), offset);
    offset += part.byteLength / 8;
  }
  return seen.sort();
};

/** Values that appear more than once in a sorted array, counted once per extra appearance. */
const repeatsIn = (sorted: BigUint64Array): number => {
  let repeats = 0;
  for (let index = 1; index < sorted.length; index += 1) if (sorted[index] === sorted[index - 1]) repeats += 1;
  return repeats;
};

export interface SummarizeInput {
  readonly importId: string;
  /** What a Catch put there: the step that failed and why. */
  readonly failure?: { readonly Error?: string; readonly Cause?: string };
}

/** Summarize: the import's counts, report, removals and eligible population. The same again changes nothing. */
export const summarizeImport = async (
  deps: RosterImportDeps,
  input: SummarizeInput,
): Promise<{ importId: string; status: string; counts?: ImportCounts }> => {
  const record = await requireRecord(deps.imports, input.importId);
  const now = deps.clock.now();
  if (input.failure !== undefined) {
    const error = input.failure.Error ?? 'Error';
    // The cause of a task error is its message; ours carry no personal data. Kept short.
    await deps.imports.failed(input.importId, { error, cause: (input.failure.Cause ?? '').slice(0, 500) }, new Date(now).toISOString());
    if (record.csvCopy !== undefined) await deps.files.deleteObject(record.csvCopy.key);
    throw new RosterImportFailedError({ message: `Import ${input.importId} failed: ${error}.` });
  }
  if (record.status === 'REFUSED') return { importId: input.importId, status: 'REFUSED' };
  const context = contextOf(record, now);
  const scope: RosterScope = { scheme: context.scheme, district: context.district, rosterType: context.rosterType };
  const chunks = (await deps.imports.chunkResults(input.importId)).sort((a, b) => a.index - b.index);
  if (chunks.length !== (record.chunks ?? 0)) {
    throw new RosterImportFailedError({
      message: `Import ${input.importId}: ${chunks.length} of ${record.chunks ?? 0} chunks are recorded.`,
    });
  }
  const counts = chunks.reduce<Record<keyof ImportCounts, number>>(
    (sum, chunk) => {
      for (const [name, value] of Object.entries(chunk.counts)) sum[name as keyof ImportCounts] += value;
      return sum;
    },
    { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, removed: 0 },
  );

  const parts = chunks.flatMap((chunk) => (chunk.rejectsPart === undefined ? [] : [chunk.rejectsPart]));
  const rejectsReport = parts.length === 0 ? undefined : rejectsReportKey(input.importId);
  if (rejectsReport !== undefined)
    await deps.files.joinReports(rejectsReport, ['row', 'column', 'reason', ...(record.columns ?? [])], parts);

  const scheme = findScheme(context.scheme);
  const counter = eligibleCounter(scheme?.eligibleRosterStatuses ?? ['active']);
  // Nobody was there before: the population is what the chunks wrote, and a snapshot has no one to remove, unless
  // one person came twice in different chunks (each chunk wrote them without reading): the chunks' lists of who
  // they wrote show it; the repeats are counted as duplicates and the scope is then counted the long way.
  const repeats = record.scopeWasEmpty === true ? repeatsIn(await seenPeople(deps.files, chunks)) : 0;
  if (repeats > 0) {
    counts.inserted -= repeats;
    counts.duplicates += repeats;
  }
  if (record.scopeWasEmpty === true && repeats === 0) {
    for (const chunk of chunks) if (chunk.eligible !== undefined) counter.addCounts(chunk.eligible);
  } else {
    const seen = record.snapshot === true ? await seenPeople(deps.files, chunks) : undefined;
    const missing: string[] = [];
    for await (const person of deps.people.inScope(scope)) {
      // A full snapshot: whoever it does not list, and no row of it wrote, is no longer on the roster.
      const gone =
        seen !== undefined && person.status !== 'removed' && person.importId !== input.importId && !has(seen, seenHash(person.personId));
      if (gone) missing.push(person.personId);
      if (gone || (person.status === 'removed' && person.removedByImport === input.importId)) counts.removed += 1;
      counter.add(gone ? { ...person, status: 'removed' } : person);
    }
    await deps.people.markRemoved(scope, missing, input.importId, new Date(now).toISOString());
  }
  const population = counter.result(scope, { importId: input.importId, countedAt: new Date(now).toISOString() });
  await deps.people.putEligible(population);
  await deps.imports.finished(input.importId, {
    status: 'DONE',
    counts,
    finishedAt: new Date(now).toISOString(),
    durationMs: record.startedAt === undefined ? 0 : now - Date.parse(record.startedAt),
    ...(rejectsReport === undefined ? {} : { rejectsReport }),
    eligibleAfter: population.total,
  });
  // The chunks have read the workbook's CSV copy: it is not kept beside the report.
  if (record.csvCopy !== undefined) await deps.files.deleteObject(record.csvCopy.key);
  return { importId: input.importId, status: 'DONE', counts };
};
