// The AWS deployment: one stack built from infra/specs.ts (resources), functions/api/routes.ts (HTTP routes)
// and workflows/*.asl.json (state machines, loaded as files with definitionSubstitutions, never rebuilt here).
import { join } from 'node:path';
import { Annotations, CfnElement, CfnOutput, Duration, Token, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { routes } from '../functions/api/routes.js';
import {
  bucketNotifications,
  executionEvents,
  bucketSpecs,
  functionSpecs,
  importTuning,
  importTuningEnv,
  tableSpec,
  workflowSpecs,
  type BucketKey,
  type FunctionKey,
  type FunctionSpec,
  type WorkflowKey,
} from './specs.js';
import { lambdaBundling, lambdaNodeOptions } from './bundling.js';

export const projectRoot = join(import.meta.dirname, '..');

export interface HealthcardStackProps extends StackProps {
  /** OIDC issuer for the HTTP API's JWT authorizer; without one the stack creates a Cognito user pool. */
  readonly oidcIssuer?: string;
  readonly oidcAudience?: readonly string[];
  readonly logRetention?: RetentionDays;
  /** SMS through AWS End User Messaging, with India DLT registration. Without it, SMS-sending functions refuse to start. */
  readonly sms?: {
    readonly originationIdentity: string;
    readonly dltEntityId: string;
    readonly dltTemplateIds: Readonly<Record<'mobile-otp' | 'card-issued' | 'approval-reminder', string>>;
  };
  /** The KUA/ASA e-KYC service. Without it, the registrations API refuses to start. */
  readonly ekyc?: { readonly baseUrl: string; readonly timeoutMs: number };
}

export class HealthcardStack extends Stack {
  readonly functions: Record<FunctionKey, NodejsFunction>;
  readonly stateMachines: Record<WorkflowKey, StateMachine>;

  constructor(scope: Construct, id: string, props: HealthcardStackProps = {}) {
    super(scope, id, props);
    const retention = props.logRetention ?? RetentionDays.THREE_MONTHS;

    const table = new TableV2(this, tableSpec.id, {
      partitionKey: { name: tableSpec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSpec.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      timeToLiveAttribute: tableSpec.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableSpec.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

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
      reason: 'This bucket receives the other buckets\' server access logs; logging it into itself would loop.',
    });

    const buckets = {} as Record<BucketKey, Bucket>;
    for (const [key, spec] of Object.entries(bucketSpecs) as [BucketKey, (typeof bucketSpecs)[BucketKey]][]) {
      buckets[key] = new Bucket(this, spec.id, {
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: spec.versioned,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${key}/`,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    const pipelineSecret = new Secret(this, 'PipelineSecret', {
      description: 'healthcard-pipeline master key: Aadhaar tokens and OTP hashes are keyed from it (HKDF)',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'masterKey', passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(pipelineSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Every stored Aadhaar token is an HMAC under this key: rotating it is a planned re-keying of the table, not an automatic rotation.',
    });
    const cardSigningKey = new Key(this, 'CardSigningKey', {
      description: 'Signs health-card QR payloads (ES256); verifier apps check them offline with the public key',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.sms === undefined) {
      Annotations.of(this).addWarningV2('healthcard:sms', 'No SMS configuration (sms prop / smsOriginationIdentity context): SMS-sending functions will refuse to start.');
    }
    if (props.ekyc === undefined) {
      Annotations.of(this).addWarningV2('healthcard:ekyc', 'No e-KYC service configured (ekycBaseUrl context): the registrations API will refuse to start.');
    }

    const functions = {} as Record<FunctionKey, NodejsFunction>;
    for (const [key, spec] of Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]) {
      functions[key] = this.createFunction(spec, retention);
    }
    this.functions = functions;

    // State machines: the ASL file itself, with each `${...Function}` placeholder bound to its function's ARN.
    const stateMachines = {} as Record<WorkflowKey, StateMachine>;
    for (const [key, spec] of Object.entries(workflowSpecs) as [WorkflowKey, (typeof workflowSpecs)[WorkflowKey]][]) {
      const invoked = (Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]).filter(
        ([, fn]) => fn.workflowPlaceholder !== undefined,
      );
      const machine = new StateMachine(this, spec.id, {
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromFile(join(projectRoot, spec.file)),
        definitionSubstitutions: Object.fromEntries(
          invoked.map(([fnKey, fn]) => [fn.workflowPlaceholder as string, functions[fnKey].functionArn]),
        ),
        tracingEnabled: true,
        logs: {
          destination: new LogGroup(this, `${spec.id}Logs`, { retention, removalPolicy: RemovalPolicy.RETAIN }),
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

    // What each function touches becomes its environment and its grants, nothing more.
    for (const [key, spec] of Object.entries(functionSpecs) as [FunctionKey, FunctionSpec][]) {
      const fn = functions[key];
      for (const use of spec.uses) {
        if (use.kind === 'table') {
          fn.addEnvironment('TABLE_NAME', table.tableName);
          if (use.access === 'probe') {
            fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }));
          }
          else {
            if (use.access === 'read') table.grantReadData(fn);
            else table.grantReadWriteData(fn);
            Validations.of(fn).acknowledge({
              id: `AwsSolutions-IAM5[Resource::<${this.logicalIdOf(table)}.Arn>/index/*]`,
              reason: 'Reads through the table\'s own GSIs (gsi1, gsi2); the grant covers this table\'s indexes only.',
            });
          }
        } else if (use.kind === 'bucket') {
          const bucket = buckets[use.bucket];
          fn.addEnvironment(bucketSpecs[use.bucket].envVar, bucket.bucketName);
          if (use.access === 'probe') {
            fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
          } else {
            if (use.access === 'read') bucket.grantRead(fn);
            else bucket.grantReadWrite(fn);
            this.acknowledgeObjectGrants(fn, bucket);
          }
        } else if (use.kind === 'secret') {
          fn.addEnvironment('PIPELINE_SECRET_ARN', pipelineSecret.secretArn);
          pipelineSecret.grantRead(fn);
        } else if (use.kind === 'sms') {
          if (props.sms !== undefined) {
            fn.addEnvironment('SMS_ORIGINATION_IDENTITY', props.sms.originationIdentity);
            fn.addEnvironment('SMS_DLT_ENTITY_ID', props.sms.dltEntityId);
            fn.addEnvironment('SMS_DLT_TEMPLATE_IDS', JSON.stringify(props.sms.dltTemplateIds));
          }
          fn.addToRolePolicy(
            new PolicyStatement({
              actions: ['sms-voice:SendTextMessage'],
              resources: [`arn:${this.partition}:sms-voice:${this.region}:${this.account}:*`],
            }),
          );
          Validations.of(fn).acknowledge({
            id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${this.nagName(this.region, 'AWS::Region')}:${this.nagName(this.account, 'AWS::AccountId')}:*]`,
            reason: 'SendTextMessage is authorized on the origination identity (sender id / number), which the operator registers after deploying; scoped to this account and region.',
          });
        } else if (use.kind === 'ekyc') {
          if (props.ekyc !== undefined) {
            fn.addEnvironment('EKYC_BASE_URL', props.ekyc.baseUrl);
            fn.addEnvironment('EKYC_TIMEOUT_MS', String(props.ekyc.timeoutMs));
          }
        } else if (use.kind === 'importTuning') {
          for (const [name, value] of Object.entries(importTuningEnv(importTuning))) fn.addEnvironment(name, value);
        } else if (use.kind === 'cardKey') {
          fn.addEnvironment('CARD_SIGNING_KMS_KEY_ID', cardSigningKey.keyArn);
          cardSigningKey.grant(fn, ...(use.access === 'sign' ? ['kms:Sign', 'kms:GetPublicKey'] : ['kms:GetPublicKey']));
        } else {
          const machine = stateMachines[use.workflow];
          fn.addEnvironment(workflowSpecs[use.workflow].envVar, machine.stateMachineArn);
          if (use.access === 'probe') machine.grant(fn, 'states:DescribeStateMachine');
          else if (use.access === 'start') machine.grantStartExecution(fn);
          else if (use.access === 'taskResponse') machine.grantTaskResponse(fn);
          else if (use.access === 'operate') {
            machine.grantRead(fn);
            machine.grantExecution(fn, 'states:StopExecution', 'states:RedriveExecution');
            const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
            const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
            Validations.of(fn).acknowledge({
              id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${this.logicalIdOf(machine)}"}]}]}:*]`,
              reason: 'Describe, history, stop and redrive act on executions, which exist only at run time: the grant covers the executions of this one state machine.',
            });
          }
          else machine.grantRead(fn);
        }
      }
    }

    // S3 notifications from the shared spec (the embedded stack filters s3rver's events the same way).
    for (const notification of bucketNotifications) {
      for (const suffix of notification.suffixes) {
        buckets[notification.bucket].addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(functions[notification.function]), {
          prefix: notification.prefix,
          suffix,
        });
      }
    }

    // Execution status changes -> the execution ledger (the embedded stack's Step Functions delivers the same events).
    new Rule(this, 'ExecutionStatusChanges', {
      description: 'Step Functions status changes of this stack\'s workflows, for the execution ledger admins list from',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: executionEvents.workflows.map((workflow) => stateMachines[workflow].stateMachineArn) },
      },
      targets: [new LambdaFunction(functions[executionEvents.function], { retryAttempts: 8 })],
    });

    // CDK's own custom resource that installs bucket notifications at deploy time (not at run time).
    const notificationsHandler = this.node.findAll().find((construct) => construct.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler !== undefined) {
      Validations.of(notificationsHandler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK\'s bucket-notifications custom resource (deploy time only) writes its own logs with the AWS-managed basic execution role.',
      });
    }

    this.createHttpApi(functions, props, retention);

    new CfnOutput(this, 'TableName', { value: table.tableName });
    for (const [key, bucket] of Object.entries(buckets)) new CfnOutput(this, `${bucketSpecs[key as BucketKey].id}Name`, { value: bucket.bucketName });
    for (const [key, machine] of Object.entries(stateMachines)) {
      new CfnOutput(this, `${workflowSpecs[key as WorkflowKey].id}Arn`, { value: machine.stateMachineArn });
    }
  }

  /** How cdk-nag writes a value in finding ids: itself when known at synth, `<AWS::…>` when it is a token. */
  private nagName(value: string, pseudo: string): string {
    return Token.isUnresolved(value) ? `<${pseudo}>` : value;
  }

  /** The logical id cdk-nag names a resource by in its finding ids. */
  logicalIdOf(construct: Construct): string {
    return this.getLogicalId(construct.node.defaultChild as CfnElement);
  }

  private acknowledgeObjectGrants(fn: NodejsFunction, bucket: Bucket): void {
    const reason = 'Object-level actions on this one bucket\'s objects (CDK grant action groups); no other bucket.';
    for (const id of [`Resource::<${this.logicalIdOf(bucket)}.Arn>/*`, 'Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*']) {
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
      logGroup: new LogGroup(this, `${spec.id}Logs`, { retention, removalPolicy: RemovalPolicy.RETAIN }),
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
        banner: lambdaBundling.banner,
        ...(spec.bundledFiles === undefined
          ? {}
          : {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  spec.bundledFiles?.map((file) => `mkdir -p "$(dirname "${outputDir}/${file.to}")" && cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`) ?? [],
              },
            }),
      },
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role grants only CloudWatch Logs writes, which every function needs.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime the project targets and tests (package.json engines, the embedded stack); upgrade with the project.',
    });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing (PutTraceSegments/PutTelemetryRecords) supports no resource-level permissions.',
    });
    return fn;
  }

  private createHttpApi(functions: Record<FunctionKey, NodejsFunction>, props: HealthcardStackProps, retention: RetentionDays) {
    let issuer = props.oidcIssuer;
    let audience = props.oidcAudience ? [...props.oidcAudience] : undefined;
    if (issuer === undefined) {
      const pool = new UserPool(this, 'Users', {
        selfSignUpEnabled: false,
        signInAliases: { username: true, email: true },
        passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: 'MFA policy is a per-state decision (district staff on shared office laptops); configure it on the pool when deploying.',
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: 'The Plus feature plan is a paid tier an operator chooses per deployment; the stack works on Essentials.',
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG3',
        reason: 'Threat protection (advanced security) is a paid Cognito tier an operator enables per deployment.',
      });
      const client = new UserPoolClient(this, 'ApiClient', { userPool: pool, generateSecret: false });
      issuer = `https://cognito-idp.${this.region}.amazonaws.com/${pool.userPoolId}`;
      audience = [client.userPoolClientId];
    }
    const jwt = new HttpJwtAuthorizer('Jwt', issuer, { jwtAudience: audience ?? [] });

    const api = new HttpApi(this, 'Api', { createDefaultStage: false, description: 'healthcard-pipeline API v1' });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention, removalPolicy: RemovalPolicy.RETAIN });
    const stage = new HttpStage(this, 'DefaultStage', { httpApi: api, stageName: '$default', autoDeploy: true });
    // Access log lines carry ids and statuses only: no bodies, no query strings (they can hold mobile numbers).
    (stage.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
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
        Validations.of(created).acknowledge({ id: 'AwsSolutions-APIG4', reason: `Public by declaration in the route table: ${route.access.why}` });
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
  }
}
