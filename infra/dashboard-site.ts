// The admin dashboard on AWS, and the desk verifier page under /verify/: the same build as the embedded stack's
// (web/, bundled with esbuild during synth, as NodejsFunction bundles the handlers), in a private S3 bucket behind CloudFront with origin access control,
// and a config.json written at deploy time with this deployment's API URL and sign-in settings.
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildDashboardInto, webRoot } from '../web/build.js';
import type { RuntimeConfig } from '../web/src/runtime-config.js';
import type { VerifierConfig } from '../web/src/verify/config.js';

/** Where the distribution serves the desk verifier page, as the embedded stack does (local/dashboard.ts). */
export const verifierPath = '/verify';

export interface DashboardSiteProps {
  /** The stack's access-log bucket: the site bucket's server access logs and CloudFront's standard logs go there. */
  readonly accessLogs: IBucket;
  /** Origins the dashboard may call besides its own: the API first, then where sign-in tokens come from. */
  readonly connectOrigins: readonly string[];
}

export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net`, no trailing slash: the API's CORS origin. */
  readonly origin: string;
  /** `https://<distribution>.cloudfront.net/`: where the dashboard is, and the sign-in callback URL. */
  readonly url: string;
  /** `https://<distribution>.cloudfront.net/verify/`: the desk verifier page (public, no sign-in). */
  readonly verifierUrl: string;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'dashboard/',
      // As the stack's other buckets: CloudFormation cannot delete a bucket with files in it anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The same policy the embedded stack sends (local/dashboard.ts), with the API and the sign-in origins added.
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'healthcard-pipeline dashboard: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            // The API's origin (the first connect origin) too: the inbox shows the e-KYC photo through its short-lived link.
            `img-src 'self' data: ${props.connectOrigins[0] ?? ''}`.trim(),
            "font-src 'self'",
            `connect-src 'self' ${props.connectOrigins.join(' ')}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const staticFiles = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: headers,
      compress: true,
    };
    // The desk verifier page (verify/ in the bucket, public): S3 has no index documents behind OAC, so a viewer
    // request for /verify/ is given verify/index.html, and /verify is sent to /verify/ (its files are relative).
    const verifierIndex = new EdgeFunction(this, 'VerifierIndex', {
      comment: 'healthcard-pipeline desk verifier: /verify/ -> /verify/index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  if (request.uri === '/verify') return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/verify/' } } };",
          "  if (request.uri.endsWith('/')) request.uri += 'index.html';",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'healthcard-pipeline admin dashboard and desk verifier page',
      defaultRootObject: 'index.html',
      defaultBehavior: staticFiles,
      additionalBehaviors: {
        [`${verifierPath}*`]: {
          ...staticFiles,
          functionAssociations: [{ function: verifierIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in India are in price class 200; 100 (North America and Europe) would serve India from afar.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'dashboard-cdn/',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        "Admins reach the dashboard from district offices and on the move; the data is behind the API's JWT authorizer, not the static files.",
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves public static files only (HTML, JS, CSS, a font, config.json); a WAF web ACL is a paid per-deployment choice.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The default *.cloudfront.net certificate cannot pin TLS 1.2; a deployment with its own domain sets an ACM certificate and TLSv1.2_2021.',
    });

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
    this.verifierUrl = `${this.origin}${verifierPath}/`;
  }

  /** Uploads the built dashboard and this deployment's config.json, and clears CloudFront's cache of them. */
  deploy(config: RuntimeConfig): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(webRoot, {
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            // Never pulled: the local bundling below always succeeds or throws.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
            local: {
              tryBundle: (outputDir: string) => {
                buildDashboardInto(outputDir);
                return true;
              },
            },
          },
        }),
        Source.jsonData('config.json', config),
        // The verifier page needs only where the API is (web/src/verify/config.ts).
        Source.jsonData(`${verifierPath.slice(1)}/config.json`, { apiBaseUrl: config.apiBaseUrl } satisfies VerifierConfig),
      ],
      // Small files, revalidated on each load: a deploy shows at once, no content hashes needed in names.
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    return deployment;
  }
}

/** The region's API Gateway origins, for the dashboard's connect-src. */
export const executeApiOrigin = (scope: Construct): string => `https://*.execute-api.${Stack.of(scope).region}.amazonaws.com`;
