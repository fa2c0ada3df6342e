// The embedded stack for integration tests: in memory, every port chosen free, clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { startStack, type Endpoints, type RunningStack, type StackOptions } from '../../local/stack.js';
import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { captureLogs, executionsOf, recordCapture, type CaptureLine } from './privacy.js';
import { checkAgainstContract } from './contract.js';

/** A running stack as tests reach it: through its endpoints, like any client. */
export interface StackClient {
  readonly endpoints: Endpoints;
  readonly sfn: SFNClient;
  readonly documents: DynamoDBDocumentClient;
  /**
   * fetch against the local API, with the development token of `role` when given. Every answer is held to the
   * published OpenAPI document (contract.ts): one the document does not describe fails the call.
   */
  api(path: string, init?: RequestInit & { role?: keyof Endpoints['tokens'] }): Promise<Response>;
  /** Release the clients (the stack keeps running). */
  disconnect(): void;
}

export interface TestStack extends StackClient {
  readonly stack: RunningStack;
  /** Stops the stack, and leaves its logs and every execution's history for the whole run's privacy scan. */
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export const connectTo = (endpoints: Endpoints): StackClient => {
  const sfn = new SFNClient({ region: endpoints.region, endpoint: endpoints.stepFunctions.endpoint, credentials, maxAttempts: 1 });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: endpoints.region, endpoint: endpoints.dynamodb.endpoint, credentials }),
  );
  return {
    endpoints,
    sfn,
    documents,
    api: async (path, init = {}) => {
      const { role, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (role !== undefined) headers.set('authorization', `Bearer ${endpoints.tokens[role]}`);
      const response = await fetch(`${endpoints.api.url}${path}`, { ...rest, headers });
      return checkAgainstContract(rest.method ?? 'GET', path, response);
    },
    disconnect: () => {
      sfn.destroy();
      documents.destroy();
    },
  };
};

/** A whole scan of the stack's table, page by page: the items (none with Select COUNT) and how many matched. */
export const scanAll = async (client: StackClient, input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>) => {
  const items: Record<string, unknown>[] = [];
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.documents.send(
      new ScanCommand({
        ...input,
        TableName: client.endpoints.dynamodb.table,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    items.push(...(page.Items ?? []));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return { items, count };
};

/**
 * What the stack kept, for the privacy scan's photo check (privacy.ts findPhotoLeaks): every table item, every
 * export in the reports bucket (rejects reports, daily reports), and every stored e-KYC photo object (sealed: the
 * image must not show in it). Card PDFs are left out: the card prints the photo by design.
 */
const storedData = async (client: StackClient): Promise<Extract<CaptureLine, { kind: 'stored' }>[]> => {
  const { endpoints } = client;
  const { items } = await scanAll(client, {});
  const stored: Extract<CaptureLine, { kind: 'stored' }>[] = items.map((item) => ({
    kind: 'stored',
    where: `table item ${String(item.pk)} / ${String(item.sk)}`,
    text: JSON.stringify(item),
  }));
  const s3 = new S3Client({ region: endpoints.region, endpoint: endpoints.s3.endpoint, forcePathStyle: true, credentials });
  try {
    for (const [bucket, prefix] of [
      [endpoints.s3.buckets.reports, ''],
      [endpoints.s3.buckets.cards, 'photos/'],
    ] as const) {
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
          const bytes = Buffer.from((await body.Body?.transformToByteArray()) ?? []);
          stored.push({
            kind: 'stored',
            where: `object ${bucket}/${object.Key ?? ''}`,
            text: bytes.subarray(0, 4_000_000).toString('latin1'),
          });
        }
      }
    }
  } finally {
    s3.destroy();
  }
  return stored;
};

export const startTestStack = async (
  options: { extraEnv?: Record<string, string>; scheduleSeconds?: StackOptions['scheduleSeconds'] } = {},
): Promise<TestStack> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-it-'));
  const logs = captureLogs();
  let stack: RunningStack;
  try {
    stack = await startStack({
      memory: true,
      dataDir,
      ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 },
      ...(options.extraEnv === undefined ? {} : { extraEnv: options.extraEnv }),
      ...(options.scheduleSeconds === undefined ? {} : { scheduleSeconds: options.scheduleSeconds }),
    });
  } catch (error) {
    logs.stop();
    throw error;
  }
  const client = connectTo(stack.endpoints);
  return {
    ...client,
    stack,
    stop: async () => {
      // Read while the service still holds them: in memory, they go with it.
      const executions = executionsOf(stack.stepFunctions);
      // What the change stream's aggregator wrote (counts, people's positions, its checkpoints) is scanned with the
      // logs: the stream carries whole registration items, mobile number included, and none may leak through.
      const derived = await scanAll(client, {
        FilterExpression: 'begins_with(pk, :count) OR begins_with(pk, :stream) OR sk = :progress',
        ExpressionAttributeValues: { ':count': 'COUNT', ':stream': 'STREAM#', ':progress': 'PROGRESS' },
      }).then(
        ({ items }) => items.map((item) => `derived by the progress stream: ${JSON.stringify(item)}`).join('\n'),
        (error: unknown) => `derived items unread: ${error instanceof Error ? error.name : String(error)}`,
      );
      const stored = await storedData(client).catch((error: unknown) => [
        { kind: 'stored' as const, where: 'stored data unread', text: error instanceof Error ? error.name : String(error) },
      ]);
      client.disconnect();
      await stack.stop();
      logs.stop();
      recordCapture('embedded stack, in process', `${logs.lines()}\n${derived}`, executions, stored);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
