// The DynamoDB adapters' reading of DynamoDB's failures, with the SDK mocked (aws-sdk-client-mock): each failure
// is the SDK's own exception class as the client throws it ($metadata, name, CancellationReasons), so the expected
// behaviour is what a DynamoDB client gives. Over the wire, against DynamoDB Local, the integration tests keep it.
import { Readable } from 'node:stream';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbImports } from '../../functions/adapters/dynamodb-imports.js';
import { DynamoDbRegistry } from '../../functions/adapters/dynamodb-registry.js';
import { transactWrite, type TransactionRetries } from '../../functions/adapters/dynamodb-transactions.js';
import { mapThrottling } from '../../functions/adapters/throttling-middleware.js';
import { ConflictError, ProviderUnavailableError } from '../../functions/core/errors.js';
import type { Registration } from '../../functions/ports/registry.js';

const metadata = { $metadata: { httpStatusCode: 400, requestId: 'R1' } };
/** What DynamoDB answers a TransactWriteItems it cancelled: one reason per item, in the items' order. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    ...metadata,
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'None' ? {} : { Message: Code }) })),
  });
const conditionFailed = () => new ConditionalCheckFailedException({ ...metadata, message: 'The conditional request failed' });

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-south-1' }));
const dynamo = mockClient(documents);
beforeEach(() => dynamo.reset());

describe('a transaction DynamoDB cancels', () => {
  const sleeps: number[] = [];
  const retries: TransactionRetries = {
    conflict: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, random: () => 0.5 },
    capacity: { attempts: 4, baseDelayMs: 200, maxDelayMs: 1000, random: () => 0.5 },
    sleep: async (ms) => void sleeps.push(ms),
  };
  const input = { TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] };
  beforeEach(() => void sleeps.splice(0));

  it('for capacity (ThrottlingError) is sent again, the same, after growing pauses, until it goes through', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ThrottlingError'))
      .rejectsOnce(cancelled('None', 'ThrottlingError'))
      .resolves({});
    await transactWrite(documents, input, retries);
    expect(dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input)).toEqual([input, input, input]);
    expect(sleeps).toEqual([100, 200]);
  });

  it('for capacity to the end is ProviderUnavailableError, which workflows retry by name', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ProvisionedThroughputExceeded'));
    await expect(transactWrite(documents, input, retries)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('for a conflict (TransactionConflict) is sent again; a conflict to the end is ProviderUnavailableError too', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});
    await transactWrite(documents, input, retries);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);

    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const failed = transactWrite(documents, input, retries);
    await expect(failed).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(failed).rejects.toMatchObject({ httpStatus: 503, cause: { name: 'TransactionCanceledException' } });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('by a condition is not sent again, even when another item met a conflict', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict'));
    await expect(transactWrite(documents, input, retries)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

const registration = {
  registrationId: 'reg-1',
  scheme: 'pmjay',
  status: 'STARTED',
  personId: 'P-1',
  rosterType: 'secc',
  district: 'Varanasi',
  mobile: '9876543210',
  channel: 'camp',
  clientId: 'portal',
  createdAt: '2026-12-01T05:00:00.000Z',
  updatedAt: '2026-12-01T05:00:00.000Z',
} as unknown as Registration;

describe('what the registry asks of DynamoDB for the writes that span records (TransactWriteItems)', () => {
  // Items and keys as docs/data-model.md lays out the table; request fields as the TransactWriteItems API takes them.
  const at = '2026-12-01T06:00:00.000Z';
  const registry = new DynamoDbRegistry(documents, 'healthcard', { now: () => Date.parse(at) });
  const stored = { pk: 'REG#reg-2', sk: 'REG', kind: 'registration', ...registration, registrationId: 'reg-2' };
  const actor = { id: 'system', role: 'workflow' };
  const sentItems = () => dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
  /** The registration as the table holds it, in `status`; the transaction goes through. */
  const storedIn = (status: string) => {
    dynamo.on(GetCommand).resolves({ Item: { ...stored, status } });
    dynamo.on(TransactWriteCommand).resolves({});
  };

  it('a claim is a Put beside the status change, only where no item is (attribute_not_exists), stamped by the clock', async () => {
    storedIn('EKYC_VERIFIED');
    await registry.claimWithTransition({ scheme: 'pmjay', aadhaarToken: 'tok' }, 'reg-2', {
      to: 'APPROVED',
      actor,
      why: 'AUTO_APPROVED_CLEAN_MATCH',
    });
    const [change, audit, claim, ...rest] = sentItems();
    expect(rest).toEqual([]);
    expect(change?.Update).toMatchObject({
      TableName: 'healthcard',
      Key: { pk: 'REG#reg-2', sk: 'REG' },
      // The registration as read, status and last change: a change since then fails the write.
      ConditionExpression: '#status = :current AND #updatedAt = :read',
      ExpressionAttributeValues: { ':to': 'APPROVED', ':current': 'EKYC_VERIFIED', ':now': at, ':read': registration.updatedAt },
    });
    expect(audit?.Put?.Item).toMatchObject({ pk: 'REG#reg-2', kind: 'audit', at, from: 'EKYC_VERIFIED', to: 'APPROVED' });
    expect(String(audit?.Put?.Item?.sk)).toMatch(/^AUDIT#2026-12-01T06:00:00\.000Z#/);
    expect(claim).toEqual({
      Put: {
        TableName: 'healthcard',
        Item: { pk: 'UNIQUE#pmjay#tok', sk: 'UNIQUE', kind: 'uniqueness-claim', scheme: 'pmjay', registrationId: 'reg-2', claimedAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  });

  it('a status change given the registration read reads nothing, and answers what was read with what was written', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const read = { ...registration, registrationId: 'reg-2', status: 'EKYC_VERIFIED', reason: { code: 'OLD' } } as Registration;
    const after = await registry.transition('reg-2', {
      to: 'APPROVED',
      actor,
      why: 'AUTO_APPROVED_CLEAN_MATCH',
      set: { match: { outcome: 'match', nameScore: 1, reasons: [] } },
      remove: ['reason'],
      read,
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
    expect(sentItems()[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':current': 'EKYC_VERIFIED',
      ':read': registration.updatedAt,
    });
    expect(after).toEqual({
      ...read,
      reason: undefined,
      status: 'APPROVED',
      updatedAt: at,
      match: { outcome: 'match', nameScore: 1, reasons: [] },
    });
  });

  it('a card is a Put beside the status change that a repeat rewrites (no condition)', async () => {
    storedIn('APPROVED');
    const card = {
      cardNumber: 'PMJ-VAR-0000001',
      scheme: 'pmjay',
      registrationId: 'reg-2',
      pdfKey: 'cards/pmjay/PMJ-VAR-0000001.pdf',
      issuedAt: at,
      validUntil: '2031-11-30',
      district: 'Varanasi',
      qrText: 'signed',
    };
    await registry.issueCard(card, { to: 'CARD_MADE', actor, why: 'CARD_MADE' });
    const [change, , put, ...rest] = sentItems();
    expect(rest).toEqual([]);
    expect(change?.Update?.Key).toEqual({ pk: 'REG#reg-2', sk: 'REG' });
    expect(put).toEqual({
      Put: {
        TableName: 'healthcard',
        // The card's own fields under its key (docs/data-model.md: CARD#<cardNumber> / CARD).
        Item: { pk: 'CARD#PMJ-VAR-0000001', sk: 'CARD', kind: 'card', ...card },
      },
    });
  });

  it('an idempotency record lives 7 days from the clock (expiresAt in epoch seconds, as DynamoDB TTL reads it)', async () => {
    dynamo.on(PutCommand).resolves({});
    await registry.claimIdempotent('portal', 'key-1', 'hash', 'reg-2');
    // 2026-12-08T06:00:00Z, in seconds since the epoch.
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ pk: 'IDEMP#portal#key-1', expiresAt: 1_796_709_600 });
  });
});

describe('the registry reads a failed condition as the conflict it is', () => {
  const registry = new DynamoDbRegistry(documents, 'healthcard', { now: () => Date.parse('2026-12-01T06:00:00Z') });
  const actor = { kind: 'system', id: 'test' } as const;

  it('a new registration whose item exists (the first of its transaction failed its condition): REGISTRATION_EXISTS', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const refused = registry.createRegistration(registration, actor as never);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'REGISTRATION_EXISTS', httpStatus: 409 });
  });

  it('a status change that lost a race three times: CONCURRENT_CHANGE; a claim taken meanwhile: ALREADY_CLAIMED', async () => {
    dynamo.on(GetCommand).resolves({ Item: { pk: 'REG#reg-1', sk: 'REG', ...registration } });
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const request = { to: 'MOBILE_OTP_SENT', actor, why: 'OTP_SENT' } as const;
    await expect(registry.transition('reg-1', request as never)).rejects.toMatchObject({
      name: 'ConflictError',
      code: 'CONCURRENT_CHANGE',
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);

    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const claim = { scheme: 'pmjay', aadhaarToken: 't' };
    await expect(registry.claimWithTransition(claim, 'reg-1', request as never)).rejects.toMatchObject({
      code: 'ALREADY_CLAIMED',
    });
  });

  it('a single-item condition (idempotency key, hourly SMS count) is an answer, not an error', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    await expect(registry.claimIdempotent('start', 'key-1', 'hash', 'reg-1')).resolves.toBe(false);
    await expect(registry.countMobileSend('token', 3, Date.parse('2026-12-01T05:00:00Z'))).resolves.toBe(false);
  });

  it('throttling is not mistaken for a failed condition: it goes on, to the throttling middleware', async () => {
    const throttled = new ProvisionedThroughputExceededException({
      ...metadata,
      message: 'The level of configured provisioned throughput for the table was exceeded.',
    });
    dynamo.on(PutCommand).rejects(throttled);
    await expect(registry.claimIdempotent('start', 'key-1', 'hash', 'reg-1')).rejects.toBe(throttled);
  });
});

describe("a roster chunk's result", () => {
  const imports = new DynamoDbImports(documents, 'healthcard');
  const result = { index: 4, bytes: 1_048_576, counts: { read: 5000, inserted: 4990, updated: 0, unchanged: 0, rejected: 10 } };

  it('recorded already by an earlier attempt (its put failed its condition): the recorded result, not an error', async () => {
    const recorded = { ...result, counts: { ...result.counts, inserted: 4980, rejected: 20 } };
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const chunkKey = { pk: 'IMPORT#imp-1', sk: 'CHUNK#00004' };
    dynamo.on(GetCommand, { Key: chunkKey }).resolves({ Item: { ...chunkKey, kind: 'import-chunk', ...recorded } });
    await expect(imports.chunkDone('imp-1', result as never)).resolves.toEqual(recorded);
  });
});

/**
 * The middleware sits in the real client's stack, which aws-sdk-client-mock replaces: here the client is real and
 * only its HTTP handler is a stand-in, answering as DynamoDB does (HTTP 400, an awsJson error body), so the SDK
 * itself deserialises the exception and retries it before the middleware sees it.
 */
describe('throttling the SDK retried and gave up on', () => {
  const answering = (type: string, message: string) => {
    const requests: string[] = [];
    const handler = {
      handle: async (request: { headers: Record<string, string> }) => {
        requests.push(request.headers['x-amz-target'] ?? '');
        return {
          response: {
            statusCode: 400,
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `R${requests.length}` },
            body: Readable.from([Buffer.from(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }))]),
          },
        };
      },
    };
    const client = mapThrottling(
      new DynamoDBClient({
        region: 'ap-south-1',
        endpoint: 'http://dynamodb.invalid',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 3,
        requestHandler: handler as never,
      }),
    );
    return { documents: DynamoDBDocumentClient.from(client), requests };
  };
  // The SDK's backoff is random * base * 2^attempt: no pause, so the test takes milliseconds, not seconds.
  beforeEach(() => void vi.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(() => vi.restoreAllMocks());

  it('ProvisionedThroughputExceededException and ThrottlingException become ProviderUnavailableError (503, retried by workflows)', async () => {
    for (const type of ['ProvisionedThroughputExceededException', 'ThrottlingException']) {
      const { documents: throttledDocuments, requests } = answering(type, 'Rate of requests exceeds the allowed throughput.');
      const failed = throttledDocuments.send(new GetCommand({ TableName: 'healthcard', Key: { pk: 'a', sk: 'b' } }));
      await expect(failed).rejects.toBeInstanceOf(ProviderUnavailableError);
      await expect(failed).rejects.toMatchObject({
        httpStatus: 503,
        cause: { name: type, $metadata: { httpStatusCode: 400, attempts: 3 } },
      });
      expect(requests).toEqual(['DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem', 'DynamoDB_20120810.GetItem']);
    }
  });

  it('a failed condition passes through as the SDK threw it, once (the SDK does not retry it)', async () => {
    const { documents: refusing, requests } = answering('ConditionalCheckFailedException', 'The conditional request failed');
    const failed = refusing.send(
      new PutCommand({ TableName: 'healthcard', Item: { pk: 'a', sk: 'b' }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await expect(failed).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(requests).toHaveLength(1);
  });
});
