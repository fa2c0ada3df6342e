// The environment contract: for each kind of resource a function may use (infra/specs.ts `uses`), the variables
// a function that uses it is given, their zod shape (what the handlers parse, functions/config.ts), and how a
// deployment's value for it becomes those variables. The CDK stack (infra/stack.ts), the embedded stack
// (local/stack.ts) and the handlers all read this one list. Pure data and zod: importing it touches no AWS SDK.
import * as z from 'zod';

export type BucketKey = 'rosters' | 'cards' | 'reports';
export type WorkflowKey = 'registration' | 'rosterImport';

/** The variables a resource sets; a name may be absent (an optional variable, or one of several ways to give it). */
type Variables<Shape> = { readonly [Name in keyof Shape]?: string };

export interface ResourceKind<Shape extends z.ZodRawShape, Value> {
  /** What a handler parses (functions/config.ts parseEnv). */
  readonly shape: Shape;
  /** The variables a deployment sets from its value of the resource. */
  readonly variables: (value: Value) => Variables<Shape>;
}

const kind = <Shape extends z.ZodRawShape, Value>(
  shape: Shape,
  variables: (value: Value) => Variables<Shape>,
): ResourceKind<Shape, Value> => ({
  shape,
  variables,
});

/** A resource told by one variable holding its name or ARN. */
const named = <Name extends string, Schema extends z.ZodType>(name: Name, schema: Schema) =>
  kind({ [name]: schema } as Record<Name, Schema>, (value: string) => ({ [name]: value }) as Record<Name, string>);

/** A resource given one of several ways, each way one variable (an ARN on AWS, the thing itself on the embedded stack). */
type Ways = Record<string, readonly [string, z.ZodType]>;
type OneOfShape<Given extends Ways> = { [Way in keyof Given as Given[Way][0]]: z.ZodOptional<Given[Way][1]> };
type OneOfValue<Given extends Ways> = { [Way in keyof Given]: { readonly [Key in Way]: string } }[keyof Given];
const oneOf = <const Given extends Ways>(ways: Given) =>
  kind(
    Object.fromEntries(Object.values(ways).map(([name, schema]) => [name, schema.optional()])) as unknown as OneOfShape<Given>,
    (value: OneOfValue<Given>) =>
      Object.fromEntries(Object.entries(value).map(([way, given]) => [(ways[way] as Given[string])[0], given])) as Variables<
        OneOfShape<Given>
      >,
  );

const nonEmpty = z.string().min(1);
const arn = z.string().startsWith('arn:');
const optionalUrl = z.url().optional();
const masterKey = z.string().min(32, 'at least 32 characters of random text');

/** The SMS simulator (embedded stack), or AWS End User Messaging with India DLT ids; none: SMS senders refuse to start. */
export type SmsValue =
  | { readonly simulatorUrl: string }
  | {
      readonly originationIdentity: string;
      readonly dltEntityId: string;
      /** Per template, one DLT id or one per language (ports/sms.ts DltTemplateId). */
      readonly dltTemplateIds: Readonly<Record<string, string | { readonly en: string; readonly hi: string }>>;
    }
  | undefined;
export type EkycValue = { readonly baseUrl: string; readonly timeoutMs: number } | undefined;
/** The applicant-session client and where its secret is; none: no sessions. */
export type SessionClientValue =
  | ({ readonly tokenUrl: string; readonly clientId: string } & (
      | { readonly userPoolId: string }
      | { readonly secretArn: string }
      | { readonly clientSecret: string }
    ))
  | undefined;
export interface ImportTuningValue {
  readonly chunkBytes: number;
  readonly concurrency: number;
  readonly batchRows: number;
}
/** How long a registration's workflow holds a wait open before it parks the case (infra/specs.ts waitTuning). */
export interface WaitTuningValue {
  readonly parkAfterSeconds: number;
}
export interface RuntimeValue {
  readonly region: string;
  /** The embedded stack's stand-ins: the key pair s3rver knows, and their loopback endpoints. Lambda gives neither. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly endpoints?: { readonly dynamodb: string; readonly s3: string; readonly sfn: string };
}

export const resources = {
  /**
   * Not a `uses` entry: what Lambda itself sets in every function (the region, the role's credentials), and on the
   * embedded stack, which stands in for the AWS runtime, the loopback endpoints of its stand-ins.
   */
  runtime: kind(
    {
      AWS_REGION: nonEmpty,
      AWS_ACCESS_KEY_ID: nonEmpty.optional(),
      AWS_SECRET_ACCESS_KEY: nonEmpty.optional(),
      DYNAMODB_ENDPOINT: optionalUrl,
      S3_ENDPOINT: optionalUrl,
      SFN_ENDPOINT: optionalUrl,
      /** s3rver serves path-style URLs only; real S3 takes virtual-hosted style. */
      S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
    },
    (value: RuntimeValue) => ({
      AWS_REGION: value.region,
      ...(value.credentials === undefined
        ? {}
        : { AWS_ACCESS_KEY_ID: value.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: value.credentials.secretAccessKey }),
      ...(value.endpoints === undefined
        ? {}
        : {
            DYNAMODB_ENDPOINT: value.endpoints.dynamodb,
            S3_ENDPOINT: value.endpoints.s3,
            SFN_ENDPOINT: value.endpoints.sfn,
            S3_FORCE_PATH_STYLE: 'true',
          }),
    }),
  ),
  table: named('TABLE_NAME', nonEmpty),
  bucket: {
    rosters: named('ROSTER_BUCKET_NAME', nonEmpty),
    cards: named('CARD_BUCKET_NAME', nonEmpty),
    reports: named('REPORT_BUCKET_NAME', nonEmpty),
  },
  workflow: {
    registration: named('REGISTRATION_STATE_MACHINE_ARN', arn),
    rosterImport: named('ROSTER_IMPORT_STATE_MACHINE_ARN', arn),
  },
  /** The pipeline's master key: a Secrets Manager secret (AWS), or the key itself (embedded stack). */
  secret: oneOf({ secretArn: ['PIPELINE_SECRET_ARN', arn], masterKey: ['PIPELINE_MASTER_KEY', masterKey] }),
  sms: kind(
    {
      /** The embedded stack's SMS simulator; when set, nothing leaves the machine. */
      SMS_SIMULATOR_URL: optionalUrl,
      SMS_ORIGINATION_IDENTITY: nonEmpty.optional(),
      SMS_DLT_ENTITY_ID: nonEmpty.optional(),
      /** JSON: { "mobile-otp": "<DLT template id>" or { "en": "<id>", "hi": "<id>" }, ... }: every template in smsTemplateNames. */
      SMS_DLT_TEMPLATE_IDS: z.string().min(2).optional(),
    },
    (value: SmsValue) => {
      if (value === undefined) return {};
      if ('simulatorUrl' in value) return { SMS_SIMULATOR_URL: value.simulatorUrl };
      return {
        SMS_ORIGINATION_IDENTITY: value.originationIdentity,
        SMS_DLT_ENTITY_ID: value.dltEntityId,
        SMS_DLT_TEMPLATE_IDS: JSON.stringify(value.dltTemplateIds),
      };
    },
  ),
  ekyc: kind(
    { EKYC_BASE_URL: z.url(), EKYC_TIMEOUT_MS: z.coerce.number().int().min(200).max(25_000), EKYC_API_KEY: nonEmpty.optional() },
    (value: EkycValue) => (value === undefined ? {} : { EKYC_BASE_URL: value.baseUrl, EKYC_TIMEOUT_MS: String(value.timeoutMs) }),
  ),
  /** The card-signing key: a KMS key (AWS), or a key file (embedded stack). */
  cardKey: oneOf({ kmsKeyId: ['CARD_SIGNING_KMS_KEY_ID', nonEmpty], keyFile: ['CARD_SIGNING_KEY_FILE', nonEmpty] }),
  /** The e-KYC photo key: a symmetric KMS key of its own (AWS), or a key file (embedded stack). */
  photoKey: oneOf({ kmsKeyId: ['PHOTO_KMS_KEY_ID', nonEmpty], keyFile: ['PHOTO_KEY_FILE', nonEmpty] }),
  sessionClient: kind(
    {
      SESSION_TOKEN_URL: optionalUrl,
      SESSION_CLIENT_ID: nonEmpty.optional(),
      /**
       * Where the client's secret is: itself (embedded stack), the Cognito user pool the client is in (read with
       * DescribeUserPoolClient), or a Secrets Manager secret holding {"clientSecret"} (an issuer of the state's own).
       */
      SESSION_CLIENT_SECRET: nonEmpty.optional(),
      SESSION_USER_POOL_ID: nonEmpty.optional(),
      SESSION_CLIENT_SECRET_ARN: arn.optional(),
    },
    (value: SessionClientValue) => {
      if (value === undefined) return {};
      const client = { SESSION_TOKEN_URL: value.tokenUrl, SESSION_CLIENT_ID: value.clientId };
      if ('userPoolId' in value) return { ...client, SESSION_USER_POOL_ID: value.userPoolId };
      if ('secretArn' in value) return { ...client, SESSION_CLIENT_SECRET_ARN: value.secretArn };
      return { ...client, SESSION_CLIENT_SECRET: value.clientSecret };
    },
  ),
  /** Roster import sizing (infra/specs.ts importTuning); set on both engines, never defaulted. */
  importTuning: kind(
    {
      IMPORT_CHUNK_BYTES: z.coerce
        .number()
        .int()
        .min(1024)
        .max(256 * 1024 * 1024),
      IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(40),
      IMPORT_BATCH_ROWS: z.coerce.number().int().min(25).max(5000),
    },
    (value: ImportTuningValue) => ({
      IMPORT_CHUNK_BYTES: String(value.chunkBytes),
      IMPORT_CONCURRENCY: String(value.concurrency),
      IMPORT_BATCH_ROWS: String(value.batchRows),
    }),
  ),
  /**
   * Waits that hold no execution: an e-KYC or approval wait longer than this ends its execution with the case parked
   * (docs/scale.md). Given to whoever starts a registration: it travels in the execution's input, where the wait
   * states read their timeout (TimeoutSecondsPath). Set on both engines, never defaulted; tests compress it.
   */
  waitTuning: kind({ PARK_AFTER_SECONDS: z.coerce.number().int().min(1).max(2_592_000) }, (value: WaitTuningValue) => ({
    PARK_AFTER_SECONDS: String(value.parkAfterSeconds),
  })),
  /** Custom CloudWatch metrics (Powertools Metrics, EMF): the namespace the stack's alarms read them from. */
  metrics: named('POWERTOOLS_METRICS_NAMESPACE', z.string().regex(/^[A-Za-z0-9._/#:-]{1,255}$/, 'a CloudWatch namespace')),
} as const;

type Resources = typeof resources;
type ValueOf<Kind> = Kind extends ResourceKind<z.ZodRawShape, infer Value> ? Value : never;

/**
 * A deployment's value of every resource kind a `uses` entry may name: what its stack turns into the variables of
 * the functions using them.
 */
export type ResourceValues = { readonly [K in Exclude<keyof Resources, 'runtime' | 'bucket' | 'workflow'>]: ValueOf<Resources[K]> } & {
  readonly bucket: Readonly<Record<BucketKey, string>>;
  readonly workflow: Readonly<Record<WorkflowKey, string>>;
};

/** A `uses` entry as far as the environment goes (infra/specs.ts FunctionResource): its kind, and which bucket or workflow. */
export type ResourceUse =
  | { readonly kind: 'bucket'; readonly bucket: BucketKey }
  | { readonly kind: 'workflow'; readonly workflow: WorkflowKey; readonly access?: string }
  | { readonly kind: Exclude<keyof Resources, 'runtime' | 'bucket' | 'workflow'> };

/**
 * Answering a task token needs no state machine ARN (the token names its execution), and a task the workflow
 * invokes could not be given it anyway (a CloudFormation cycle): a `taskResponse` use sets no variable.
 */
const answersTokensOnly = (use: ResourceUse) => use.kind === 'workflow' && use.access === 'taskResponse';

/** The zod shape of one `uses` entry. */
export const shapeOf = (use: ResourceUse): z.ZodRawShape => {
  if (use.kind === 'bucket') return resources.bucket[use.bucket].shape;
  if (answersTokensOnly(use)) return {};
  if (use.kind === 'workflow') return resources.workflow[use.workflow].shape;
  return resources[use.kind].shape;
};

/** The variables one `uses` entry sets, from the deployment's values (unset ones left out). */
export const variablesOf = (use: ResourceUse, values: ResourceValues): Record<string, string> => {
  if (answersTokensOnly(use)) return {};
  const variables =
    use.kind === 'bucket'
      ? resources.bucket[use.bucket].variables(values.bucket[use.bucket])
      : use.kind === 'workflow'
        ? resources.workflow[use.workflow].variables(values.workflow[use.workflow])
        : (resources[use.kind].variables as (value: unknown) => Record<string, string | undefined>)(values[use.kind]);
  return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== undefined));
};

/**
 * A function's whole environment, as Lambda would give it: what the runtime sets, and the variables of each
 * resource its `uses` grant, nothing more.
 */
export const functionEnvironment = (
  runtime: RuntimeValue,
  uses: readonly ResourceUse[],
  values: ResourceValues,
): Record<string, string> => {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(resources.runtime.variables(runtime))) if (value !== undefined) environment[name] = value;
  for (const use of uses) Object.assign(environment, variablesOf(use, values));
  return environment;
};

/** Every variable name the contract knows (tests and the embedded stack's overrides tell contract variables from knobs). */
export const contractVariableNames: ReadonlySet<string> = new Set(
  Object.values(resources)
    .flatMap((entry): ResourceKind<z.ZodRawShape, never>[] => ('shape' in entry ? [entry] : Object.values(entry)))
    .flatMap((resource) => Object.keys(resource.shape)),
);
