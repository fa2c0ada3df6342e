// healthcard verify: reconciliation through the API, so it works the same on AWS. --accepted FILE: every
// registration a client was answered for is found, with a status, one execution named by it, nothing stuck in a
// step it passed, no key or person doubled (POST /v1/admin/registrations/lookup). --roster FILE: every row of the
// file is in the rejects report with a reason or landed as a person, and the import's counts add up and equal the
// file (GET /v1/admin/imports, the rejects report, POST /v1/admin/people/lookup). Exit 1 when anything is off.
import { createReadStream, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvRecords } from '../../functions/adapters/roster-readers.js';
import { xlsxRecords } from '../../functions/adapters/roster-workbooks.js';
import { rosterRows, RosterRefusedError, RosterUnreadableError } from '../../functions/core/roster/records.js';
import { isFullSnapshot } from '../../functions/core/use-cases/roster-import.js';
import { rosterUploadKey } from '../../functions/core/use-cases/roster-uploads.js';
import { resolveDistrict } from '../../functions/core/places/gazetteer.js';
import { rosterTypes, type RosterType } from '../../functions/core/schemes.js';
import { optional, required, requiredChoice } from '../args.js';
import { CliError, UsageError } from '../errors.js';
import { download, requireFile } from '../files.js';
import { count, json, table } from '../format.js';
import type { ImportReading, ImportSummary } from '../progress.js';
import {
  parseAccepted,
  reconcileCounts,
  reconcileRegistrations,
  reconcileRoster,
  type FileReading,
  type CountsReport,
  type Finding,
  type PersonFound,
  type RegistrationFound,
  type RegistrationsReport,
  type RosterReport,
} from '../reconcile.js';
import type { CommandContext, Command } from '../context.js';
import { addSlotCounts, type SlotCounts } from '../../functions/core/progress.js';
import type { RecountPage } from '../../functions/core/use-cases/recount.js';

const readText = (file: string, what: string): string => {
  requireFile(file, what);
  return readFileSync(file, 'utf8');
};

/** Lookups in batches of 100 (the routes' limit), four batches at a time. */
const batched = async <T, R>(items: readonly T[], run: (batch: T[]) => Promise<R[]>): Promise<R[]> => {
  const batches = Array.from({ length: Math.ceil(items.length / 100) }, (_, index) => items.slice(index * 100, index * 100 + 100));
  const results: R[] = [];
  for (let index = 0; index < batches.length; index += 4) {
    for (const answer of await Promise.all(batches.slice(index, index + 4).map(run))) results.push(...answer);
  }
  return results;
};

const verifyAccepted = async ({ api, io }: CommandContext, file: string): Promise<RegistrationsReport> => {
  const { accepted, errors } = parseAccepted(readText(file, 'the accepted requests'));
  if (errors.length > 0)
    throw new UsageError({
      message: `${file}: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    });
  if (accepted.length === 0)
    throw new UsageError({ message: `${file} lists no registration: one registration id a line (optionally ,idempotencyKey).` });
  // Each registration once, with the key the client used (any of them, when listed twice: DOUBLED says if they differ).
  const asked = [...new Map(accepted.map((entry) => [entry.registrationId, entry])).values()];
  const found = await batched(asked, async (batch) => {
    const body = {
      items: batch.map((entry) => ({
        registrationId: entry.registrationId,
        ...(entry.idempotencyKey === undefined ? {} : { idempotencyKey: entry.idempotencyKey }),
      })),
    };
    return (await api.patiently(() => api.post<{ items: RegistrationFound[] }>('/v1/admin/registrations/lookup', body), io.sleep)).items;
  });
  return reconcileRegistrations(accepted, found);
};

/** The file read by the importer's own rules (functions/core/roster): its data rows, who each valid row is. */
export const readRosterFile = async (
  file: string,
  context: { scheme: string; rosterType: RosterType; district: string; thisYear: number },
): Promise<FileReading> => {
  const records = /\.xlsx$/i.test(file) ? xlsxRecords(createReadStream(file)) : csvRecords(createReadStream(file));
  const valid: { row: number; personId: string }[] = [];
  const invalid: number[] = [];
  // Rows are read for the district as the gazetteer names it, as the upload's key and the importer name it:
  // `--district Kanpur` reads rows of Kanpur Nagar.
  const district = resolveDistrict(context.district);
  try {
    for await (const row of rosterRows(records, { ...context, district: district.ok ? district.name : context.district })) {
      if (row.ok) valid.push({ row: row.rowNumber, personId: row.person.personId });
      else invalid.push(row.rowNumber);
    }
  } catch (error) {
    if (error instanceof RosterUnreadableError)
      return { refused: { code: error.code, message: error.message }, rows: 0, valid: [], invalid: [] };
    if (!(error instanceof RosterRefusedError)) throw error;
    return { refused: { code: error.plan.reason, message: error.plan.message }, rows: 0, valid: [], invalid: [] };
  }
  return { rows: valid.length + invalid.length, valid, invalid };
};

/** Row number -> its reasons, from the rejects report (UTF-8 with a byte order mark; row, column, reason, cells). */
export const rejectsOf = (csv: string): Map<number, string> => {
  const records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const rows = new Map<number, string>();
  for (const record of records.slice(1)) {
    const row = Number(record[0]);
    if (Number.isInteger(row)) rows.set(row, `${rows.has(row) ? `${rows.get(row)} | ` : ''}${record[2] ?? ''}`);
  }
  return rows;
};

const verifyRoster = async (context: CommandContext, file: string): Promise<RosterReport & { key: string }> => {
  const { command, api, values, io } = context;
  const scheme = required(values, 'scheme', command);
  const district = required(values, 'district', command);
  const rosterType = requiredChoice(values, 'type', rosterTypes, command);
  requireFile(file, 'the roster');
  // The key healthcard import uploaded the file to; a name that says .full was uploaded as a snapshot.
  const fileName = basename(file);
  const named = rosterUploadKey({
    scheme,
    district,
    rosterType,
    fileName,
    fullSnapshot: values['full-snapshot'] === true || isFullSnapshot(fileName),
  });
  if (!named.ok) throw new UsageError({ message: `${fileName}: ${named.message}` });
  const key = named.key;
  let importId = optional(values, 'import');
  if (importId === undefined) {
    const imports = await api.all<ImportSummary>(
      `/v1/admin/imports?district=${encodeURIComponent(district)}&key=${encodeURIComponent(key)}&limit=100`,
      100,
      io.sleep,
    );
    importId = imports[0]?.importId;
    if (importId === undefined)
      throw new CliError({
        code: 'NO_IMPORT',
        message: `No import of ${key} in ${district}: was the file uploaded there (healthcard import)?`,
      });
  }
  const reading = await api.getPatiently<ImportReading>(`/v1/admin/imports/${importId}`, io.sleep);
  const thisYear = Number.isNaN(Date.parse(reading.receivedAt))
    ? new Date(io.now()).getUTCFullYear()
    : new Date(reading.receivedAt).getUTCFullYear();
  const fileReading = await readRosterFile(file, { scheme, rosterType, district, thisYear });

  let rejects = new Map<number, string>();
  if (reading.rejectsReport !== undefined && reading.status === 'DONE') {
    rejects = rejectsOf((await download(reading.rejectsReport.url, 'the rejects report')).toString('utf8'));
  }
  const landing = [...new Set(fileReading.valid.filter((row) => !rejects.has(row.row)).map((row) => row.personId))];
  const people =
    reading.status !== 'DONE'
      ? []
      : await batched(
          landing,
          async (batch) => (await api.post<{ items: PersonFound[] }>('/v1/admin/people/lookup', { scheme, personIds: batch })).items,
        );
  const others = [
    ...new Set(people.flatMap((person) => (person.importId === undefined || person.importId === importId ? [] : [person.importId]))),
  ];
  const otherImports: Record<string, string> = {};
  for (const other of others.slice(0, 50)) {
    otherImports[other] = (await api.getPatiently<{ receivedAt: string }>(`/v1/admin/imports/${other}`, io.sleep)).receivedAt;
  }
  const report = reconcileRoster({
    importId: reading.importId,
    status: reading.status,
    receivedAt: reading.receivedAt,
    ...(reading.refusal === undefined ? {} : { refusal: reading.refusal }),
    ...(reading.counts === undefined ? {} : { counts: reading.counts }),
    file: fileReading,
    rejects,
    people,
    otherImports,
  });
  return { ...report, key };
};

const findingLines = (title: string, findings: readonly Finding[], limit = 20): string[] =>
  findings.length === 0
    ? []
    : [
        `${title}:`,
        ...findings.slice(0, limit).map((finding) => `  ${finding.code}: ${finding.message}`),
        ...(findings.length > limit ? [`  … and ${findings.length - limit} more (--json lists them all)`] : []),
      ];

const registrationsText = (report: RegistrationsReport): string[] => [
  `Registrations: ${count(report.accepted)} accepted, ${count(report.found)} found, ${count(report.accepted - report.found)} missing${report.listedTwice > 0 ? ` (${count(report.listedTwice)} listed twice, counted once)` : ''}`,
  '',
  table(
    [{ header: 'STATUS' }, { header: 'REGISTRATIONS', align: 'right' }],
    Object.entries(report.byStatus).map(([status, n]) => [status, count(n)]),
  ),
  '',
  `Executions, one named by each registration: ${Object.entries(report.executions)
    .map(([status, n]) => `${count(n)} ${status}`)
    .join(', ')}`,
];

const rosterText = (report: RosterReport & { key: string }): string[] => {
  const counts = report.counts;
  return [
    `Roster ${report.key}: import ${report.importId} ${report.status}`,
    ...(counts === undefined
      ? []
      : [
          `  ${count(report.rows)} data rows in the file; read ${count(counts.read)} = ${count(counts.inserted)} inserted + ${count(counts.updated)} updated + ${count(counts.unchanged)} unchanged + ${count(counts.duplicates)} duplicates + ${count(counts.rejected)} rejected`,
          `  ${count(report.rejected)} rows in the rejects report; ${count(report.people)} people landed: ${count(report.writtenByThisImport)} written by this import, ${count(report.writtenEarlier)} unchanged since an earlier one${report.writtenLater > 0 ? `, ${count(report.writtenLater)} written again since` : ''}`,
        ]),
  ];
};

/** Every page of the recount added up, then compared with the counts as kept (read after the last page). */
const verifyCounts = async ({ api, io }: CommandContext, campaignId: string, district: string): Promise<CountsReport> => {
  const pages: SlotCounts[][] = [];
  let registrations = 0;
  let cursor: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ district, ...(cursor === undefined ? {} : { cursor }) });
    const page = await api.getPatiently<RecountPage>(`/v1/admin/campaigns/${encodeURIComponent(campaignId)}/recount?${query}`, io.sleep);
    pages.push(page.recounted);
    registrations += page.registrations;
    cursor = page.cursor;
    if (page.counted !== undefined) {
      return reconcileCounts({
        campaignId,
        district,
        registrations,
        recounted: addSlotCounts(...pages),
        counted: page.counted.slots,
        asOf: page.counted.asOf,
      });
    }
  }
};

const countsText = (report: CountsReport): string[] => [
  `Counts of campaign ${report.campaignId} in ${report.district}, as of ${report.asOf ?? 'never'}: ${count(report.registrations)} registrations of the scheme read; ${count(report.peopleByRegistrations)} people in the district's blocks by the registrations, ${count(report.peopleCounted)} by the counts; ${count(report.differences.length)} keys differ`,
];

export const verify: Command = async (context) => {
  const { command, values, json: asJson, io } = context;
  const accepted = optional(values, 'accepted');
  const roster = optional(values, 'roster');
  const counts = values.counts === true;
  if (accepted === undefined && roster === undefined && !counts)
    throw new UsageError({ message: `Say what to verify: --accepted FILE, --roster FILE, --counts, or several. Usage: ${command.usage}` });
  const registrations = accepted === undefined ? undefined : await verifyAccepted(context, resolve(io.cwd, accepted));
  const rosterReport = roster === undefined ? undefined : await verifyRoster(context, resolve(io.cwd, roster));
  const countsReport = counts
    ? await verifyCounts(context, required(values, 'campaign', command), required(values, 'district', command))
    : undefined;
  const reports = [registrations, rosterReport, countsReport];
  const problems = reports.flatMap((report) => report?.problems ?? []);
  const notes = reports.flatMap((report) => report?.notes ?? []);
  const ok = problems.length === 0;
  if (asJson) {
    io.stdout.write(
      json({
        ok,
        ...(registrations === undefined ? {} : { registrations }),
        ...(rosterReport === undefined ? {} : { roster: rosterReport }),
        ...(countsReport === undefined ? {} : { counts: countsReport }),
      }),
    );
    return ok ? 0 : 1;
  }
  const lines = [
    ...(registrations === undefined ? [] : registrationsText(registrations)),
    ...(registrations !== undefined && rosterReport !== undefined ? [''] : []),
    ...(rosterReport === undefined ? [] : rosterText(rosterReport)),
    ...(countsReport === undefined ? [] : ['', ...countsText(countsReport)]),
    '',
    ...findingLines('Problems', problems),
    ...findingLines('Notes', notes),
    ok
      ? 'Nothing lost, nothing doubled.'
      : `${count(problems.length)} problem${problems.length === 1 ? '' : 's'}: not everything is accounted for.`,
  ];
  (ok ? io.stdout : io.stderr).write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
};
