// The CDK stack, synthesized offline with bundling and cdk-nag, held to what DESIGN.md and the issue ask.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../functions/api/routes.js';
import { indiaDataIdentifiers } from '../../infra/log-groups.js';
import {
  bucketSpecs,
  functionSpecs,
  schedules,
  stuckWaitsMetric,
  workflowSpecs,
  type FunctionKey,
  type FunctionSpec,
} from '../../infra/specs.js';
import { addNagChecks } from '../../infra/nag.js';
import { HealthcardStack } from '../../infra/stack.js';
import { loadDefinition, substitute, type JsonValue } from '../../local/sfn/definition.js';
import { projectRoot } from '../../local/stack.js';
import { parseRuntimeConfig } from '../../web/src/runtime-config.js';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };

describe('CDK stack', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  let template: Template;
  let resources: Record<string, Resource>;
  let json: { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };

  beforeAll(() => {
    const app = new App({ outdir });
    new HealthcardStack(app, 'HealthcardTest', { env: { account: '111111111111', region: 'ap-south-1' } });
    addNagChecks(app);
    // Throws ValidationFailed on any unacknowledged cdk-nag finding.
    const assembly = app.synth();
    json = assembly.getStackByName('HealthcardTest').template as typeof json;
    template = Template.fromJSON(json);
    resources = json.Resources;
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  type Ref = { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  /** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at. */
  const target = (value: unknown) => (value as Ref)['Fn::GetAtt']?.[0] ?? (value as Ref).Ref;
  const keyIdOf = (prefix: string) => {
    const [id] = ofType('AWS::KMS::Key').find(([logicalId]) => logicalId.startsWith(prefix)) ?? [];
    expect(id, prefix).toBeDefined();
    return id as string;
  };
  const dataKey = () => keyIdOf('KeysDataKey');
  const workflowKey = () => keyIdOf('KeysWorkflowKey');
  const logsKey = () => keyIdOf('KeysLogsKey');
  const alarmsKey = () => keyIdOf('KeysAlarmsKey');

  it('deploys each state machine from its ASL file: the definition equals the file after substitution', () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(Object.keys(workflowSpecs).length);
    for (const spec of Object.values(workflowSpecs)) {
      const [, machine] = machines.find(([logicalId]) => logicalId.startsWith(spec.id)) ?? [];
      expect(machine).toBeDefined();
      const location = machine?.Properties.DefinitionS3Location as { Key: string };
      const deployed = JSON.parse(readFileSync(join(outdir, `asset.${location.Key}`), 'utf8')) as JsonValue;
      // Bind each placeholder to a marker naming what CloudFormation substitutes, on both sides.
      const substitutions = machine?.Properties.DefinitionSubstitutions as Record<string, { 'Fn::GetAtt': [string, string] }>;
      const markers = Object.fromEntries(Object.entries(substitutions).map(([name, value]) => [name, `<${value['Fn::GetAtt'][0]}.Arn>`]));
      const expected = loadDefinition(join(projectRoot, spec.file), markers);
      expect(substitute(deployed, markers)).toEqual(expected);
      // Each placeholder is bound to the function the specs name for it.
      for (const [name, value] of Object.entries(substitutions)) {
        const fn = Object.values(functionSpecs).find(
          (candidate) => 'workflowPlaceholder' in candidate && candidate.workflowPlaceholder === name,
        );
        expect(value['Fn::GetAtt'][0].startsWith(fn?.id ?? '?')).toBe(true);
      }
    }
  });

  it('logs state machines without execution data, with tracing', () => {
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('keeps the table with point-in-time recovery, deletion protection and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }),
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })]),
    });
  });

  it('blocks public access and encrypts every bucket; versions the roster bucket', () => {
    const buckets = ofType('AWS::S3::Bucket');
    // The specs' buckets, the access-log bucket and the dashboard's.
    expect(buckets.length).toBe(Object.keys(bucketSpecs).length + 2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    const [, rosters] = buckets.find(([id]) => id.startsWith(bucketSpecs.rosters.id)) ?? [];
    expect(rosters?.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  it('creates one arm64 Node 22 function per handler, traced, with only the environment it needs', () => {
    const ours = Object.values(functionSpecs).map((spec) => spec.id);
    const all = ofType('AWS::Lambda::Function');
    const functions = all.filter(([id]) => ours.some((prefix) => id.startsWith(prefix)));
    expect(functions).toHaveLength(ours.length);
    // Besides ours, only CDK's deploy-time custom resources: bucket notifications, and copying the dashboard's files.
    expect(all.filter((entry) => !functions.includes(entry)).map(([id]) => id.replace(/[0-9A-F]{8,}.*$/i, ''))).toEqual([
      'BucketNotificationsHandler',
      'CustomCDKBucketDeployment',
    ]);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
    const [, otp] = functions.find(([id]) => id.startsWith(functionSpecs.sendMobileOtp.id)) ?? [];
    const variables = Object.keys((otp?.Properties.Environment as { Variables: Record<string, unknown> }).Variables);
    expect(variables).toContain('TABLE_NAME');
    expect(variables).not.toContain('REGISTRATION_STATE_MACHINE_ARN');
    expect(variables).not.toContain('ROSTER_BUCKET_NAME');
  });

  it('ships the files a function reads at run time in its bundle (the card fonts)', () => {
    const [, issueCard] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionSpecs.issueCard.id)) ?? [];
    const key = String((issueCard?.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
    const bundle = readdirSync(join(outdir, `asset.${key}`), { recursive: true }).map(String);
    for (const file of functionSpecs.issueCard.bundledFiles) expect(bundle).toContain(file.to);
    expect(bundle).toContain('index.mjs');
  });

  it('lets the imports function put roster files under rosters/ (the presigned uploads it hands out) and nothing more there', () => {
    const [importsRole] = ofType('AWS::IAM::Role').find(([id]) => id.startsWith(functionSpecs.imports.id)) ?? [];
    const [rosterBucket] = ofType('AWS::S3::Bucket').find(([id]) => id.startsWith(bucketSpecs.rosters.id)) ?? [];
    expect(importsRole).toBeDefined();
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(importsRole as string))
      .flatMap(
        ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
      );
    const onRosters = statements.filter((statement) => JSON.stringify(statement.Resource).includes(rosterBucket as string));
    const actions = onRosters.flatMap((statement) => [statement.Action].flat());
    expect(actions).toContain('s3:PutObject');
    expect(actions.filter((action) => /^s3:(Get|List|Delete)/.test(action))).toEqual([]);
    for (const statement of onRosters) {
      expect(statement.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [rosterBucket, 'Arn'] }, '/rosters/*']] });
    }
  });

  it('sends roster uploads to their handler, as the shared notification spec says', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Match.arrayWith([
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'rosters/' },
                ]),
              },
            },
          }),
        ]),
      },
    });
  });

  it("sends both workflows' execution status changes to the ledger function through EventBridge", () => {
    const [rule] = ofType('AWS::Events::Rule').filter(([, candidate]) => candidate.Properties.EventPattern !== undefined);
    expect(rule).toBeDefined();
    const properties = (rule as [string, Resource])[1].Properties as {
      EventPattern: { source: string[]; 'detail-type': string[]; detail: { stateMachineArn: { Ref: string }[] } };
      Targets: { Arn: { 'Fn::GetAtt': string[] } }[];
    };
    expect(properties.EventPattern.source).toEqual(['aws.states']);
    expect(properties.EventPattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
    const machines = ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
    expect(properties.EventPattern.detail.stateMachineArn.map((arn) => arn.Ref).sort()).toEqual([...machines].sort());
    const target = properties.Targets[0]?.Arn['Fn::GetAtt'][0] as string;
    expect(target.startsWith(functionSpecs.executionStatusChanged.id)).toBe(true);
  });

  it('creates exactly the routes of the route table, JWT-protected unless declared public', () => {
    const created = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    expect(created.map((route) => route.RouteKey).sort()).toEqual(routes.map(routeKey).sort());
    for (const route of routes) {
      const match = created.find((candidate) => candidate.RouteKey === routeKey(route));
      expect(match?.AuthorizationType).toBe(route.access.public === true ? 'NONE' : 'JWT');
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
  });

  it('signs every token with one user pool: staff groups per role, our claims from its trigger, portal and session clients', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaVersion: 'V3_0',
          LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${functionSpecs.preTokenGeneration.id}`), 'Arn'] },
        },
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'districts', Mutable: true }),
        Match.objectLike({ Name: 'ddo_codes', Mutable: true }),
        Match.objectLike({ Name: 'worker_id', Mutable: true }),
      ]),
    });
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['ddo', 'district-admin', 'field-worker', 'operator', 'state-admin', 'verifier']);
    const clients = ofType('AWS::Cognito::UserPoolClient').map(([logicalId, client]) => ({
      logicalId,
      ...(client.Properties as { GenerateSecret?: boolean; AllowedOAuthScopes?: unknown; AllowedOAuthFlows?: unknown }),
    }));
    const machine = clients.filter((client) => client.GenerateSecret === true);
    const scopes = machine.map((client) => JSON.stringify(client.AllowedOAuthScopes));
    expect(scopes).toHaveLength(2);
    expect(scopes.filter((scope) => scope.includes('/portal'))).toHaveLength(1);
    expect(scopes.filter((scope) => scope.includes('/applicant-session'))).toHaveLength(1);
    expect(machine.every((client) => JSON.stringify(client.AllowedOAuthFlows) === '["client_credentials"]')).toBe(true);
    // The authorizer accepts the staff client, the portal client and the session client, and nothing else.
    const authorizer = ofType('AWS::ApiGatewayV2::Authorizer')[0]?.[1].Properties as { JwtConfiguration: { Audience: { Ref: string }[] } };
    expect(authorizer.JwtConfiguration.Audience.map((audience) => audience.Ref).sort()).toEqual(
      clients.map((client) => client.logicalId).sort(),
    );
    // The registrations API reads the session client's secret from the pool, and may do nothing else with it.
    const registrations = ofType('AWS::Lambda::Function').find(([logicalId]) => logicalId.startsWith(functionSpecs.registrations.id))?.[1];
    const variables = (registrations?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['SESSION_TOKEN_URL', 'SESSION_CLIENT_ID', 'SESSION_USER_POOL_ID']));
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
    );
    expect(
      statements.filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:')).map((statement) => statement.Action),
    ).toEqual(['cognito-idp:DescribeUserPoolClient']);
  });

  it('keeps every customer managed key symmetric, rotated and retained with the stack deleted', () => {
    const keys = ofType('AWS::KMS::Key');
    // data, workflows, logs, alarms, e-KYC photos, and the card-signing key (asymmetric: signs, never encrypts).
    expect(keys).toHaveLength(6);
    for (const [id, key] of keys) {
      expect((key as Resource & { DeletionPolicy?: string }).DeletionPolicy, id).toBe('Retain');
      if (id.startsWith('CardSigningKey')) expect(key.Properties.KeySpec).toBe('ECC_NIST_P256');
      else expect([id, key.Properties.EnableKeyRotation, key.Properties.KeySpec]).toEqual([id, true, undefined]);
    }
  });

  it('encrypts the table, the data buckets and the master-key secret with the data key', () => {
    const [[, table]] = ofType('AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    const [replica] = table.Properties.Replicas as { SSESpecification: { KMSMasterKeyId: unknown } }[];
    expect(target(replica?.SSESpecification.KMSMasterKeyId)).toBe(dataKey());

    const buckets = ofType('AWS::S3::Bucket');
    const encryptionOf = (bucket: Resource | undefined) =>
      (
        bucket?.Properties.BucketEncryption as {
          ServerSideEncryptionConfiguration: {
            BucketKeyEnabled?: boolean;
            ServerSideEncryptionByDefault: { SSEAlgorithm: string; KMSMasterKeyID?: unknown };
          }[];
        }
      ).ServerSideEncryptionConfiguration[0];
    const [accessLogsId, accessLogs] = buckets.find(([id]) => id.startsWith('AccessLogBucket')) ?? [];
    // S3 server access logging delivers only to SSE-S3 buckets: object names and requesters, no contents.
    expect(encryptionOf(accessLogs)?.ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    for (const spec of Object.values(bucketSpecs)) {
      const [id, bucket] = buckets.find(([logicalId]) => logicalId.startsWith(spec.id)) ?? [];
      const rule = encryptionOf(bucket);
      expect(rule?.ServerSideEncryptionByDefault.SSEAlgorithm, id).toBe('aws:kms');
      expect(target(rule?.ServerSideEncryptionByDefault.KMSMasterKeyID), id).toBe(dataKey());
      expect(rule?.BucketKeyEnabled, id).toBe(true);
      expect(target((bucket?.Properties.LoggingConfiguration as { DestinationBucketName: unknown }).DestinationBucketName), id).toBe(
        accessLogsId,
      );
    }

    const [[, secret]] = ofType('AWS::SecretsManager::Secret') as [[string, Resource]];
    expect(target(secret.Properties.KmsKeyId)).toBe(dataKey());
  });

  it("encrypts each state machine's definition and execution history with the workflows key", () => {
    for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      const encryption = machine.Properties.EncryptionConfiguration as { Type: string; KmsKeyId: unknown };
      expect(encryption.Type, id).toBe('CUSTOMER_MANAGED_KMS_KEY');
      expect(target(encryption.KmsKeyId), id).toBe(workflowKey());
      expect(machine.Properties.StateMachineName).toMatch(/^HealthcardTest-healthcard-/);
    }
  });

  it('gives every log group the logs key, a retention and a data protection policy masking mobile and Aadhaar numbers', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    // One per function, one per state machine, the API's access logs: none left to Lambda's implicit creation.
    expect(groups).toHaveLength(Object.keys(functionSpecs).length + Object.keys(workflowSpecs).length + 1);
    for (const [id, group] of groups) {
      expect((group as Resource & { DeletionPolicy?: string }).DeletionPolicy, id).toBe('Retain');
      expect(target(group.Properties.KmsKeyId), id).toBe(logsKey());
      const audit = id.startsWith('ApiAccessLogs') || Object.values(workflowSpecs).some((spec) => id.startsWith(`${spec.id}Logs`));
      expect(group.Properties.RetentionInDays, id).toBe(audit ? 365 : 90);
      const policy = group.Properties.DataProtectionPolicy as {
        Statement: { DataIdentifier: unknown[]; Operation: Record<string, unknown> }[];
        Configuration: { CustomDataIdentifier: { Name: string; Regex: string }[] };
      };
      expect(policy.Configuration.CustomDataIdentifier).toEqual(
        indiaDataIdentifiers.map((identifier) => ({ Name: identifier.name, Regex: identifier.regex })),
      );
      const masking = policy.Statement.find((statement) => 'Deidentify' in statement.Operation);
      expect(masking?.DataIdentifier, id).toEqual(expect.arrayContaining(['IndianMobileNumber', 'AadhaarNumber', 'AadhaarVirtualId']));
      expect(JSON.stringify(masking?.DataIdentifier)).toContain(':dataprotection::aws:data-identifier/EmailAddress');
    }
    // Every function and state machine logs to its own explicit group.
    for (const spec of Object.values(functionSpecs)) {
      const [id, fn] = ofType('AWS::Lambda::Function').find(([logicalId]) => logicalId.startsWith(spec.id)) ?? [];
      expect(
        groups.map(([groupId]) => groupId),
        id,
      ).toContain(target((fn?.Properties.LoggingConfig as { LogGroup: unknown }).LogGroup));
    }
    for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      const [destination] = (
        machine.Properties.LoggingConfiguration as { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[] }
      ).Destinations;
      expect(
        groups.map(([groupId]) => groupId),
        id,
      ).toContain(target(destination?.CloudWatchLogsLogGroup.LogGroupArn));
    }
  });

  it("lets CloudWatch Logs use the logs key only for this account's log groups in this region", () => {
    const [, logs] = ofType('AWS::KMS::Key').find(([id]) => id === logsKey()) ?? [];
    const statements = (
      logs?.Properties.KeyPolicy as {
        Statement: { Principal: { Service?: string }; Condition?: Record<string, Record<string, unknown>> }[];
      }
    ).Statement;
    const service = statements.find((statement) => statement.Principal.Service === 'logs.ap-south-1.amazonaws.com');
    expect(JSON.stringify(service?.Condition?.ArnLike?.['kms:EncryptionContext:aws:logs:arn'])).toContain(':logs:ap-south-1:');
  });

  it('alarms on failed and timed-out executions of each state machine, into the encrypted, TLS-only alarm topic', () => {
    const [[topicId, topic]] = ofType('AWS::SNS::Topic') as [[string, Resource]];
    expect(target(topic.Properties.KmsMasterKeyId)).toBe(alarmsKey());
    const [[, topicPolicy]] = ofType('AWS::SNS::TopicPolicy') as [[string, Resource]];
    expect((topicPolicy.Properties.PolicyDocument as { Statement: unknown[] }).Statement).toEqual(
      expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    );
    // No e-mail given: no subscription.
    template.resourceCountIs('AWS::SNS::Subscription', 0);

    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    for (const alarm of alarms) {
      expect((alarm.AlarmActions as unknown[]).map(target)).toEqual([topicId]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    for (const [machineId] of ofType('AWS::StepFunctions::StateMachine')) {
      const watching = alarms.filter((alarm) => target((alarm.Dimensions as { Value: unknown }[] | undefined)?.[0]?.Value) === machineId);
      expect(watching.map((alarm) => alarm.MetricName).sort(), machineId).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    }
  });

  it('alarms on errors and throttles of every function no HTTP route serves', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const unrouted = (Object.keys(functionSpecs) as FunctionKey[]).filter((key) => !routes.some((route) => route.function === key));
    expect(unrouted).toEqual(
      expect.arrayContaining([
        'sendMobileOtp',
        'issueCard',
        'importRosterChunk',
        'rosterUploaded',
        'executionStatusChanged',
        'stuckWaitsMetrics',
      ]),
    );
    for (const key of unrouted) {
      const watching = alarms.filter((alarm) =>
        String(target((alarm.Dimensions as { Value: unknown }[] | undefined)?.[0]?.Value)).startsWith(functionSpecs[key].id),
      );
      expect(watching.map((alarm) => alarm.MetricName).sort(), key).toEqual(['Errors', 'Throttles']);
    }
  });

  it('runs the stuck-waits function on a schedule, with its metrics namespace and read access to the table', () => {
    const schedule = schedules.find((entry) => entry.function === 'stuckWaitsMetrics');
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression !== undefined);
    const targetsOf = (rule: (typeof rules)[number]) =>
      (rule[1].Properties.Targets as { Arn: unknown }[]).map((entry) => String(target(entry.Arn)));
    const stuck = rules.filter((rule) => targetsOf(rule).some((arn) => arn.startsWith(functionSpecs.stuckWaitsMetrics.id)));
    expect(stuck.map(([, rule]) => rule.Properties.ScheduleExpression)).toEqual([`rate(${schedule?.everyMinutes} minutes)`]);

    const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionSpecs.stuckWaitsMetrics.id)) ?? [];
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('healthcard-pipeline/HealthcardTest');
    expect(Object.keys(variables)).toContain('TABLE_NAME');
  });

  it("runs the decision sweep on a schedule, with the right to complete the registration workflow's tasks", () => {
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression !== undefined);
    const sweep = rules.filter(([, rule]) =>
      (rule.Properties.Targets as { Arn: unknown }[]).some((entry) =>
        String(target(entry.Arn)).startsWith(functionSpecs.deliverDecisions.id),
      ),
    );
    expect(sweep.map(([, rule]) => rule.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionSpecs.deliverDecisions.id)) ?? [];
    const role = target(fn?.Properties.Role) as string;
    const actions = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((entry) => target(entry) === role))
      .flatMap(([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
          (statement) => statement.Action,
        ),
      );
    expect(actions).toEqual(expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure']));
  });

  it('lets the tasks that open a wait answer its token (a step passed before the wait opened), by the machine name, with no cycle', () => {
    const policiesOf = (spec: { id: string }) => {
      const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(spec.id)) ?? [];
      const role = target(fn?.Properties.Role) as string;
      return ofType('AWS::IAM::Policy')
        .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((entry) => target(entry) === role))
        .flatMap(
          ([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
        );
    };
    for (const spec of [functionSpecs.sendMobileOtp, functionSpecs.openEkycStep, functionSpecs.openApproval, functionSpecs.approvals]) {
      const answering = policiesOf(spec).filter((statement) => [statement.Action].flat().includes('states:SendTaskSuccess'));
      expect(answering, spec.id).toHaveLength(1);
      expect([answering[0]?.Action].flat()).toEqual(expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure']));
      // The ARN of the registration workflow, by the name the stack gives it: no reference to the machine itself.
      expect(JSON.stringify(answering[0]?.Resource)).toContain(':stateMachine:HealthcardTest-healthcard-registration');
      for (const [machine] of ofType('AWS::StepFunctions::StateMachine'))
        expect(JSON.stringify(answering[0]?.Resource)).not.toContain(machine);
    }
  });

  it('alarms on approvals past their SLA, from the stuck-waits metric, over two of its runs', () => {
    const schedule = schedules.find((entry) => entry.function === 'stuckWaitsMetrics');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'healthcard-pipeline/HealthcardTest',
      MetricName: stuckWaitsMetric.metricName,
      Dimensions: Match.arrayEquals([
        { Name: stuckWaitsMetric.stepDimension, Value: 'approval' },
        { Name: 'service', Value: stuckWaitsMetric.serviceName },
      ]),
      Statistic: 'Maximum',
      Period: 2 * (schedule?.everyMinutes ?? 0) * 60,
      Threshold: 1,
    });
  });

  it('grants each function KMS on exactly the keys of what it uses', () => {
    const roleOf = (logicalId: string) => target(resources[logicalId]?.Properties.Role) as string;
    const kmsKeysOf = (role: string) => {
      const keys = new Set<string>();
      for (const [, policy] of ofType('AWS::IAM::Policy')) {
        if (!(policy.Properties.Roles as unknown[]).some((ref) => target(ref) === role)) continue;
        for (const statement of (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
          .Statement) {
          if (![statement.Action].flat().some((action) => action.startsWith('kms:'))) continue;
          for (const resource of [statement.Resource].flat()) keys.add(String(target(resource)));
        }
      }
      return keys;
    };
    const expected = (spec: FunctionSpec) => {
      const keys = new Set<string>();
      for (const use of spec.uses) {
        if ((use.kind === 'table' || use.kind === 'bucket') && use.access !== 'probe') keys.add(dataKey());
        if (use.kind === 'secret') keys.add(dataKey());
        if (use.kind === 'workflow' && use.access !== 'probe') keys.add(workflowKey());
        if (use.kind === 'cardKey') keys.add(keyIdOf('CardSigningKey'));
        if (use.kind === 'photoKey') keys.add(keyIdOf('PhotoKey'));
      }
      return keys;
    };
    for (const spec of Object.values(functionSpecs) as FunctionSpec[]) {
      const [fnId] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(spec.id)) ?? [];
      expect([spec.id, [...kmsKeysOf(roleOf(fnId as string))].sort()]).toEqual([spec.id, [...expected(spec)].sort()]);
    }
    // Spot checks: /health probes the table, buckets and state machines and may decrypt none of them; /v1/me
    // touches nothing; the cards API reads card PDFs (data key) and the public signing key, no workflow.
    const fnId = (spec: FunctionSpec) => ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(spec.id))?.[0] as string;
    expect(kmsKeysOf(roleOf(fnId(functionSpecs.health))).size).toBe(0);
    expect(kmsKeysOf(roleOf(fnId(functionSpecs.me))).size).toBe(0);
    expect(kmsKeysOf(roleOf(fnId(functionSpecs.cards)))).not.toContain(workflowKey());
  });

  it('keeps e-KYC photos under a key of their own: data keys for the registrations API, Decrypt for approvals and IssueCard only', () => {
    const photoKey = keyIdOf('PhotoKey');
    // Symmetric (no KeySpec: SYMMETRIC_DEFAULT, what GenerateDataKey needs), rotated yearly.
    expect(resources[photoKey]?.Properties.EnableKeyRotation).toBe(true);
    expect(resources[photoKey]?.Properties.KeySpec).toBeUndefined();
    const actionsOn = new Map<string, Set<string>>();
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
        .Statement) {
        if (![statement.Resource].flat().some((resource) => target(resource) === photoKey)) continue;
        for (const role of policy.Properties.Roles as unknown[]) {
          const fn = ofType('AWS::Lambda::Function').find(([, resource]) => target(resource.Properties.Role) === target(role))?.[0] ?? '?';
          const actions = actionsOn.get(fn) ?? new Set<string>();
          for (const action of [statement.Action].flat()) actions.add(action);
          actionsOn.set(fn, actions);
        }
      }
    }
    const byFunction = Object.fromEntries(
      [...actionsOn].map(([fn, actions]) => [
        (Object.values(functionSpecs) as FunctionSpec[]).find((spec) => fn.startsWith(spec.id))?.id ?? fn,
        [...actions].sort(),
      ]),
    );
    expect(byFunction).toEqual({
      RegistrationsFunction: ['kms:GenerateDataKey'],
      ApprovalsFunction: ['kms:Decrypt'],
      IssueCardFunction: ['kms:Decrypt'],
    });
    // S3 deletes a photo the sweep missed, a day after the longest a photo is kept (90 days).
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [{ Id: 'EkycPhotosBackstop', Prefix: 'photos/', ExpirationInDays: 91, Status: 'Enabled' }] },
    });
  });

  it('scopes workflow-key grants to the state machines a function uses, by encryption context', () => {
    const executionsRole = target(
      resources[ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionSpecs.approvals.id))?.[0] as string]?.Properties.Role,
    );
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, policy]) => (policy.Properties.Roles as unknown[]).some((ref) => target(ref) === executionsRole))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: { Resource: unknown; Condition?: unknown }[] }).Statement)
      .filter((statement) => target(statement.Resource) === workflowKey());
    // The approvals API answers registration tasks only: the registration state machine's context, not the import's.
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]?.Condition)).toContain(':stateMachine:HealthcardTest-healthcard-registration');
  });

  describe('the admin dashboard', () => {
    const logicalId = (prefix: string, type: string) => {
      const found = ofType(type).filter(([id]) => id.startsWith(prefix));
      expect(found, `${type} ${prefix}`).toHaveLength(1);
      return (found[0] as [string, Resource])[0];
    };
    const distributionDomain = () => ({
      'Fn::GetAtt': [logicalId('DashboardDistribution', 'AWS::CloudFront::Distribution'), 'DomainName'],
    });

    it('keeps the site in a private bucket, TLS only, logged, that only this distribution may read', () => {
      const bucket = logicalId('DashboardBucket', 'AWS::S3::Bucket');
      const properties = resources[bucket]?.Properties as Record<string, unknown>;
      expect(properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(properties.LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logicalId('AccessLogBucket', 'AWS::S3::Bucket') },
        LogFilePrefix: 'dashboard/',
      });
      expect(properties.WebsiteConfiguration).toBeUndefined();
      const [, policy] =
        ofType('AWS::S3::BucketPolicy').find(
          ([, candidate]) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucket }),
        ) ?? [];
      const statements = (policy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const allows = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
      expect(JSON.stringify(allows[0]?.Condition)).toContain(logicalId('DashboardDistribution', 'AWS::CloudFront::Distribution'));
    });

    it('serves it through CloudFront with origin access control, HTTPS only, logged, with security headers', () => {
      const oac = logicalId('DashboardDistributionOrigin1S3OriginAccessControl', 'AWS::CloudFront::OriginAccessControl');
      template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
      });
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] }),
          // OAC, not the legacy origin access identity.
          Origins: [
            Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } }),
          ],
          Logging: Match.objectLike({ Prefix: 'dashboard-cdn/' }),
        }),
      });
      const [, headers] = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0] ?? [];
      const csp = JSON.stringify(
        (headers?.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: unknown } })
          .SecurityHeadersConfig.ContentSecurityPolicy,
      );
      expect(csp).toContain("connect-src 'self' https://*.execute-api.ap-south-1.amazonaws.com https://");
      expect(csp).toContain(".auth.ap-south-1.amazoncognito.com; frame-ancestors 'none'");
      // The inbox's e-KYC photo comes from the API's short-lived link.
      expect(csp).toContain("img-src 'self' data: https://*.execute-api.ap-south-1.amazonaws.com;");
    });

    it("lets the dashboard's origin, and only it, call the API across origins", () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: {
          AllowOrigins: [{ 'Fn::Join': ['', ['https://', distributionDomain()]] }],
          AllowMethods: ['GET', 'POST', 'OPTIONS'],
          AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
          MaxAge: 3600,
        },
      });
    });

    it('signs in through the Cognito hosted UI: code flow, no secret, the dashboard as the callback', () => {
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
      const dashboardUrl = { 'Fn::Join': ['', ['https://', distributionDomain(), '/']] };
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        GenerateSecret: false,
        CallbackURLs: [dashboardUrl],
        LogoutURLs: [dashboardUrl],
        SupportedIdentityProviders: ['COGNITO'],
      });
      expect(Object.keys(json.Outputs)).toContain('DashboardUrl');
    });

    it('deploys the dashboard built during synth, and a config.json naming this API and app client', () => {
      const [, deployment] = ofType('Custom::CDKBucketDeployment')[0] ?? [];
      const properties = deployment?.Properties as {
        SourceObjectKeys: string[];
        SourceMarkers: Record<string, unknown>[];
        DistributionPaths: string[];
        SystemMetadata: Record<string, string>;
      };
      expect(properties.DistributionPaths).toEqual(['/*']);
      expect(properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
      const assetDirs = properties.SourceObjectKeys.map((key) => join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
      const built = readdirSync(assetDirs[0] as string).sort();
      expect(built).toEqual(expect.arrayContaining(['app.css', 'app.js', 'index.html']));
      expect(built.some((file) => file.endsWith('.woff2'))).toBe(true);
      // config.json as the dashboard reads it, CloudFormation's values written in by the deployment.
      const markers = properties.SourceMarkers[1] as Record<string, { Ref?: string; 'Fn::GetAtt'?: string[] }>;
      let text = readFileSync(join(assetDirs[1] as string, 'config.json'), 'utf8');
      for (const [marker, value] of Object.entries(markers))
        text = text.replaceAll(marker, `<${value.Ref ?? value['Fn::GetAtt']?.join('.')}>`);
      const config = parseRuntimeConfig(JSON.parse(text));
      expect(config).toMatchObject({ engine: 'aws', apiBaseUrl: `<${logicalId('Api', 'AWS::ApiGatewayV2::Api')}.ApiEndpoint>` });
      expect(config.auth).toMatchObject({
        mode: 'oidc',
        clientId: `<${logicalId('IdentityApiClient', 'AWS::Cognito::UserPoolClient')}>`,
        redirectUri: `https://<${distributionDomain()['Fn::GetAtt'].join('.')}>/`,
        tokenUse: 'id_token',
        tokenEndpoint: `https://<${logicalId('IdentityUsersDomain', 'AWS::Cognito::UserPoolDomain')}>.auth.ap-south-1.amazoncognito.com/oauth2/token`,
      });
    });

    it('serves the desk verifier page at /verify/ from the same distribution: its own build, index and config.json', () => {
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          CacheBehaviors: [
            Match.objectLike({
              PathPattern: '/verify*',
              ViewerProtocolPolicy: 'redirect-to-https',
              AllowedMethods: ['GET', 'HEAD'],
              FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
            }),
          ],
        }),
      });
      // The viewer-request function, run as CloudFront runs it: an event in, the request (or a response) out.
      const [, edge] = ofType('AWS::CloudFront::Function')[0] ?? [];
      const code = String((edge?.Properties as { FunctionCode: string }).FunctionCode);
      const handler = runInNewContext(`${code}; handler`) as (event: { request: { uri: string } }) => unknown;
      expect(handler({ request: { uri: '/verify/' } })).toEqual({ uri: '/verify/index.html' });
      expect(handler({ request: { uri: '/verify/sw.js' } })).toEqual({ uri: '/verify/sw.js' });
      expect(handler({ request: { uri: '/verify' } })).toMatchObject({ statusCode: 301, headers: { location: { value: '/verify/' } } });

      const [, deployment] = ofType('Custom::CDKBucketDeployment')[0] ?? [];
      const properties = deployment?.Properties as {
        SourceObjectKeys: string[];
        SourceMarkers: Record<string, { 'Fn::GetAtt'?: string[] }>[];
      };
      const assetDirs = properties.SourceObjectKeys.map((key) => join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
      expect(readdirSync(join(assetDirs[0] as string, 'verify')).sort()).toEqual(
        expect.arrayContaining(['index.html', 'sw.js', 'verify.css', 'verify.js']),
      );
      let text = readFileSync(join(assetDirs[2] as string, 'verify', 'config.json'), 'utf8');
      for (const [marker, value] of Object.entries(properties.SourceMarkers[2] ?? {}))
        text = text.replaceAll(marker, `<${value['Fn::GetAtt']?.join('.')}>`);
      expect(JSON.parse(text)).toEqual({ apiBaseUrl: `<${logicalId('Api', 'AWS::ApiGatewayV2::Api')}.ApiEndpoint>` });
      expect(Object.keys(json.Outputs)).toContain('VerifierUrl');
    });
  });

  it('gives every cdk-nag acknowledgment a written reason', () => {
    const acknowledged = Object.values(resources).flatMap((resource) => {
      const rules = (resource.Metadata?.cdk_nag as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)?.rules_to_suppress;
      return rules ?? [];
    });
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const rule of acknowledged) expect(rule.reason.length, rule.id).toBeGreaterThan(30);
  });
});

describe('CDK stack, as an operator configures it', () => {
  it('subscribes the alarm e-mail, and keeps logs as long as it is told', () => {
    // Bundling skipped: this looks at configuration only.
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-configured-'));
    try {
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new HealthcardStack(app, 'Configured', {
        env: { account: '111111111111', region: 'ap-south-1' },
        alarmEmail: 'alarms@health.up.gov.in',
        logRetention: RetentionDays.ONE_MONTH,
        auditLogRetention: RetentionDays.TWO_YEARS,
        stuckApprovalsAlarmThreshold: 25,
      });
      const configured = Template.fromStack(stack);
      configured.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@health.up.gov.in' }, 1);
      const retentions = Object.values(configured.findResources('AWS::Logs::LogGroup')).map(
        (group) => (group as Resource).Properties.RetentionInDays,
      );
      expect(new Set(retentions)).toEqual(new Set([30, 731]));
      configured.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'StuckWaits', Threshold: 25 });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('CDK stack with a rotated card-signing key', () => {
  it('moves the alias to the newest key once the signers may use it, and lets them use every key listed', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-rotated-'));
    const rotated = 'arn:aws:kms:ap-south-1:111111111111:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    try {
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
      const stack = new HealthcardStack(app, 'Rotated', {
        env: { account: '111111111111', region: 'ap-south-1' },
        cardSigningKeyArns: [rotated],
      });
      const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource & { DependsOn?: string[] }> };
      const resources = Object.entries(template.Resources);
      const [[, alias]] = resources.filter(([, resource]) => resource.Type === 'AWS::KMS::Alias') as [
        [string, Resource & { DependsOn?: string[] }],
      ];
      expect(alias.Properties).toEqual({ AliasName: 'alias/Rotated/card-signing', TargetKeyId: rotated });
      const roleOfFunction = (spec: FunctionSpec) => {
        const [, fn] = resources.find(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith(spec.id)) as [
          string,
          Resource,
        ];
        expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.CARD_SIGNING_KMS_KEY_ID).toBe(
          'alias/Rotated/card-signing',
        );
        return ((fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'] as [string])[0];
      };
      for (const spec of [functionSpecs.issueCard, functionSpecs.cards]) {
        const role = roleOfFunction(spec);
        const policies = resources.filter(
          ([, resource]) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties.Roles).includes(`"${role}"`),
        );
        const signing = policies
          .flatMap(
            ([, policy]) =>
              (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
          )
          .filter((statement) => [statement.Action].flat().includes('kms:Sign'));
        const resourcesSigned = JSON.stringify(signing.map((statement) => statement.Resource));
        // The stack's own key (by reference) and the rotated one (by ARN).
        expect(resourcesSigned, spec.id).toContain(rotated);
        expect(resourcesSigned, spec.id).toMatch(/CardSigningKey[0-9A-F]{8}/);
        // The alias waits for these grants.
        for (const [id] of policies) expect(alias.DependsOn, `${spec.id} ${id}`).toContain(id);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('CDK stack with an outside OIDC issuer', () => {
  it('makes no user pool; the dashboard signs in as the configured client at that issuer, which its CSP admits', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-oidc-'));
    try {
      // Bundling skipped (what is checked here is wiring, not code): the synth takes seconds.
      const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
      new HealthcardStack(app, 'HealthcardOidc', {
        env: { account: '111111111111', region: 'ap-south-1' },
        oidcIssuer: 'https://login.example.gov.in/realms/health',
        oidcAudience: ['healthcard-api'],
        dashboardClientId: 'healthcard-dashboard',
      });
      addNagChecks(app);
      const stack = app.synth().getStackByName('HealthcardOidc').template as { Resources: Record<string, Resource> };
      const template = Template.fromJSON(stack);
      template.resourceCountIs('AWS::Cognito::UserPool', 0);
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: { Issuer: 'https://login.example.gov.in/realms/health', Audience: ['healthcard-api'] },
      });
      const [, headers] =
        Object.entries(stack.Resources).find(([, resource]) => resource.Type === 'AWS::CloudFront::ResponseHeadersPolicy') ?? [];
      expect(JSON.stringify(headers?.Properties)).toContain(
        "connect-src 'self' https://*.execute-api.ap-south-1.amazonaws.com https://login.example.gov.in;",
      );
      const [, deployment] = Object.entries(stack.Resources).find(([, resource]) => resource.Type === 'Custom::CDKBucketDeployment') ?? [];
      const key = String((deployment?.Properties.SourceObjectKeys as string[])[1]).replace(/\.zip$/, '');
      const config = JSON.parse(readFileSync(join(outdir, `asset.${key}`, 'config.json'), 'utf8')) as { auth: Record<string, unknown> };
      expect(config.auth).toMatchObject({
        mode: 'oidc',
        issuer: 'https://login.example.gov.in/realms/health',
        clientId: 'healthcard-dashboard',
        tokenUse: 'id_token',
      });
      // Endpoints come from the issuer's discovery document.
      expect(config.auth.authorizationEndpoint).toBeUndefined();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("the README's synth command", () => {
  it('synthesizes the app offline with `npx cdk synth`, cdk-nag included', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
    try {
      const result = spawnSync('npx', ['cdk', 'synth', '-q', '--output', outdir], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 230_000,
        // No account or region from the environment: as on a fresh machine.
        env: Object.fromEntries(
          Object.entries(process.env).filter(
            ([name]) => !['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION'].includes(name),
          ),
        ),
      });
      expect(result.status, result.stderr.slice(-2000)).toBe(0);
      expect(readdirSync(outdir)).toContain('HealthcardPipeline.template.json');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('cdk-nag', () => {
  it('fails the synth on an unacknowledged finding (so a clean synth means something)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const app = new App({ outdir });
    new Bucket(new Stack(app, 'Careless'), 'OpenBucket');
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
    rmSync(outdir, { recursive: true, force: true });
  });
});
