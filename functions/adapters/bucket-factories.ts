// The bucket factories (roster upload links, report files, card files), in a module of their own so that a function
// importing them loads the S3 packages and no other (bench/cold-start).
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { presigningS3, s3 } from './s3-client.js';
import { S3RosterUploadLinks } from './s3-roster-uploads.js';
import { S3ReportFiles } from './s3-report-files.js';
import { S3CardFiles } from './s3-card-files.js';

/** Presigned roster uploads for admins without S3 credentials (the CLI): a PUT link to the roster key. */
export const createRosterUploadLinks = () =>
  new S3RosterUploadLinks(presigningS3, parseEnv(resources.bucket.rosters.shape).ROSTER_BUCKET_NAME);

/** Reports (rejects, worklists, daily reports) in the report bucket; roster reading is roster-import-factories.ts's. */
export const createReportFiles = () => new S3ReportFiles(s3, parseEnv(resources.bucket.reports.shape).REPORT_BUCKET_NAME);

/** Card PDFs and e-KYC photos in the card bucket. */
export const createCardFiles = () => new S3CardFiles(s3, parseEnv(resources.bucket.cards.shape).CARD_BUCKET_NAME);
