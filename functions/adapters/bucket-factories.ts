// Roster upload links and report files, for the admin API functions: S3 with lib-storage (streamed report uploads)
// and the presigner; a function importing this module loads those and no other AWS package (bench/cold-start).
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { presigningS3, s3 } from './s3-client.js';
import { S3RosterUploadLinks } from './s3-roster-uploads.js';
import { S3ReportFiles } from './s3-report-files.js';

/** Presigned roster uploads for admins without S3 credentials (the CLI): a PUT link to the roster key. */
export const createRosterUploadLinks = () =>
  new S3RosterUploadLinks(presigningS3, parseEnv(resources.bucket.rosters.shape).ROSTER_BUCKET_NAME);

/** Reports (rejects, worklists, daily reports) in the report bucket; roster reading is roster-import-factories.ts's. */
export const createReportFiles = () => new S3ReportFiles(s3, parseEnv(resources.bucket.reports.shape).REPORT_BUCKET_NAME);
