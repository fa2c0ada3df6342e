// A ration-card (NFSA) roster the size of a district's: Hindi and English names, quoted fields with commas,
// 4-6 members a card, spread over blocks and villages. Deterministic for a given row count.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbImports } from '../functions/adapters/dynamodb-imports.js';
import type { ImportRecord, ImportStatus } from '../functions/ports/imports.js';
import { s3rverCredentials } from '../local/s3.js';
import type { Endpoints } from '../local/stack.js';

const firstNames = ['राम', 'सीता', 'मोहन', 'गीता', 'सुनील', 'अनीता', 'राजेश', 'पूजा', 'विनोद', 'कमला', 'Ramesh', 'Sunita', 'Ashok', 'Meena'];
const lastNames = ['कुमार', 'देवी', 'यादव', 'वर्मा', 'सिंह', 'गुप्ता', 'Kumar', 'Devi', 'Yadav', 'Verma'];
const relations = ['self', 'wife', 'son', 'daughter', 'mother', 'father'];
const blocks = ['Bakshi Ka Talab', 'Chinhat', 'Gosainganj', 'Kakori', 'Mal', 'Malihabad', 'Mohanlalganj', 'Sarojini Nagar'];

export const rosterHeader =
  'Ration Card No,Member ID,Name,नाम हिंदी में,Gender,Year of Birth,Relation,Head of Family,Village,Block,District,Mobile';

export const rosterLine = (index: number): string => {
  const card = Math.floor(index / 5);
  const member = (index % 5) + 1;
  const first = firstNames[index % firstNames.length] as string;
  const last = lastNames[(index >> 3) % lastNames.length] as string;
  const block = blocks[card % blocks.length] as string;
  const village = `${block} Gram ${card % 97}`;
  const mobile = index % 3 === 0 ? `9${String(100_000_000 + ((index * 7919) % 900_000_000)).padStart(9, '0')}` : '';
  // Quoted fields with commas, as Excel writes "Surname, Name" and "Village, Post".
  return `UP${String(card).padStart(10, '0')},${String(member).padStart(2, '0')},"${last}, ${first}",${first} ${last},${member % 2 === 0 ? 'F' : 'M'},${1940 + (index % 70)},${relations[member - 1] ?? 'other'},${member === 1 ? 'Y' : 'N'},"${village}, Post ${block}",${block},Lucknow,${mobile}`;
};

/** Write `rows` data rows (and the header) to `path`; returns the file's size in bytes. */
export const writeRoster = async (path: string, rows: number): Promise<number> => {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`\uFEFF${rosterHeader}\r\n`);
  const lines: string[] = [];
  for (let index = 0; index < rows; index += 1) {
    lines.push(rosterLine(index));
    if (lines.length === 1000) await write(`${lines.splice(0).join('\r\n')}\r\n`);
  }
  if (lines.length > 0) await write(`${lines.join('\r\n')}\r\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
};

/**
 * Upload a roster file to the embedded stack's roster bucket (a buffer, not a stream: the SDK sends streams
 * aws-chunked, which s3rver stores as sent, framing included) and wait for its import to end, read as the admin
 * API reads it (DynamoDbImports.list by district and key). `onUploaded` runs as the PUT returns.
 */
export const uploadRosterAndAwait = async (
  endpoints: Endpoints,
  documents: DynamoDBDocumentClient,
  file: string,
  key: string,
  options: { readonly district?: string; readonly timeoutMs?: number; readonly intervalMs?: number; readonly onUploaded?: () => void } = {},
): Promise<{ record: ImportRecord; uploadMs: number; endToEndMs: number }> => {
  const s3 = new S3Client({
    region: endpoints.region,
    endpoint: endpoints.s3.endpoint,
    forcePathStyle: true,
    credentials: s3rverCredentials,
  });
  const imports = new DynamoDbImports(documents, endpoints.dynamodb.table);
  const started = performance.now();
  try {
    await s3.send(new PutObjectCommand({ Bucket: endpoints.s3.buckets.rosters, Key: key, Body: readFileSync(file) }));
  } finally {
    s3.destroy();
  }
  const uploadMs = performance.now() - started;
  options.onUploaded?.();
  const deadline = Date.now() + (options.timeoutMs ?? 900_000);
  for (;;) {
    const { imports: found } = await imports.list({ district: options.district ?? 'Lucknow', key, limit: 10 });
    const record = found.find((candidate) => endedStatuses.has(candidate.status));
    if (record !== undefined) return { record, uploadMs, endToEndMs: performance.now() - started };
    if (Date.now() > deadline) throw new Error(`the import of ${key} did not end within ${options.timeoutMs ?? 900_000} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
};

const endedStatuses: ReadonlySet<ImportStatus> = new Set(['DONE', 'FAILED', 'REFUSED']);
