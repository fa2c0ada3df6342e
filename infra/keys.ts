// The stack's customer managed KMS keys, one per class of data (docs/security-infra.md says which protects what
// and why). Symmetric, rotated yearly by KMS, kept when the stack is deleted (data encrypted under a deleted key
// is lost). Who may use a key is granted per function from what infra/specs.ts says it uses, never here; a key
// policy here only lets an AWS service use its key on this stack's behalf.
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** What each key protects, as its description says in the console. */
export const keyPurposes = {
  data: 'Personal data at rest: the registry table, the roster, card and report buckets, the pipeline master-key secret',
  workflows: 'Step Functions state machines: definitions and execution history (reading history needs kms:Decrypt on this key)',
  logs: 'CloudWatch Logs: every function, state machine and API access log group of the stack',
  alarms: 'The alarm notification topic (SNS)',
} as const;

export type KeyClass = keyof typeof keyPurposes;

export class PipelineKeys extends Construct {
  readonly data: Key;
  readonly workflows: Key;
  readonly logs: Key;
  readonly alarms: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = (keyClass: KeyClass, keyId: string) =>
      new Key(this, keyId, {
        description: `healthcard-pipeline: ${keyPurposes[keyClass]}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.data = key('data', 'DataKey');
    this.workflows = key('workflows', 'WorkflowKey');
    this.logs = key('logs', 'LogsKey');
    this.alarms = key('alarms', 'AlarmsKey');

    const stack = Stack.of(this);
    // CloudWatch Logs encrypts and decrypts log events itself: its regional principal, for this account's log
    // groups in this region only (the encryption context names the log group).
    this.logs.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsUsesThisKeyForThisAccountsLogGroups',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // CloudWatch alarms publish to the encrypted topic: SNS encrypts with the publisher's access to the key.
    this.alarms.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }

  /** Every key, by class: for tests and docs. */
  all(): Record<KeyClass, Key> {
    return { data: this.data, workflows: this.workflows, logs: this.logs, alarms: this.alarms };
  }
}
