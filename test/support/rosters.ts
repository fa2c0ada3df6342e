// Dropping roster files into the embedded stack's roster bucket and following their imports through the API,
// as a department and a district admin would.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect } from 'vitest';
import { DynamoDbPeople } from '../../functions/adapters/dynamodb-people.js';
import { eventually } from './eventually.js';
import { startTestStack, type StackClient, type TestStack } from './stack.js';

export interface ImportView {
  importId: string;
  status: string;
  key: string;
  counts?: Record<'read' | 'inserted' | 'updated' | 'unchanged' | 'duplicates' | 'rejected' | 'removed', number>;
  progress: Record<string, number>;
  refusal?: { code: string; message: string; columns?: string[] };
  rejectsReport?: { url: string; expiresAt: string };
  eligibleAfter?: number;
  [field: string]: unknown;
}

/** An employee row of an up-sects employees roster (department Education, district Lucknow, active). */
export interface Employee {
  readonly employeeId: string;
  readonly name: string;
  readonly gender: string;
  readonly yearOfBirth: number;
  readonly block: string;
  readonly ddoCode: string;
}

/** An employees roster file, as a department sends it. */
export const employeesCsv = (employees: readonly Employee[]) =>
  [
    'Employee ID,Name,Gender,Year of Birth,DDO Code,Department,Block,District,Status',
    ...employees.map((e) => `${e.employeeId},${e.name},${e.gender},${e.yearOfBirth},${e.ddoCode},Education,${e.block},Lucknow,active`),
  ].join('\n');

export const rosterClient = (env: StackClient) => {
  const s3 = new S3Client({
    region: env.endpoints.region,
    endpoint: env.endpoints.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const bucket = env.endpoints.s3.buckets.rosters;

  // No district: every import a state admin may read, those whose key named no district it knows among them.
  const list = async (district: string | undefined, role: 'district-admin' | 'state-admin' = 'district-admin') => {
    const response = await env.api(
      `/v1/admin/imports?${district === undefined ? '' : `district=${encodeURIComponent(district)}&`}limit=100`,
      { role },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: ImportView[] }).items;
  };

  const view = async (importId: string, role: 'district-admin' | 'state-admin' = 'state-admin') => {
    const response = await env.api(`/v1/admin/imports/${importId}`, { role });
    expect(response.status).toBe(200);
    return (await response.json()) as ImportView;
  };

  return {
    s3,
    upload: (key: string, body: string | Uint8Array) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
    list,
    view,
    /** Wait for the import of `key` numbered `nth` (1 = first upload of that key) to finish, and return it in full. */
    finished: async (district: string, key: string, nth = 1, timeoutMs = 60_000): Promise<ImportView> => {
      const found = await eventually(
        `import ${nth} of ${key} to finish`,
        async () => {
          const imports = (await list(district, 'state-admin')).filter((item) => item.key === key).reverse();
          const item = imports[nth - 1];
          return item !== undefined && ['DONE', 'REFUSED', 'FAILED'].includes(item.status) ? item : undefined;
        },
        { timeoutMs, intervalMs: 200 },
      );
      return view(found.importId);
    },
    /** The rejects report through its link, as a person downloading it gets it. */
    report: async (imported: ImportView) => {
      expect(imported.rejectsReport).toBeDefined();
      const response = await fetch(imported.rejectsReport?.url ?? '');
      expect(response.status).toBe(200);
      return (await response.text()).replace(/^\uFEFF/, '');
    },
    close: () => s3.destroy(),
  };
};

/**
 * A stack for a file's roster imports, started before its tests and stopped after them (`extraEnv`: chunk size,
 * concurrency and batch rows), with a roster client and the table's people adapter.
 */
export const useRosterStack = (extraEnv: Record<string, string>) => {
  const context = {} as { env: TestStack; rosters: ReturnType<typeof rosterClient>; people: DynamoDbPeople };
  beforeAll(async () => {
    context.env = await startTestStack({ extraEnv });
    context.rosters = rosterClient(context.env);
    context.people = new DynamoDbPeople(context.env.documents, context.env.endpoints.dynamodb.table);
  });
  afterAll(async () => {
    context.rosters?.close();
    await context.env?.stop();
  });
  return context;
};
