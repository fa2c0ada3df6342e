// Roster imports API for admins: the list per district, one import's counts, progress and rejects report, a
// presigned upload for a roster file (an admin on AWS has a token, not S3 credentials), and people looked up by
// natural key for reconciliation (healthcard verify). Declarations and schemas; the handlers are in
// functions/api/imports.ts.
import * as z from 'zod';
import { rosterTypes, schemeIds } from '../../core/schemes.js';
import { ImportStatusEnum } from '../statuses.js';
import { defineRoutes } from './define.js';
import { adminList, adminsByDistrict, districtName, lookupResult, pageQuery, requestBody, shortText, view, visible } from './shared.js';

const importId = { schema: z.string().regex(/^[0-9a-f]{32}$/, 'an import id: 32 hex characters'), what: 'import id' };

export const RejectsQuery = z.object({ ...pageQuery(50) }).strict();

export const RejectsView = view('ImportRejects', {
  importId: z.string(),
  total: z.number().meta({ description: 'Rows in the report' }),
  items: z.array(
    z.object({
      row: z.number().meta({ description: 'The row number in the file, as a spreadsheet numbers it' }),
      code: z.string().meta({
        description:
          'INVALID_VALUES (see columns), ROW_INCOMPLETE, ROW_CONFLICT (another row gives the same person), FILE_UNREADABLE, or the refusal code of a refused file',
      }),
      columns: z.array(z.string()).meta({ description: 'The columns found wrong, as the file heads them' }),
      reason: z.string().meta({ description: 'What is wrong, for a person to read (Aadhaar numbers masked)' }),
      fields: z
        .record(z.string(), z.string())
        .meta({ description: "The row's cells under the file's headers; mobile and Aadhaar columns left out" }),
    }),
  ),
  cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
});

export const ImportsQuery = z
  .object({
    district: districtName.optional(),
    ...pageQuery(25),
  })
  .strict();

const ImportCountsView = z.object({
  read: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  removed: z.number(),
});

export const ImportSummaryView = view('ImportSummary', {
  importId: z.string(),
  status: ImportStatusEnum,
  key: z.string().meta({ description: 'rosters/{scheme}/{district}/{rosterType}/{file}' }),
  scheme: z.string().optional(),
  district: z.string().optional(),
  rosterType: z.string().optional(),
  snapshot: z
    .boolean()
    .meta({ description: 'A full snapshot (file name ending .full.csv / .full.xlsx): people missing from it are marked removed' }),
  receivedAt: z.string(),
  finishedAt: z.string().optional(),
  counts: ImportCountsView.optional(),
  progress: z.object({
    chunks: z.number(),
    chunksDone: z.number(),
    bytes: z.number(),
    bytesDone: z.number(),
    rowsRead: z.number(),
    rowsRejected: z.number(),
    percent: z.number(),
  }),
  refusal: z.object({ code: z.string(), message: z.string(), columns: z.array(z.string()).optional() }).optional(),
  failure: z.object({ error: z.string(), cause: z.string() }).optional(),
});

export const ImportView = ImportSummaryView.extend({
  versionId: z.string().optional(),
  size: z.number(),
  format: z.enum(['csv', 'xlsx']).optional(),
  columns: z.array(z.string()).optional(),
  startedAt: z.string().optional(),
  durationMs: z.number().optional(),
  eligibleAfter: z.number().optional().meta({ description: 'Eligible people of this roster scope after the import' }),
  rejectsReport: z
    .object({
      url: z.string().meta({ description: 'CSV: row, column, reason, then the row as it was (15-minute link)' }),
      expiresAt: z.string(),
    })
    .optional(),
}).meta({ id: 'Import' });

// ---- Roster uploads through the API (the admin CLI, docs/cli.md): a presigned PUT for the roster key ---------

export const RosterUploadBody = z
  .object({
    scheme: z.enum(schemeIds),
    district: districtName,
    rosterType: z.enum(rosterTypes),
    fileName: visible(
      z
        .string()
        .trim()
        .max(120)
        .regex(/^[^/\\\p{Cc}]+\.(csv|xlsx)$/iu, 'a file name ending .csv or .xlsx, without folders'),
    ).meta({ description: "The file's name as it will be stored; `.full` is added before the extension for a full snapshot" }),
    fullSnapshot: z
      .boolean()
      .default(false)
      .meta({ description: 'People of the scope missing from the file are marked removed (docs/roster-import.md)' }),
  })
  .strict()
  .meta({ id: 'RosterUploadRequest' });

export const RosterUploadView = view('RosterUpload', {
  uploadUrl: z.string().meta({ description: "PUT the file's bytes here (no credentials needed) before expiresAt" }),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()).meta({ description: 'Headers the PUT must carry' }),
  key: z.string().meta({ description: 'rosters/{scheme}/{district}/{rosterType}/{file}' }),
  fullSnapshot: z.boolean(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  imports: z.string().meta({
    description: 'GET this path (same token) to find the import the upload starts: imports of this key received since issuedAt',
  }),
});

/** GET /v1/admin/imports, with the filters that find the import an upload started. */
export const ImportsListQuery = ImportsQuery.extend({
  key: visible(z.string().startsWith('rosters/').max(400)).optional().meta({ description: 'Only imports of this object key' }),
  since: z.iso.datetime().max(40).optional().meta({ description: 'Only imports received at or after this instant' }),
}).strict();

export const PeopleLookupBody = requestBody(
  'PeopleLookup',
  {
    scheme: z.enum(schemeIds),
    personIds: z
      .array(shortText(80))
      .min(1)
      .max(100)
      .meta({ description: 'Natural keys: emp:<id>, rc:<card>:<member>, st:<id>, jc:<card>:<member>' }),
  },
  'Roster people by their natural key, up to 100 at a time',
);

export const PeopleLookupView = lookupResult('PeopleLookupResult', {
  personId: z.string(),
  found: z.boolean().meta({ description: 'False for a person not on any roster, or not of one of your districts' }),
  status: z.string().optional(),
  district: z.string().optional(),
  rosterType: z.string().optional(),
  importId: z.string().optional().meta({ description: 'The import that last wrote the person' }),
  importRow: z.number().optional().meta({ description: "The row of that import's file that wrote them" }),
  importChange: z.enum(['inserted', 'updated']).optional(),
  removedByImport: z.string().optional(),
});

export const importRoutes = defineRoutes('imports', {
  'GET /v1/admin/imports': adminList(
    'Roster imports, newest first: status, counts and progress',
    ImportsListQuery,
    ImportSummaryView,
    'Roster imports of a district (or, for a state admin, all), newest first',
  ),
  'GET /v1/admin/imports/{id}/rejects': {
    access: adminsByDistrict,
    summary: "An import's rejects report as rows (the CSV the report link gives), a page at a time: row, code, reason, the row's fields",
    request: { params: { id: importId }, query: RejectsQuery },
    success: { status: 200, schema: RejectsView, description: 'A page of the rejected rows, in file order' },
    errors: { 400: ['BAD_CURSOR'], 404: ['IMPORT_NOT_FOUND'] },
  },
  'GET /v1/admin/imports/{id}': {
    access: adminsByDistrict,
    summary:
      'One roster import: counts (read, inserted, updated, unchanged, duplicates, rejected, removed), progress, timing, rejects report',
    request: { params: { id: importId } },
    success: {
      status: 200,
      schema: ImportView,
      description: 'One import: counts, progress, timing, refusal or failure, and a link to its rejects report',
    },
    errors: { 404: ['IMPORT_NOT_FOUND'] },
  },
  // An admin holds a token, not S3 credentials: the API hands out a presigned PUT for the roster key (docs/cli.md).
  'POST /v1/admin/imports/uploads': {
    access: adminsByDistrict,
    summary:
      'A presigned PUT for a roster file at rosters/{scheme}/{district}/{rosterType}/{file}, and where to follow the import it starts',
    request: { body: RosterUploadBody },
    success: { status: 201, schema: RosterUploadView, description: 'A 15-minute presigned PUT for the roster key' },
    errors: { 400: ['ROSTER_KEY_REFUSED', 'SNAPSHOT_NOT_DECLARED', 'UNKNOWN_SCHEME', 'WRONG_ROSTER_TYPE'] },
  },
  // healthcard verify: a roster file's rows accounted for against the people they wrote.
  'POST /v1/admin/people/lookup': {
    access: adminsByDistrict,
    summary: 'Roster people by natural key, for reconciliation: status, and which import and row last wrote each',
    request: { body: PeopleLookupBody },
    success: { status: 200, schema: PeopleLookupView, description: 'One item per person asked for, found or not' },
  },
});
