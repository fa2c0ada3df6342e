// `npm run demo` (with `npm start` running): one up-sects registration through the HTTP API, as a portal, the
// employee and the DDO would do it — mobile OTP read from the SMS outbox, Aadhaar e-KYC against the simulator,
// the DDO's approval — to a card PDF on disk. Prints each step.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbPeople } from '../functions/adapters/dynamodb-people.js';
import type { Endpoints } from './stack.js';
import { projectRoot } from './stack.js';
import { employeeMatching } from './roster-people.js';

const endpointsFile = join(process.env.HEALTHCARD_DATA_DIR ?? join(projectRoot, '.data'), 'endpoints.json');
if (!existsSync(endpointsFile)) {
  console.error(`No running stack found (${endpointsFile} is missing). Start it first: npm start`);
  process.exit(1);
}
const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Endpoints;

type Role = keyof Endpoints['tokens'];
const step = (text: string) => console.log(`\n▶ ${text}`);
const show = (label: string, value: unknown) => console.log(`  ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);

const call = async (method: string, path: string, role: Role | undefined, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${endpoints.api.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(role === undefined ? {} : { authorization: `Bearer ${endpoints.tokens[role]}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
};

const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const statusOf = async (id: string, wanted: string) =>
  until(`status ${wanted}`, async () => {
    const view = await call('GET', `/v1/registrations/${id}`, 'portal');
    return view.status === wanted ? view : undefined;
  });

const main = async () => {
  step('Pick a test identity from the e-KYC simulator');
  const identities = (await call('GET', '/local/ekyc/identities', undefined)) as unknown as
    | {
        identities: {
          aadhaarNumber: string;
          behaviour: string;
          name: string;
          nameLocal?: string;
          yearOfBirth: number;
          gender: 'M' | 'F' | 'T';
        }[];
      }
    | { aadhaarNumber: string; behaviour: string; name: string; nameLocal?: string; yearOfBirth: number; gender: 'M' | 'F' | 'T' }[];
  const list = Array.isArray(identities) ? identities : identities.identities;
  const identity = list.find((candidate) => candidate.behaviour === 'success');
  if (identity === undefined) throw new Error('the simulator lists no success identity');
  show('person', `${identity.name} (${identity.nameLocal ?? '-'}), born ${identity.yearOfBirth}`);

  step('Put the employee on the up-sects roster (the roster importer does this from department files)');
  const employeeId = `DEMO-${randomUUID().slice(0, 6).toUpperCase()}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: endpoints.region, endpoint: endpoints.dynamodb.endpoint, credentials }),
  );
  await new DynamoDbPeople(documents, endpoints.dynamodb.table).putPerson(employeeMatching(identity, employeeId));
  documents.destroy();
  show('employee id', employeeId);

  step('Portal starts the registration (POST /v1/registrations, Idempotency-Key)');
  const mobile = `9${String(Date.now()).slice(-9)}`;
  const started = await call(
    'POST',
    '/v1/registrations',
    'portal',
    { scheme: 'up-sects', mobile, roster: { rosterType: 'employees', employeeId }, channel: 'portal' },
    { 'idempotency-key': randomUUID() },
  );
  const id = String(started.registrationId);
  show('registration', started);

  step("The employee reads the SMS code (the simulator's outbox stands in for the phone) and enters it");
  await statusOf(id, 'MOBILE_OTP_SENT');
  const sms = await until('the OTP SMS', async () => {
    const outbox = (await call('GET', `/local/outbox?to=${mobile}`, undefined)) as { messages: { text: string }[] };
    return outbox.messages[0]?.text;
  });
  show('SMS', sms.replace(/\d{6}/, '••••••'));
  const otp = /(?<!\d)(\d{6})(?!\d)/.exec(sms)?.[1] as string;
  show('verify', await call('POST', `/v1/registrations/${id}/mobile-otp/verify`, 'portal', { otp }));

  step('Aadhaar e-KYC: consent, then the OTP UIDAI sends to the Aadhaar-linked mobile');
  await statusOf(id, 'EKYC_PENDING');
  const ekyc = await call('POST', `/v1/registrations/${id}/ekyc`, 'portal', {
    aadhaarNumber: identity.aadhaarNumber,
    consent: { accepted: true, textVersion: 'ekyc-consent-v1', language: 'hi' },
    mode: 'otp',
  });
  show('e-KYC', ekyc);
  const { otp: aadhaarOtp } = (await call('GET', `/local/ekyc/otp?txn=${String(ekyc.transactionId)}`, undefined)) as { otp: string };
  show(
    'verify',
    await call('POST', `/v1/registrations/${id}/ekyc/verify`, 'portal', { aadhaarNumber: identity.aadhaarNumber, otp: aadhaarOtp }),
  );

  step('The DDO opens the approval queue and approves');
  const task = await until('the approval task', async () => {
    const queue = (await call('GET', '/v1/approvals', 'ddo')) as {
      items: { taskId: string; registrationId: string; summary: { match: unknown } }[];
    };
    return queue.items.find((item) => item.registrationId === id);
  });
  show('task', { taskId: task.taskId, match: task.summary.match });
  show('decision', await call('POST', `/v1/approvals/${task.taskId}/decision`, 'ddo', { decision: 'approve' }));

  step('The card is issued: signed QR, PDF, SMS with the link');
  const issued = await statusOf(id, 'CARD_ISSUED');
  const card = issued.card as { cardNumber: string };
  show('card', issued.card);
  show('next action', issued.nextAction);
  const metadata = await call('GET', `/v1/cards/${card.cardNumber}`, 'portal');
  const pdf = Buffer.from(await (await fetch(String(metadata.downloadUrl))).arrayBuffer());
  const file = join(process.cwd(), `card-${card.cardNumber}.pdf`);
  writeFileSync(file, pdf);
  show('PDF', `${file} (${pdf.length} bytes)`);

  step('Timeline (GET /v1/registrations/{id})');
  for (const event of issued.timeline as { at: string; from: string | null; to: string; why: string }[]) {
    console.log(`  ${event.at}  ${String(event.from ?? '—').padEnd(22)} → ${event.to.padEnd(22)} ${event.why}`);
  }
};

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
