// Card PDFs in the card bucket: S3 and the presigner only. Apart from card-factories.ts (KMS) and bucket-factories.ts
// (lib-storage, csv-stringify), because an ESM bundle loads at init every AWS SDK package its modules import
// (bench/cold-start). e-KYC photos, sealed, are photo-factories.ts's.
import { parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { s3OnFirstUse } from './s3-client-config.js';
import { S3CardFiles } from './s3-card-files.js';

/** S3 and the presigner imported on the first call (s3-card-files.ts). */
export const createCardFiles = () => new S3CardFiles(s3OnFirstUse(), parseEnv(resources.bucket.cards.shape).CARD_BUCKET_NAME);
