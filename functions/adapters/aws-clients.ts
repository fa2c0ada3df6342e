// AWS SDK clients, created once per module load (per Lambda container; once for the embedded stack). Each lives
// in its own module (dynamodb-client.ts, s3-client.ts, sfn-client.ts) so a function loads only the SDK packages
// it uses; this module is for code that wants all three.
export { documents, dynamodb } from './dynamodb-client.js';
export { presigningS3, s3 } from './s3-client.js';
export { sfn } from './sfn-client.js';
