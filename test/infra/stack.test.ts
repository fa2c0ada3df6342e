// The CDK stack, synthesized offline with bundling and cdk-nag, held to what DESIGN.md and the issue ask.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../functions/api/routes.js';
import { bucketSpecs, functionSpecs, schedules, workflowSpecs } from '../../infra/specs.js';
import { addNagChecks } from '../../infra/nag.js';
import { HealthcardStack } from '../../infra/stack.js';
import { loadDefinition, substitute, type JsonValue } from '../../local/sfn/definition.js';
import { projectRoot } from '../../local/stack.js';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };

describe('CDK stack', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    const app = new App({ outdir });
    new HealthcardStack(app, 'HealthcardTest', { env: { account: '111111111111', region: 'ap-south-1' } });
    addNagChecks(app);
    // Throws ValidationFailed on any unacknowledged cdk-nag finding.
    const assembly = app.synth();
    const json = assembly.getStackByName('HealthcardTest').template as { Resources: Record<string, Resource> };
    template = Template.fromJSON(json);
    resources = json.Resources;
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

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
        const fn = Object.values(functionSpecs).find((candidate) => 'workflowPlaceholder' in candidate && candidate.workflowPlaceholder === name);
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
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true })],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' }), Match.objectLike({ IndexName: 'gsi2' })]),
    });
  });

  it('blocks public access and encrypts every bucket; versions the roster bucket', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBe(Object.keys(bucketSpecs).length + 1);
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
    // Besides ours, only CDK's deploy-time custom resource that installs the bucket notifications.
    expect(all.filter((entry) => !functions.includes(entry)).map(([id]) => id.slice(0, 26))).toEqual(['BucketNotificationsHandler']);
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

  it('sends roster uploads to their handler, as the shared notification spec says', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: Match.arrayWith([
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: Match.arrayWith([{ Name: 'suffix', Value: '.csv' }, { Name: 'prefix', Value: 'rosters/' }]) } },
          }),
        ]),
      },
    });
  });

  it('sends both workflows\' execution status changes to the ledger function through EventBridge', () => {
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

  it('runs the stuck-waits function on a schedule, with its metrics namespace and read access to the table', () => {
    const [schedule] = schedules;
    const rules = ofType('AWS::Events::Rule').filter(([, rule]) => rule.Properties.ScheduleExpression !== undefined);
    expect(rules.map(([, rule]) => rule.Properties.ScheduleExpression)).toEqual([`rate(${schedule?.everyMinutes} minutes)`]);
    const targets = rules[0]?.[1].Properties.Targets as { Arn: unknown }[];
    expect(String((targets[0]?.Arn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]).startsWith(functionSpecs.stuckWaitsMetrics.id)).toBe(true);

    const [, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionSpecs.stuckWaitsMetrics.id)) ?? [];
    const variables = (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe('healthcard-pipeline/HealthcardTest');
    expect(Object.keys(variables)).toContain('TABLE_NAME');
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

describe('the README\'s synth command', () => {
  it('synthesizes the app offline with `npx cdk synth`, cdk-nag included', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
    try {
      const result = spawnSync('npx', ['cdk', 'synth', '-q', '--output', outdir], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 230_000,
        // No account or region from the environment: as on a fresh machine.
        env: Object.fromEntries(
          Object.entries(process.env).filter(([name]) => !['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION'].includes(name)),
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
