// GET /health: is each piece this deployment depends on reachable? Same probes on AWS and on the embedded stack.
// The state machine probe asks for metadata only: the definition is encrypted under the workflows key, which a
// probe has no business decrypting.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { dynamodb, s3, sfn } from '../adapters/aws-clients.js';
import { bucketsShape, parseEnv, tableShape, workflowsShape } from '../config.js';
import { serveRoutes } from './http.js';
import { healthRoutes } from './routes/health.js';

const config = parseEnv({ ...tableShape, ...bucketsShape, ...workflowsShape });

type Probe = { name: string; kind: 'table' | 'bucket' | 'stateMachine'; run: () => Promise<unknown> };

const probes: Probe[] = [
  { name: config.TABLE_NAME, kind: 'table', run: () => dynamodb.send(new DescribeTableCommand({ TableName: config.TABLE_NAME })) },
  ...[config.ROSTER_BUCKET_NAME, config.CARD_BUCKET_NAME, config.REPORT_BUCKET_NAME].map(
    (bucket): Probe => ({ name: bucket, kind: 'bucket', run: () => s3.send(new HeadBucketCommand({ Bucket: bucket })) }),
  ),
  ...[config.REGISTRATION_STATE_MACHINE_ARN, config.ROSTER_IMPORT_STATE_MACHINE_ARN].map(
    (arn): Probe => ({
      name: arn,
      kind: 'stateMachine',
      run: () => sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn, includedData: 'METADATA_ONLY' })),
    }),
  ),
];

export const handler = serveRoutes(healthRoutes, {
  'GET /health': async () => {
    const checks = await Promise.all(
      probes.map(async (probe) => {
        try {
          await probe.run();
          return { kind: probe.kind, name: probe.name, ok: true };
        } catch (error) {
          return { kind: probe.kind, name: probe.name, ok: false, error: error instanceof Error ? error.name : 'Unknown' };
        }
      }),
    );
    const ok = checks.every((check) => check.ok);
    return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'degraded', checks } };
  },
});
