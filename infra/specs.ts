// The one description of the stack's resources. The CDK stack (infra/stack.ts) and the embedded runtime
// (local/) both build from these objects, so a table, bucket, workflow or function exists in one place only.
// Pure data: importing this module must not touch AWS or the file system.

/** DynamoDB single table: every entity lives here, told apart by key prefixes (see docs/data-model.md). */
export const tableSpec = {
  id: 'Registry',
  localName: 'healthcard-registry',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (idempotency records, OTP rate windows). */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    // Lists by status / queue / district: admins' lists come from here, not from ListExecutions.
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Lookups by a second natural key (roster reference, card number, Aadhaar token).
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type BucketKey = 'rosters' | 'cards' | 'reports';

export interface BucketSpec {
  readonly id: string;
  readonly localName: string;
  /** Environment variable that carries the bucket's name to the functions that use it. */
  readonly envVar: string;
  readonly versioned: boolean;
  readonly purpose: string;
}

export const bucketSpecs: Record<BucketKey, BucketSpec> = {
  rosters: {
    id: 'RosterBucket',
    localName: 'healthcard-rosters',
    envVar: 'ROSTER_BUCKET_NAME',
    // Versioning: an import is named by bucket + key + version, so a re-upload is a new version, not a new key.
    versioned: true,
    purpose: 'Roster files dropped by departments (rosters/{scheme}/{district}/{rosterType}/{file})',
  },
  cards: {
    id: 'CardBucket',
    localName: 'healthcard-cards',
    envVar: 'CARD_BUCKET_NAME',
    versioned: false,
    purpose: 'Issued card PDFs',
  },
  reports: {
    id: 'ReportBucket',
    localName: 'healthcard-reports',
    envVar: 'REPORT_BUCKET_NAME',
    versioned: false,
    purpose: 'Roster rejects reports and daily campaign reports',
  },
};

export type WorkflowKey = 'registration';

export interface WorkflowSpec {
  readonly id: string;
  /** State machine name, locally and (prefixed by the stack) on AWS. */
  readonly name: string;
  /** ASL file, relative to the project root. CDK and the local engine load this same file. */
  readonly file: string;
  readonly envVar: string;
}

export const workflowSpecs: Record<WorkflowKey, WorkflowSpec> = {
  registration: {
    id: 'RegistrationWorkflow',
    name: 'healthcard-registration',
    file: 'workflows/registration.asl.json',
    envVar: 'REGISTRATION_STATE_MACHINE_ARN',
  },
};

/** What a function touches; the stack turns each into environment variables and least-privilege grants. */
/** `probe`: may see that the resource exists (DescribeTable, HeadBucket, DescribeStateMachine) and no data. */
export type FunctionResource =
  | { readonly kind: 'table'; readonly access: 'probe' | 'read' | 'readWrite' }
  | { readonly kind: 'bucket'; readonly bucket: BucketKey; readonly access: 'probe' | 'read' | 'readWrite' }
  | { readonly kind: 'workflow'; readonly workflow: WorkflowKey; readonly access: 'probe' | 'start' | 'read' | 'taskResponse' };

export interface FunctionSpec {
  readonly id: string;
  /** Module exporting `handler`, relative to the project root. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly uses: readonly FunctionResource[];
  /**
   * `${Placeholder}` in workflow files that stands for this function's ARN, when a workflow invokes it.
   * The same name is a definitionSubstitutions key on AWS and a local lambda name on the embedded stack.
   */
  readonly workflowPlaceholder?: string;
}

export const functionSpecs = {
  health: {
    id: 'HealthFunction',
    entry: 'functions/api/health.ts',
    description: 'GET /health: probes the table, buckets and state machines this deployment uses',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'probe' },
      { kind: 'bucket', bucket: 'rosters', access: 'probe' },
      { kind: 'bucket', bucket: 'cards', access: 'probe' },
      { kind: 'bucket', bucket: 'reports', access: 'probe' },
      { kind: 'workflow', workflow: 'registration', access: 'probe' },
    ],
  },
  me: {
    id: 'MeFunction',
    entry: 'functions/api/me.ts',
    description: 'GET /v1/me: the caller as the API sees it (roles, scopes)',
    timeoutSeconds: 5,
    memoryMb: 256,
    uses: [],
  },
  sendMobileOtp: {
    id: 'SendMobileOtpFunction',
    entry: 'functions/tasks/send-mobile-otp.ts',
    description: 'Registration task: records the callback token the mobile OTP step waits on',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
    workflowPlaceholder: 'SendMobileOtpFunction',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof functionSpecs;

/** Environment variable names shared by the stack, the local runtime and functions/config.ts. */
export const envNames = {
  table: 'TABLE_NAME',
} as const;
