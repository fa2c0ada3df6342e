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
import { bucketSpecs, functionSpecs, workflowSpecs } from '../../infra/specs.js';
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
    expect(all.filter((entry) => !functions.includes(entry)).map(([id]) => id.replace(/[0-9A-F]{8,}.*$/i, ''))).toEqual(['BucketNotificationsHandler', 'CustomCDKBucketDeployment']);
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
    const [rule] = ofType('AWS::Events::Rule');
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

  describe('the admin dashboard', () => {
    const logicalId = (prefix: string, type: string) => {
      const found = ofType(type).filter(([id]) => id.startsWith(prefix));
      expect(found, `${type} ${prefix}`).toHaveLength(1);
      return (found[0] as [string, Resource])[0];
    };
    const distributionDomain = () => ({ 'Fn::GetAtt': [logicalId('DashboardDistribution', 'AWS::CloudFront::Distribution'), 'DomainName'] });

    it('keeps the site in a private bucket, TLS only, logged, that only this distribution may read', () => {
      const bucket = logicalId('DashboardBucket', 'AWS::S3::Bucket');
      const properties = resources[bucket]?.Properties as Record<string, unknown>;
      expect(properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logicalId('AccessLogBucket', 'AWS::S3::Bucket') }, LogFilePrefix: 'dashboard/' });
      expect(properties.WebsiteConfiguration).toBeUndefined();
      const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, candidate]) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucket })) ?? [];
      const statements = (policy?.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
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
          Origins: [Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [oac, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } })],
          Logging: Match.objectLike({ Prefix: 'dashboard-cdn/' }),
        }),
      });
      const [, headers] = ofType('AWS::CloudFront::ResponseHeadersPolicy')[0] ?? [];
      const csp = JSON.stringify((headers?.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: unknown } }).SecurityHeadersConfig.ContentSecurityPolicy);
      expect(csp).toContain("connect-src 'self' https://*.execute-api.ap-south-1.amazonaws.com https://");
      expect(csp).toContain(".auth.ap-south-1.amazoncognito.com; frame-ancestors 'none'");
    });

    it('lets the dashboard\'s origin, and only it, call the API across origins', () => {
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
      const properties = deployment?.Properties as { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[]; DistributionPaths: string[]; SystemMetadata: Record<string, string> };
      expect(properties.DistributionPaths).toEqual(['/*']);
      expect(properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
      const assetDirs = properties.SourceObjectKeys.map((key) => join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
      const built = readdirSync(assetDirs[0] as string).sort();
      expect(built).toEqual(expect.arrayContaining(['app.css', 'app.js', 'index.html']));
      expect(built.some((file) => file.endsWith('.woff2'))).toBe(true);
      // config.json as the dashboard reads it, CloudFormation's values written in by the deployment.
      const markers = properties.SourceMarkers[1] as Record<string, { Ref?: string; 'Fn::GetAtt'?: string[] }>;
      let text = readFileSync(join(assetDirs[1] as string, 'config.json'), 'utf8');
      for (const [marker, value] of Object.entries(markers)) text = text.replaceAll(marker, `<${value.Ref ?? value['Fn::GetAtt']?.join('.')}>`);
      const config = parseRuntimeConfig(JSON.parse(text));
      expect(config).toMatchObject({ engine: 'aws', apiBaseUrl: `<${logicalId('Api', 'AWS::ApiGatewayV2::Api')}.ApiEndpoint>` });
      expect(config.auth).toMatchObject({
        mode: 'oidc',
        clientId: `<${logicalId('ApiClient', 'AWS::Cognito::UserPoolClient')}>`,
        redirectUri: `https://<${distributionDomain()['Fn::GetAtt'].join('.')}>/`,
        tokenUse: 'id_token',
        tokenEndpoint: `https://<${logicalId('UsersHostedUi', 'AWS::Cognito::UserPoolDomain')}>.auth.ap-south-1.amazoncognito.com/oauth2/token`,
      });
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
      const [, headers] = Object.entries(stack.Resources).find(([, resource]) => resource.Type === 'AWS::CloudFront::ResponseHeadersPolicy') ?? [];
      expect(JSON.stringify(headers?.Properties)).toContain("connect-src 'self' https://*.execute-api.ap-south-1.amazonaws.com https://login.example.gov.in;");
      const [, deployment] = Object.entries(stack.Resources).find(([, resource]) => resource.Type === 'Custom::CDKBucketDeployment') ?? [];
      const key = String((deployment?.Properties.SourceObjectKeys as string[])[1]).replace(/\.zip$/, '');
      const config = JSON.parse(readFileSync(join(outdir, `asset.${key}`, 'config.json'), 'utf8')) as { auth: Record<string, unknown> };
      expect(config.auth).toMatchObject({ mode: 'oidc', issuer: 'https://login.example.gov.in/realms/health', clientId: 'healthcard-dashboard', tokenUse: 'id_token' });
      // Endpoints come from the issuer's discovery document.
      expect(config.auth.authorizationEndpoint).toBeUndefined();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('the README\'s synth command', () => {
  it('synthesizes the app offline with `npx cdk synth`, cdk-nag included', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
    try {
      const result = spawnSync('npx', ['cdk', 'synth', '-q', '--output', outdir], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 110_000,
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
  }, 120_000);
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
