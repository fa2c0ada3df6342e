// The embedded stack for integration tests: in memory, every port chosen free, clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startStack, type Endpoints, type RunningStack } from '../../local/stack.js';

export interface TestStack {
  readonly stack: RunningStack;
  readonly endpoints: Endpoints;
  readonly sfn: SFNClient;
  readonly documents: DynamoDBDocumentClient;
  /** fetch against the local API, with the development token of `role` when given. */
  api(path: string, init?: RequestInit & { role?: keyof Endpoints['tokens'] }): Promise<Response>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export const clientsFor = (endpoints: Endpoints) => {
  const sfn = new SFNClient({ region: endpoints.region, endpoint: endpoints.stepFunctions.endpoint, credentials, maxAttempts: 1 });
  const dynamodb = new DynamoDBClient({ region: endpoints.region, endpoint: endpoints.dynamodb.endpoint, credentials });
  return { sfn, documents: DynamoDBDocumentClient.from(dynamodb) };
};

export const startTestStack = async (): Promise<TestStack> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcard-it-'));
  const stack = await startStack({ memory: true, dataDir, ports: { api: 0, sfn: 0, dynamodb: 0, s3: 0 } });
  const { sfn, documents } = clientsFor(stack.endpoints);
  return {
    stack,
    endpoints: stack.endpoints,
    sfn,
    documents,
    api: (path, init = {}) => {
      const { role, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (role !== undefined) headers.set('authorization', `Bearer ${stack.endpoints.tokens[role]}`);
      return fetch(`${stack.endpoints.api.url}${path}`, { ...rest, headers });
    },
    stop: async () => {
      sfn.destroy();
      documents.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
