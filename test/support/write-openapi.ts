// Writes the API's OpenAPI document, as GET /v1/openapi.json serves it, to the file named on the command line:
// `npm run lint:api` lints that file with Redocly CLI (redocly.yaml), a linter this project did not write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openApiDocument } from '../../functions/api/openapi.js';

const target = process.argv[2];
if (target === undefined) throw new Error('usage: tsx test/support/write-openapi.ts <file.json>');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
