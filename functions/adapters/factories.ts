// Building adapters from configuration. A handler calls the factories it needs at module load, so a missing
// variable stops that handler at once, naming it, and each function needs only the variables it uses.
// The factories live in modules by the AWS clients they need (table-, workflow-, sms-, card-factories.ts), so a
// single-purpose function imports just its module and loads only those SDK packages; this module gathers them
// all, for the API functions, and adds the e-KYC provider, report files and upload links.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RetryPolicy } from '../core/retry.js';
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { HttpEkycProvider } from './ekyc-http.js';
import { presigningS3, s3 } from './s3-client.js';
import { S3RosterUploadLinks } from './s3-roster-uploads.js';
import { S3ReportFiles } from './s3-report-files.js';

export * from './table-factories.js';
export * from './workflow-factories.js';
export * from './sms-factories.js';
export * from './card-factories.js';
export * from './session-factories.js';
export * from './limiter-factories.js';

/** Presigned roster uploads for admins without S3 credentials (the CLI): a PUT link to the roster key. */
export const createRosterUploadLinks = () =>
  new S3RosterUploadLinks(presigningS3, parseEnv(resources.bucket.rosters.shape).ROSTER_BUCKET_NAME);

/** Reports (rejects, worklists, daily reports) in the report bucket; roster reading is roster-import-factories.ts's. */
export const createReportFiles = () => new S3ReportFiles(s3, parseEnv(resources.bucket.reports.shape).REPORT_BUCKET_NAME);

export const createEkycProvider = () => {
  const env = parseEnv(resources.ekyc.shape);
  return new HttpEkycProvider({
    baseUrl: env.EKYC_BASE_URL,
    timeoutMs: env.EKYC_TIMEOUT_MS,
    ...(env.EKYC_API_KEY === undefined ? {} : { apiKey: env.EKYC_API_KEY }),
  });
};

/** Provider calls inside an API request: 3 attempts, full-jitter backoff from 300 ms, within API Gateway's 30 s. */
export const apiRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 2000,
  sleep: (ms) => sleep(ms),
  random: Math.random,
};
