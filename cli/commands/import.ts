// healthcard import <file>: ask the API for a presigned PUT for the roster key, upload the file to it (no S3
// credentials needed), find the import the upload started, and follow it with a progress bar until it is
// DONE, REFUSED or FAILED; then the counts and where the rejects report is.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type * as z from 'zod';
import type { RosterUploadView } from '../../functions/api/schemas.js';
import { optional, required, requiredChoice, seconds } from '../args.js';
import { rosterTypes } from '../../functions/core/schemes.js';
import { CliError } from '../errors.js';
import { download, requireFile } from '../files.js';
import { count, duration, json, size, table } from '../format.js';
import { barAfter, isFinished, outcomeOf, pickUploadedImport, type BarState, type ImportReading, type ImportSummary } from '../progress.js';
import type { Command, CommandContext } from '../context.js';

type UploadGrant = z.output<typeof RosterUploadView>;

/**
 * The bar as it prints: `nfsa.csv [████████░░░░] 25% | IMPORTING | chunks 1/4 | 30,224 rows read, 312 rejected | 11s`.
 * Chunks finish as wholes, so on a big file the percent moves in steps; the elapsed time shows it is alive.
 */
export const barFormat =
  '{file} [{bar}] {percentage}% | {status} | chunks {chunksDone}/{chunks} | {rows} rows read, {rejected} rejected | {duration_formatted}';

/** S3 answers errors as XML: <Code> and <Message>. */
export const s3ErrorOf = (text: string): string => {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return code === undefined ? text.slice(0, 200) : `${code}${message === undefined ? '' : `: ${message}`}`;
};

const findImport = async ({ api, io }: CommandContext, grant: UploadGrant, versionId: string | undefined): Promise<ImportSummary> => {
  // The S3 event reaches the importer in about a second here, in a few on AWS.
  const deadline = io.now() + 60_000;
  for (;;) {
    const candidates = await api.all<ImportSummary>(grant.imports, Number.POSITIVE_INFINITY, io.sleep);
    const detailed =
      versionId === undefined
        ? candidates
        : await Promise.all(
            candidates.map((candidate) => api.getPatiently<ImportReading>(`/v1/admin/imports/${candidate.importId}`, io.sleep)),
          );
    const found = pickUploadedImport(detailed, versionId);
    if (found !== undefined) return found;
    if (io.now() > deadline)
      throw new CliError({
        code: 'IMPORT_NOT_FOUND',
        message: `The file was uploaded to ${grant.key}, but no import of it appeared within a minute. Look for it with GET ${grant.imports}`,
      });
    await io.sleep(300);
  }
};

export const importRoster: Command = async (context) => {
  const { command, api, values, positionals, json: asJson, io } = context;
  const file = resolve(io.cwd, positionals[0] as string);
  const scheme = required(values, 'scheme', command);
  const district = required(values, 'district', command);
  const rosterType = requiredChoice(values, 'type', rosterTypes, command);
  const waitMs = seconds(values, 'wait', 1800) * 1000;
  const out = optional(values, 'out');
  requireFile(file);
  const bytes = readFileSync(file);

  const grant = await api.post<UploadGrant>('/v1/admin/imports/uploads', {
    scheme,
    district,
    rosterType,
    fileName: basename(file),
    fullSnapshot: values['full-snapshot'] === true,
  });
  let put: Response;
  try {
    // A view of the file's bytes (no copy): what fetch takes as a body under both Node's and the DOM's typings.
    put = await fetch(grant.uploadUrl, {
      method: grant.method,
      headers: grant.headers,
      body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
      signal: AbortSignal.timeout(Math.max(60_000, waitMs)),
    });
  } catch (error) {
    throw new CliError({
      code: 'UPLOAD_FAILED',
      message: `Could not upload to the roster bucket: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (!put.ok)
    throw new CliError({
      code: 'UPLOAD_FAILED',
      message: `The roster bucket refused the upload (HTTP ${put.status}): ${s3ErrorOf(await put.text())}`,
    });
  const versionId = put.headers.get('x-amz-version-id') ?? undefined;
  if (!asJson)
    io.stdout.write(
      `Uploaded ${basename(file)} (${size(bytes.length)}) to ${grant.key}${grant.fullSnapshot ? ' as a full snapshot' : ''}\n`,
    );

  let reading: ImportSummary = await findImport(context, grant, versionId);
  if (!asJson) io.stdout.write(`Import ${reading.importId}\n`);
  const bar = new cliProgress.SingleBar(
    {
      format: barFormat,
      stream: io.stderr as NodeJS.WritableStream,
      // Off a terminal (a log, a test) the bar prints a line a second and its last state, instead of redrawing.
      noTTYOutput: true,
      notTTYSchedule: 1000,
      hideCursor: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let state: BarState = barAfter(undefined, reading);
  const payload = (current: BarState) => ({
    file: basename(grant.key),
    status: current.label,
    chunks: current.chunks,
    chunksDone: current.chunksDone,
    rows: count(current.rows),
    rejected: count(current.rejected),
  });
  const path = `/v1/admin/imports/${reading.importId}`;
  bar.start(100, state.value, payload(state));
  let imported: ImportReading;
  try {
    const deadline = io.now() + waitMs;
    while (!isFinished(reading.status) && io.now() < deadline) {
      await io.sleep(500);
      reading = await api.getPatiently<ImportReading>(path, io.sleep);
      state = barAfter(state, reading);
      bar.update(state.value, payload(state));
    }
    // The whole record: counts, refusal, the rejects report link.
    imported = await api.getPatiently<ImportReading>(path, io.sleep);
    state = barAfter(state, imported);
    bar.update(state.value, payload(state));
  } finally {
    // Stopped before anything else prints, an error included, so the message starts on a line of its own.
    bar.stop();
  }

  let savedReport: string | undefined;
  if (out !== undefined && imported.rejectsReport !== undefined) {
    const report = await download(imported.rejectsReport.url, 'the rejects report');
    mkdirSync(resolve(io.cwd, out), { recursive: true });
    savedReport = join(resolve(io.cwd, out), `rejects-${imported.importId}.csv`);
    writeFileSync(savedReport, report);
  }
  const outcome = outcomeOf(imported);
  if (asJson) {
    io.stdout.write(json({ ...imported, ...(savedReport === undefined ? {} : { savedRejectsReport: savedReport }) }));
    return outcome.exitCode;
  }
  const lines = [outcome.headline];
  if (imported.counts !== undefined && imported.status === 'DONE') {
    const counts = imported.counts;
    lines.push(
      '',
      table(
        [
          { header: 'READ', align: 'right' },
          { header: 'INSERTED', align: 'right' },
          { header: 'UPDATED', align: 'right' },
          { header: 'UNCHANGED', align: 'right' },
          { header: 'DUPLICATES', align: 'right' },
          { header: 'REJECTED', align: 'right' },
          { header: 'REMOVED', align: 'right' },
        ],
        [
          [counts.read, counts.inserted, counts.updated, counts.unchanged, counts.duplicates, counts.rejected, counts.removed].map(
            (value) => count(value),
          ),
        ],
      ),
      '',
    );
    if (imported.eligibleAfter !== undefined) lines.push(`Eligible in this roster scope now: ${count(imported.eligibleAfter)}`);
    if (imported.durationMs !== undefined) lines.push(`The import ran for ${duration(imported.durationMs)}`);
  }
  if (imported.rejectsReport !== undefined) {
    lines.push(
      `Rejects report: ${imported.rejectsReport.url}`,
      `  (a link valid until ${imported.rejectsReport.expiresAt}${savedReport === undefined ? '; --out DIR saves it' : ''})`,
    );
  }
  if (savedReport !== undefined) lines.push(`Saved the rejects report to ${savedReport}`);
  (outcome.exitCode === 0 ? io.stdout : io.stderr).write(`${lines.join('\n')}\n`);
  return outcome.exitCode;
};
