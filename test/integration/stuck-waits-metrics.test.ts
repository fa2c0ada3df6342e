// The stuck-waits function against the embedded stack's table: waits past their SLA (and one not yet) written
// as the workflow adapter writes them, counted per step through the waits index, and published as one
// CloudWatch EMF document per step, in the namespace and with the dimensions the stack's alarm reads.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { waitItem } from '../../functions/adapters/dynamodb-waits.js';
import type { WaitContext } from '../../functions/core/waits.js';
import { withFunctionEnvironment } from '../../functions/config.js';
import type { WaitingStepName } from '../../functions/ports/workflow.js';
import { stuckWaitsMetric } from '../../infra/specs.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let env: TestStack;

beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => env?.stop());

const ddo: WaitContext = {
  district: 'Lucknow',
  block: 'Mal',
  slaSeconds: 3 * 86_400,
  waitingOn: { kind: 'approver', approverKind: 'ddo', queue: 'ddo:DDO-LKO-0001' },
};
const applicant = (district: string): WaitContext => ({ district, slaSeconds: 2 * 86_400, waitingOn: { kind: 'applicant' } });

const seedWait = async (registrationId: string, step: WaitingStepName, context: WaitContext, startedDaysAgo: number) => {
  const item = waitItem(
    registrationId,
    step,
    `token-${registrationId}`,
    context,
    new Date(Date.now() - startedDaysAgo * 86_400_000),
    undefined,
  );
  await env.documents.send(new PutCommand({ TableName: env.endpoints.dynamodb.table, Item: item }));
};

type Emf = {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
} & Record<string, unknown>;

describe('stuck-waits metrics', () => {
  it('counts waits past their SLA per step, in every district, and publishes each as a metric', async () => {
    // Prepare: two approvals past a 3-day SLA (two districts), one e-KYC past 2 days, one approval still in time.
    await seedWait('11111111-1111-4111-8111-111111111111', 'approval', ddo, 5);
    await seedWait('22222222-2222-4222-8222-222222222222', 'approval', { ...ddo, district: 'Kanpur Nagar', block: 'Bilhaur' }, 4);
    await seedWait('33333333-3333-4333-8333-333333333333', 'ekyc', applicant('Jhansi'), 3);
    await seedWait('44444444-4444-4444-8444-444444444444', 'approval', ddo, 1);
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    let result: { stuck: Record<WaitingStepName, number> };
    try {
      // Loaded and run in the environment the function's uses grant, as the embedded Lambda runs it.
      result = await withFunctionEnvironment(env.stack.environments.stuckWaitsMetrics, async () => {
        const { handler } = await import('../../functions/monitoring/stuck-waits-metrics.js');
        return handler();
      });
    } finally {
      stdout.mockRestore();
    }

    // Assess
    expect(result.stuck).toEqual({ 'mobile-otp': 0, ekyc: 1, approval: 2 });
    const documents = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Emf);
    expect(documents).toHaveLength(3);
    const published = Object.fromEntries(
      documents.map((document) => [document[stuckWaitsMetric.stepDimension], document[stuckWaitsMetric.metricName]]),
    );
    expect(published).toEqual({ 'mobile-otp': 0, ekyc: 1, approval: 2 });
    for (const document of documents) {
      const [directive] = document._aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe(env.stack.environments.stuckWaitsMetrics.POWERTOOLS_METRICS_NAMESPACE);
      expect(directive?.Dimensions).toEqual([['service', stuckWaitsMetric.stepDimension]]);
      expect(directive?.Metrics).toEqual([{ Name: stuckWaitsMetric.metricName, Unit: 'Count' }]);
      expect(document.service).toBe(stuckWaitsMetric.serviceName);
    }
    // Counts only: no registration id, district or queue in what it writes.
    expect(written.join('')).not.toMatch(/11111111|Lucknow|Kanpur|DDO-LKO/);
  });
});
