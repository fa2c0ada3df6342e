// The AWS deployment: one stack built from infra/specs.ts (resources), functions/api/routes.ts (HTTP routes)
// and workflows/*.asl.json (state machines, loaded as files with definitionSubstitutions, never rebuilt here).
import { join } from 'node:path';
import {
  Annotations,
  ArnFormat,
  CfnElement,
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Token,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import {
  CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { OAuthScope } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Key, KeySpec, KeyUsage, type IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Architecture, FilterCriteria, FilterRule, Runtime, StartingPosition, Tracing } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Charset, LogLevel as EsbuildLogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { photoRetention } from '../functions/core/photos.js';
import { routes } from '../functions/api/routes.js';
import { variablesOf, type ResourceValues } from '../functions/environment.js';
import { Identity } from './identity.js';
import type { DltTemplateId, SmsTemplate } from '../functions/ports/sms.js';
import { PipelineAlarms } from './alarms.js';
import { PipelineKeys } from './keys.js';
import { defaultLogRetention, protectedLogGroup } from './log-groups.js';
import type { OidcAuth } from '../web/src/runtime-config.js';
import { DashboardSite, executeApiOrigin } from './dashboard-site.js';
import {
  bucketNotifications,
  executionEvents,
  progressStream,
  schedules,
  bucketSpecs,
  functionSpecs,
  importTuning,
  tableSpec,
  waitTuning,
  workflowSpecs,
  type BucketKey,
  type FunctionKey,
  type FunctionSpec,
  type WorkflowKey,
} from './specs.js';
import { lambdaBundling, lambdaNodeOptions } from './bundling.js';
import { acknowledge } from './nag.js';

export const projectRoot = join(import.meta.dirname, '..');

export interface HealthcardStackProps extends StackProps {
  /** OIDC issuer for the HTTP API's JWT authorizer; without one the stack creates a Cognito user pool. */
  readonly oidcIssuer?: string;
  readonly oidcAudience?: readonly string[];
  /** With `oidcIssuer`: the client the registrations API asks for applicant sessions (none: no sessions). */
  readonly oidcSessionClient?: { readonly tokenUrl: string; readonly clientId: string; readonly secretArn: string };
  /** The user pool's domain prefix (default `healthcard-<account>`); unique in the region. */
  readonly cognitoDomainPrefix?: string;
  /** With `oidcIssuer`: the client id the dashboard signs in as (default: the first audience). */
  readonly dashboardClientId?: string;
  /** Function log groups (default 3 months). */
  readonly logRetention?: RetentionDays;
  /** State machine and API access log groups: who did what (default 1 year). */
  readonly auditLogRetention?: RetentionDays;
  /** Subscribed by e-mail to the alarm topic; without one the topic has no subscriber until the operator adds one. */
  readonly alarmEmail?: string;
  /** Approvals past their SLA at which the stuck-approvals alarm fires (default 1). */
  readonly stuckApprovalsAlarmThreshold?: number;
  /** SMS through AWS End User Messaging, with India DLT registration. Without it, SMS-sending functions refuse to start. */
  readonly sms?: {
    readonly originationIdentity: string;
    readonly dltEntityId: string;
    readonly dltTemplateIds: Readonly<Record<SmsTemplate, DltTemplateId>>;
  };
  /** The KUA/ASA e-KYC service. Without it, the registrations API refuses to start. */
  readonly ekyc?: { readonly baseUrl: string; readonly timeoutMs: number };
  /**
   * Card-signing keys made since the stack's own, oldest first (ECC_NIST_P256, SIGN_VERIFY KMS keys): the last
   * signs. Rotation is adding one and deploying: the alias moves to it, the signers may use every key listed
   * (docs/card.md, "Rotation on AWS"). Old keys' public halves stay published from the keys' ledger.
   */
  readonly cardSigningKeyArns?: readonly string[];
}

export class HealthcardStack extends Stack {
  readonly functions: Record<FunctionKey, NodejsFunction>;
  readonly stateMachines: Record<WorkflowKey, StateMachine>;
  /** The customer managed keys, one per class of data (infra/keys.ts). */
  readonly keys: PipelineKeys;
  readonly alarms: PipelineAlarms;
  readonly dashboard: DashboardSite;

  constructor(scope: Construct, id: string, props: HealthcardStackProps = {}) {
    super(scope, id, props);
    const retention = props.logRetention ?? defaultLogRetention.functions;
    const auditRetention = props.auditLogRetention ?? defaultLogRetention.audit;
    const keys = new PipelineKeys(this, 'Keys');
    this.keys = keys;

    const table = new TableV2(this, tableSpec.id, {
      partitionKey: { name: tableSpec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSpec.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(keys.data),
      timeToLiveAttribute: tableSpec.timeToLiveAttribute,
      dynamoStream: StreamViewType[tableSpec.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableSpec.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    // S3 server access logging delivers only to a bucket with SSE-S3 (not SSE-KMS): this one stays S3-managed.
    // Its lines name objects and requesters, never their contents.
    const accessLogs = new Bucket(this, 'AccessLogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: "This bucket receives the other buckets' server access logs; logging it into itself would loop.",
    });

    const buckets = {} as Record<BucketKey, Bucket>;
    for (const [key, spec] of Object.entries(bucketSpecs) as [BucketKey, (typeof bucketSpecs)[BucketKey]][]) {
      buckets[key] = new Bucket(this, spec.id, {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        // SSE-KMS with an S3 bucket key: one KMS call per bucket key period instead of one per object.
        encryption: BucketEncryption.KMS,
        encryptionKey: keys.data,
        bucketKeyEnabled: true,
        enforceSSL: true,
        versioned: spec.versioned,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${key}/`,
        removalPolicy: RemovalPolicy.RETAIN,
        // The photo sweep deletes each e-KYC photo when its time is up (functions/core/photos.ts); should it stop
        // running, S3 deletes any photo a day past the longest a photo is kept.
        ...(key === 'cards'
          ? {
              lifecycleRules: [
                { id: 'EkycPhotosBackstop', prefix: 'photos/', expiration: Duration.days(photoRetention.maxSeconds / 86_400 + 1) },
              ],
            }
          : {}),
      });
    }

    const pipelineSecret = new Secret(this, 'PipelineSecret', {
      description: 'healthcard-pipeline master key: Aadhaar tokens and OTP hashes are keyed from it (HKDF)',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'masterKey', passwordLength: 64, excludePunctuation: true },
      encryptionKey: keys.data,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(pipelineSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every stored Aadhaar token is an HMAC under this key: rotating it is a planned re-keying of the table, not an automatic rotation.',
    });
    const cardSigningKey = new Key(this, 'CardSigningKey', {
      description: 'Signs health-card QR payloads (ES256); verifier apps check them offline with the public key',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Rotation: keys made later are listed in props, the alias names the newest, and signers sign through the
    // alias (they notice a moved alias by the key KMS says signed: functions/adapters/card-signer-kms.ts).
    const cardSigningKeys: IKey[] = [
      cardSigningKey,
      ...(props.cardSigningKeyArns ?? []).map((arn, index) => Key.fromKeyArn(this, `CardSigningKeyRotated${index + 1}`, arn)),
    ];
    const cardSigningAliasName = `alias/${this.stackName}/card-signing`;
    const cardSigningAlias = new Alias(this, 'CardSigningKeyAlias', {
      aliasName: cardSigningAliasName,
      targetKey: cardSigningKeys.at(-1) as IKey,
    });
    // The e-KYC photos' own key (envelope encryption, functions/adapters/photo-envelope.ts): only the functions that
    // seal or open a photo are granted it, GenerateDataKey or Decrypt, per infra/specs.ts.
    const photoKey = new Key(this, 'PhotoKey', {
      description: 'healthcard-pipeline: e-KYC photos (data keys wrapped per photo, bound to the registration by encryption context)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.sms === undefined) {
      Annotations.of(this).addWarningV2(
        'healthcard:sms',
        'No SMS configuration (sms prop / smsOriginationIdentity context): SMS-sending functions will refuse to start.',
      );
    }
    if (props.ekyc === undefined) {
      Annotations.of(this).addWarningV2(
        'healthcard:ekyc',
        'No e-KYC service configured (ekycBaseUrl context): the registrations API will refuse to start.',
      );
    }

    const functions = {} as Record<FunctionKey, NodejsFunction>;
    for (const [key, spec] of Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]) {
      functions[key] = this.createFunction(spec, retention);
    }
    this.functions = functions;

    const identity = new Identity(this, 'Identity', {
      ...(props.oidcIssuer === undefined
        ? {}
        : {
            oidc: {
              issuer: props.oidcIssuer,
              audiences: props.oidcAudience ?? [],
              ...(props.oidcSessionClient === undefined
                ? {}
                : {
                    sessionClient: {
                      tokenUrl: props.oidcSessionClient.tokenUrl,
                      clientId: props.oidcSessionClient.clientId,
                      secret: Secret.fromSecretCompleteArn(this, 'OidcSessionClientSecret', props.oidcSessionClient.secretArn),
                    },
                  }),
            },
          }),
      ...(props.cognitoDomainPrefix === undefined ? {} : { domainPrefix: props.cognitoDomainPrefix }),
      preTokenGeneration: functions.preTokenGeneration,
    });

    // State machines: the ASL file itself, with each `${...Function}` placeholder bound to its function's ARN.
    const stateMachines = {} as Record<WorkflowKey, StateMachine>;
    for (const [key, spec] of Object.entries(workflowSpecs) as [WorkflowKey, (typeof workflowSpecs)[WorkflowKey]][]) {
      const invoked = (Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]).filter(
        ([, fn]) => fn.workflowPlaceholder !== undefined,
      );
      const machine = new StateMachine(this, spec.id, {
        // Named, so that key grants can name the state machine in their encryption context (no cycle through the ARN).
        stateMachineName: this.stateMachineName(key),
        stateMachineType: StateMachineType.STANDARD,
        // Definition and execution history under the workflows key: reading history needs kms:Decrypt on it.
        encryptionConfiguration: new CustomerManagedEncryptionConfiguration(keys.workflows),
        definitionBody: DefinitionBody.fromFile(join(projectRoot, spec.file)),
        definitionSubstitutions: Object.fromEntries(
          invoked.map(([fnKey, fn]) => [fn.workflowPlaceholder as string, functions[fnKey].functionArn]),
        ),
        tracingEnabled: true,
        logs: {
          destination: protectedLogGroup(this, `${spec.id}Logs`, { key: keys.logs, retention: auditRetention }),
          level: LogLevel.ALL,
          // Execution data stays out of logs: history is the one place inputs live, and they carry ids only.
          includeExecutionData: false,
        },
      });
      Validations.of(machine).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery etc.) support no resource-level permissions.',
      });
      for (const [fnKey] of invoked) {
        functions[fnKey].grantInvoke(machine);
        Validations.of(machine).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(functions[fnKey])}.Arn>:*]`,
          reason: 'Invoke on the function and its versions (ARN:*) is how CDK grants lambda:InvokeFunction; scoped to this one function.',
        });
      }
      stateMachines[key] = machine;
    }
    this.stateMachines = stateMachines;

    // What each function touches becomes its environment (the contract's variables, functions/environment.ts)
    // and its grants, nothing more.
    const session = identity.sessionClient;
    const values: ResourceValues = {
      table: table.tableName,
      bucket: { rosters: buckets.rosters.bucketName, cards: buckets.cards.bucketName, reports: buckets.reports.bucketName },
      workflow: {
        registration: stateMachines.registration.stateMachineArn,
        rosterImport: stateMachines.rosterImport.stateMachineArn,
      },
      secret: { secretArn: pipelineSecret.secretArn },
      sms: props.sms,
      ekyc: props.ekyc,
      // The alias's name as written, not its attribute: the alias waits for the signers' grants (below), so a
      // reference from their environment to it would be a cycle.
      cardKey: { kmsKeyId: cardSigningAliasName },
      photoKey: { kmsKeyId: photoKey.keyArn },
      sessionClient:
        session === undefined
          ? undefined
          : 'userPool' in session
            ? { tokenUrl: session.tokenUrl, clientId: session.clientId, userPoolId: session.userPool.userPoolId }
            : { tokenUrl: session.tokenUrl, clientId: session.clientId, secretArn: session.secret.secretArn },
      importTuning,
      waitTuning,
      metrics: this.metricsNamespace,
    };
    for (const [key, spec] of Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]) {
      const fn = functions[key];
      for (const use of spec.uses) {
        for (const [name, value] of Object.entries(variablesOf(use, values))) fn.addEnvironment(name, value);
        if (use.kind === 'table') {
          if (use.access === 'probe') {
            fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }));
          } else {
            if (use.access === 'read') table.grantReadData(fn);
            else {
              table.grantReadWriteData(fn);
              this.acknowledgeDataKeyWrites(fn);
            }
            Validations.of(fn).acknowledge({
              id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(table)}.Arn>/index/*]`,
              reason: "Reads through the table's own GSIs (gsi1, gsi2); the grant covers this table's indexes only.",
            });
          }
        } else if (use.kind === 'bucket') {
          const bucket = buckets[use.bucket];
          if (use.access === 'probe') {
            fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
          } else if (use.access === 'write') {
            // A presigned PUT acts with the signer's permissions: the upload encrypts under the data key through it.
            bucket.grantPut(fn, use.objects);
            this.acknowledgeDataKeyWrites(fn);
            Validations.of(fn).acknowledge({
              id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(bucket)}.Arn>/${use.objects}]`,
              reason:
                'Presigned uploads put objects whose keys the caller chooses within this one prefix of this one bucket; no read, no delete.',
            });
            Validations.of(fn).acknowledge({
              id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
              reason: "CDK's put grant includes aborting this function's own multipart uploads under the same prefix.",
            });
          } else {
            if (use.access === 'read') bucket.grantRead(fn);
            else {
              bucket.grantReadWrite(fn);
              this.acknowledgeDataKeyWrites(fn);
            }
            this.acknowledgeObjectGrants(fn, bucket);
          }
        } else if (use.kind === 'secret') {
          pipelineSecret.grantRead(fn);
        } else if (use.kind === 'sms') {
          fn.addToRolePolicy(
            new PolicyStatement({
              actions: ['sms-voice:SendTextMessage'],
              resources: [`arn:${this.partition}:sms-voice:${this.region}:${this.account}:*`],
            }),
          );
          Validations.of(fn).acknowledge({
            id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${this.nagName(this.region, 'AWS::Region')}:${this.nagName(this.account, 'AWS::AccountId')}:*]`,
            reason:
              'SendTextMessage is authorized on the origination identity (sender id / number), which the operator registers after deploying; scoped to this account and region.',
          });
        } else if (use.kind === 'ekyc' || use.kind === 'metrics' || use.kind === 'importTuning' || use.kind === 'waitTuning') {
          // Configuration only: the e-KYC service is reached over HTTPS; EMF lines in the function's own logs become
          // metrics (a namespace, no IAM); import sizing and wait tuning are numbers.
        } else if (use.kind === 'sessionClient') {
          if (session !== undefined && 'userPool' in session) session.userPool.grant(fn, 'cognito-idp:DescribeUserPoolClient');
          else session?.secret.grantRead(fn);
        } else if (use.kind === 'photoKey') {
          photoKey.grant(fn, use.access === 'seal' ? 'kms:GenerateDataKey' : 'kms:Decrypt');
        } else if (use.kind === 'cardKey') {
          for (const key of cardSigningKeys)
            key.grant(fn, ...(use.access === 'sign' ? ['kms:Sign', 'kms:GetPublicKey'] : ['kms:GetPublicKey']));
          // The alias moves to a new key only once the signers may use it.
          if (fn.role !== undefined) cardSigningAlias.node.addDependency(fn.role);
        } else {
          const machine = stateMachines[use.workflow];
          // What a use reads or writes of an execution is encrypted under the workflows key; a probe reads neither.
          if (use.access !== 'probe')
            this.grantWorkflowKey(fn, use.workflow, use.access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey']);
          if (use.access === 'probe') machine.grant(fn, 'states:DescribeStateMachine');
          else if (use.access === 'start') machine.grantStartExecution(fn);
          else if (use.access === 'taskResponse') {
            // By the machine's name, not its Ref: the tasks the machine invokes answer tokens too (a cycle otherwise).
            fn.addToRolePolicy(
              new PolicyStatement({
                actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
                resources: [this.stateMachineArnByName(use.workflow)],
              }),
            );
          } else if (use.access === 'operate') {
            machine.grantRead(fn);
            machine.grantExecution(fn, 'states:StopExecution', 'states:RedriveExecution');
            const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
            const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
            Validations.of(fn).acknowledge({
              id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${this.logicalIdOf(machine)}"}]}]}:*]`,
              reason:
                'Describe, history, stop and redrive act on executions, which exist only at run time: the grant covers the executions of this one state machine.',
            });
          } else machine.grantRead(fn);
        }
      }
    }

    // S3 notifications from the shared spec (the embedded stack filters s3rver's events the same way).
    for (const notification of bucketNotifications) {
      for (const suffix of notification.suffixes) {
        buckets[notification.bucket].addEventNotification(
          EventType.OBJECT_CREATED,
          new LambdaDestination(functions[notification.function]),
          {
            prefix: notification.prefix,
            suffix,
          },
        );
      }
    }

    // Execution status changes -> the execution ledger (the embedded stack's Step Functions delivers the same events).
    new Rule(this, 'ExecutionStatusChanges', {
      description: "Step Functions status changes of this stack's workflows, for the execution ledger admins list from",
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: executionEvents.workflows.map((workflow) => stateMachines[workflow].stateMachineArn) },
      },
      targets: [new LambdaFunction(functions[executionEvents.function], { retryAttempts: 8 })],
    });

    // The table's change stream -> campaign progress (the embedded stack's stream poller does the same).
    functions[progressStream.function].addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: progressStream.batchSize,
        maxBatchingWindow: Duration.seconds(progressStream.batchingWindowSeconds),
        parallelizationFactor: 1,
        tumblingWindow: Duration.seconds(progressStream.tumblingWindowSeconds),
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.isEqual(progressStream.sortKey) } } } })],
      }),
    );

    // Scheduled functions (the embedded stack runs those marked `embedded` itself, at start and on the schedule).
    for (const schedule of schedules) {
      new Rule(this, schedule.id, {
        description: schedule.why,
        schedule: Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new LambdaFunction(functions[schedule.function], { retryAttempts: 2 })],
      });
    }

    // CDK's own custom resource that installs bucket notifications at deploy time (not at run time).
    const notificationsHandler = this.node.findAll().find((construct) => construct.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler !== undefined) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's bucket-notifications custom resource (deploy time only) writes its own logs with the AWS-managed basic execution role.",
      });
    }

    const { api, dashboard } = this.createHttpApiAndDashboard(functions, identity, props, auditRetention, accessLogs);
    this.dashboard = dashboard;

    // Alarms: every state machine, every function no HTTP route serves (workflow tasks, event and schedule
    // targets: nobody sees them fail otherwise), the API's 5xx, and approvals stuck past their SLA.
    const stuckSchedule = schedules.find((schedule) => schedule.function === 'stuckWaitsMetrics');
    if (stuckSchedule === undefined)
      throw new Error('infra/specs.ts schedules: the stuck-waits function has no schedule, so its alarm would never see data');
    this.alarms = new PipelineAlarms(this, 'Alarms', {
      key: keys.alarms,
      ...(props.alarmEmail === undefined ? {} : { email: props.alarmEmail }),
      stateMachines: Object.fromEntries(
        (Object.keys(stateMachines) as WorkflowKey[]).map((key) => [workflowSpecs[key].id, stateMachines[key]]),
      ),
      functions: Object.fromEntries(
        (Object.keys(functionSpecs) as FunctionKey[])
          .filter((key) => !routes.some((route) => route.function === key))
          .map((key) => [functionSpecs[key].id, functions[key]]),
      ),
      api,
      metricsNamespace: this.metricsNamespace,
      stuckApprovalsThreshold: props.stuckApprovalsAlarmThreshold ?? 1,
      stuckWaitsEveryMinutes: stuckSchedule.everyMinutes,
    });

    new CfnOutput(this, 'TableName', { value: table.tableName });
    for (const [key, bucket] of Object.entries(buckets))
      new CfnOutput(this, `${bucketSpecs[key as BucketKey].id}Name`, { value: bucket.bucketName });
    for (const [key, machine] of Object.entries(stateMachines)) {
      new CfnOutput(this, `${workflowSpecs[key as WorkflowKey].id}Arn`, { value: machine.stateMachineArn });
    }
  }

  /** `<stack>-<workflow name>`: the state machine's name on AWS (the embedded stack uses the spec's name alone). */
  private stateMachineName(workflow: WorkflowKey): string {
    return `${this.stackName}-${workflowSpecs[workflow].name}`;
  }

  /** Where this deployment's custom metrics go (the stuck-waits function publishes, the alarms read). */
  get metricsNamespace(): string {
    return `healthcard-pipeline/${this.stackName}`;
  }

  /** A state machine's ARN from its name, known before the machine exists. */
  private stateMachineArnByName(workflow: WorkflowKey): string {
    return this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName(workflow),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * KMS on the workflows key for what a function does with one state machine's executions, scoped by the
   * encryption context Step Functions uses (the state machine's ARN): no other state machine's history.
   */
  private grantWorkflowKey(fn: NodejsFunction, workflow: WorkflowKey, actions: string[]): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions,
        resources: [this.keys.workflows.keyArn],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:aws:states:stateMachineArn': this.stateMachineArnByName(workflow),
          },
        },
      }),
    );
  }

  /** How cdk-nag writes a value in finding ids: itself when known at synth, `<AWS::…>` when it is a token. */
  private nagName(value: string, pseudo: string): string {
    return Token.isUnresolved(value) ? `<${pseudo}>` : value;
  }

  /** The logical id cdk-nag names a resource by in its finding ids. */
  logicalIdOf(construct: Construct): string {
    return this.getLogicalId(construct.node.defaultChild as CfnElement);
  }

  /** Writing to the table or a bucket encrypts under the data key: CDK grants KMS's action groups for it. */
  private acknowledgeDataKeyWrites(fn: NodejsFunction): void {
    const reason = "Writes under SSE-KMS: CDK grants the data key's GenerateDataKey* and ReEncrypt* action groups, on this one key only.";
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*'])
      Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[Action::${action}]`, reason });
  }

  /** CDK's BucketDeployment function: runs at deploy time only, with the policy CDK gives it. */
  private acknowledgeDashboardCopier(copier: Construct, dashboard: DashboardSite): void {
    const qualifier =
      (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assets = `cdk-${qualifier}-assets-${this.nagName(this.account, 'AWS::AccountId')}-${this.nagName(this.region, 'AWS::Region')}`;
    const copies =
      "CDK's BucketDeployment function (deploy time only) copies the dashboard's built files from the CDK asset bucket into the dashboard bucket and no other.";
    const acknowledgments: [string, string][] = [
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's BucketDeployment function (deploy time only) writes its own logs with the AWS-managed basic execution role.",
      ],
      ...['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*'].map(
        (id): [string, string] => [`AwsSolutions-IAM5[${id}]`, copies],
      ),
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assets}/*]`, copies],
      [`AwsSolutions-IAM5[Resource::<${this.logicalIdOf(dashboard.bucket)}.Arn>/*]`, copies],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'CloudFront CreateInvalidation and GetInvalidation, which the BucketDeployment function calls after copying, support no resource-level permissions.',
      ],
      [
        'AwsSolutions-L1',
        "The runtime of CDK's own BucketDeployment function is chosen by aws-cdk-lib and moves with it; it runs at deploy time only.",
      ],
    ];
    for (const [id, reason] of acknowledgments) Validations.of(copier).acknowledge({ id, reason });
  }

  private acknowledgeObjectGrants(fn: NodejsFunction, bucket: Bucket): void {
    const reason = "Object-level actions on this one bucket's objects (CDK grant action groups); no other bucket.";
    for (const id of [
      `Resource::<${this.logicalIdOf(bucket)}.Arn>/*`,
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
    ]) {
      Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[${id}]`, reason });
    }
  }

  private createFunction(spec: FunctionSpec, retention: RetentionDays): NodejsFunction {
    const fn = new NodejsFunction(this, spec.id, {
      entry: join(projectRoot, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: protectedLogGroup(this, `${spec.id}Logs`, { key: this.keys.logs, retention }),
      environment: { NODE_OPTIONS: lambdaNodeOptions, POWERTOOLS_SERVICE_NAME: 'healthcard-pipeline' },
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      bundling: {
        // infra/bundling.ts: the same options bench/cold-start measures.
        format: lambdaBundling.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        minify: lambdaBundling.minify,
        sourceMap: lambdaBundling.sourceMap,
        target: lambdaBundling.target,
        externalModules: [...lambdaBundling.externalModules],
        mainFields: [...lambdaBundling.mainFields],
        charset: lambdaBundling.charset === 'utf8' ? Charset.UTF8 : Charset.ASCII,
        banner: lambdaBundling.banner,
        // Warnings and errors only: esbuild's summary of every bundle is forty lines of noise in a synth's output.
        logLevel: EsbuildLogLevel.WARNING,
        ...(spec.bundledFiles === undefined
          ? {}
          : {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  spec.bundledFiles?.map(
                    (file) => `mkdir -p "$(dirname "${outputDir}/${file.to}")" && cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`,
                  ) ?? [],
              },
            }),
      },
    });
    acknowledge(fn, {
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
        'The AWS-managed basic execution role grants only CloudWatch Logs writes, which every function needs.',
      'AwsSolutions-L1':
        'Node.js 22 is the runtime the project targets and tests (package.json engines, the embedded stack); upgrade with the project.',
      'AwsSolutions-IAM5[Resource::*]': 'X-Ray tracing (PutTraceSegments/PutTelemetryRecords) supports no resource-level permissions.',
    });
    return fn;
  }

  /**
   * The HTTP API and the dashboard, which depend on each other and on identity: the staff client's callback is the
   * dashboard's URL, the API's CORS admits the dashboard's origin, and the dashboard's config.json names the API
   * and the client.
   */
  private createHttpApiAndDashboard(
    functions: Record<FunctionKey, NodejsFunction>,
    identity: Identity,
    props: HealthcardStackProps,
    retention: RetentionDays,
    accessLogs: Bucket,
  ): { api: HttpApi; dashboard: DashboardSite } {
    const scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];
    const scopeNames = scopes.map((scope) => scope.scopeName);
    let dashboard: DashboardSite;
    let dashboardAuth: OidcAuth;
    if (identity.domain !== undefined) {
      const domain = identity.domain;
      dashboard = new DashboardSite(this, 'Dashboard', { accessLogs, connectOrigins: [executeApiOrigin(this), domain.baseUrl()] });
      const client = identity.addStaffClient(dashboard.url, scopes);
      dashboardAuth = {
        mode: 'oidc',
        issuer: identity.issuer,
        clientId: client.userPoolClientId,
        redirectUri: dashboard.url,
        scopes: scopeNames,
        // The pre-token-generation trigger writes our claims into ID and access tokens alike; the dashboard sends the ID token.
        tokenUse: 'id_token',
        authorizationEndpoint: `${domain.baseUrl()}/oauth2/authorize`,
        tokenEndpoint: `${domain.baseUrl()}/oauth2/token`,
        logoutEndpoint: `${domain.baseUrl()}/logout`,
      };
    } else {
      const clientId = props.dashboardClientId ?? identity.audiences[0];
      if (clientId === undefined)
        throw new Error('oidcIssuer needs oidcAudience (and optionally dashboardClientId) for the dashboard to sign in');
      dashboard = new DashboardSite(this, 'Dashboard', {
        accessLogs,
        connectOrigins: [executeApiOrigin(this), new URL(identity.issuer).origin],
      });
      // The issuer's discovery document names its endpoints; the issuer must list the dashboard's URL as a callback.
      dashboardAuth = {
        mode: 'oidc',
        issuer: identity.issuer,
        clientId,
        redirectUri: dashboard.url,
        scopes: scopeNames,
        tokenUse: 'id_token',
      };
    }
    const jwt = new HttpJwtAuthorizer('Jwt', identity.issuer, { jwtAudience: [...identity.audiences] });

    const api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'healthcard-pipeline API v1',
      // The dashboard calls the API from its CloudFront origin with a bearer token (no cookies).
      corsPreflight: {
        allowOrigins: [dashboard.origin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });
    const apiAccessLogs = protectedLogGroup(this, 'ApiAccessLogs', { key: this.keys.logs, retention });
    const stage = new HttpStage(this, 'DefaultStage', { httpApi: api, stageName: '$default', autoDeploy: true });
    // Access log lines carry ids and statuses only: no bodies, no query strings (they can hold mobile numbers).
    (stage.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: apiAccessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };

    const integrations = new Map<FunctionKey, HttpLambdaIntegration>();
    for (const route of routes) {
      let integration = integrations.get(route.function);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`${functionSpecs[route.function].id}Integration`, functions[route.function]);
        integrations.set(route.function, integration);
      }
      const authorizer: IHttpRouteAuthorizer = route.access.public === true ? new HttpNoneAuthorizer() : jwt;
      const [created] = api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer });
      if (route.access.public === true && created !== undefined) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `Public by declaration in the route table: ${route.access.why}`,
        });
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });

    dashboard.deploy({ engine: 'aws', apiBaseUrl: api.apiEndpoint, auth: dashboardAuth });
    // CDK's own deploy-time function that copies the built files into the bucket and invalidates CloudFront.
    const copier = this.node.findAll().find((construct) => construct.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (copier !== undefined) this.acknowledgeDashboardCopier(copier, dashboard);
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url });
    new CfnOutput(this, 'VerifierUrl', { value: dashboard.verifierUrl });
    return { api, dashboard };
  }
}
