// The one description of the stack's resources. The CDK stack (infra/stack.ts) and the embedded runtime
// (local/) both build from these objects, so a table, bucket, workflow or function exists in one place only.
// Pure data: importing this module must not touch AWS or the file system. What each `uses` entry puts in a
// function's environment is the environment contract's (functions/environment.ts).
import type { BucketKey, WorkflowKey } from '../functions/environment.js';

export type { BucketKey, WorkflowKey };

/** DynamoDB single table: every entity lives here, told apart by key prefixes (see docs/data-model.md). */
export const tableSpec = {
  id: 'Registry',
  localName: 'healthcard-registry',
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items (idempotency records, OTP rate windows). */
  timeToLiveAttribute: 'expiresAt',
  /** The change stream campaign progress is counted from (progressStream): items before and after each write. */
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    // Lists by status / queue / district: admins' lists come from here, not from ListExecutions.
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Lookups by a second natural key (roster reference, card number, Aadhaar token).
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export interface BucketSpec {
  readonly id: string;
  readonly localName: string;
  readonly versioned: boolean;
  readonly purpose: string;
}

export const bucketSpecs: Record<BucketKey, BucketSpec> = {
  rosters: {
    id: 'RosterBucket',
    localName: 'healthcard-rosters',
    // Versioning: an import is named by bucket + key + version, so a re-upload is a new version, not a new key.
    versioned: true,
    purpose: 'Roster files dropped by departments (rosters/{scheme}/{district}/{rosterType}/{file})',
  },
  cards: {
    id: 'CardBucket',
    localName: 'healthcard-cards',
    versioned: false,
    purpose: 'Issued card PDFs',
  },
  reports: {
    id: 'ReportBucket',
    localName: 'healthcard-reports',
    versioned: false,
    purpose: 'Roster rejects reports and daily campaign reports',
  },
};

export interface WorkflowSpec {
  readonly id: string;
  /** State machine name, locally and (prefixed by the stack) on AWS. */
  readonly name: string;
  /** ASL file, relative to the project root. CDK and the local engine load this same file. */
  readonly file: string;
}

export const workflowSpecs: Record<WorkflowKey, WorkflowSpec> = {
  registration: {
    id: 'RegistrationWorkflow',
    name: 'healthcard-registration',
    file: 'workflows/registration.asl.json',
  },
  rosterImport: {
    id: 'RosterImportWorkflow',
    name: 'healthcard-roster-import',
    file: 'workflows/roster-import.asl.json',
  },
};

/**
 * Roster import sizing, the same on both engines (the contract's importTuning variables). 8 MiB chunks are
 * about 70,000 rows: a chunk finishes in seconds, far inside Lambda's 15 minutes, and a district roster of
 * 3 million rows is ~40 chunks, inside the inline Map's 40 concurrent iterations and the 256 KB payload limit.
 */
export const importTuning = { chunkBytes: 8 * 1024 * 1024, concurrency: 4, batchRows: 500 } as const;

/**
 * Waits that hold no execution (docs/scale.md): an e-KYC or approval wait past a day ends its execution with the
 * case parked; its event (or the wait sweep) resumes it. A day keeps open executions at rate x (1 h + 2 days) at most.
 */
export const waitTuning = { parkAfterSeconds: 86_400 } as const;

/** What a function touches; the stack turns each into environment variables and least-privilege grants. */
/**
 * `probe`: may see that the resource exists (DescribeTable, HeadBucket, DescribeStateMachine) and no data.
 * `secret`: the pipeline master key (Aadhaar tokens, OTP hashes). `sms`: the SMS gateway. `ekyc`: the KUA/ASA
 * e-KYC service. `cardKey`: the card-signing key (sign, or read the public key only). `sessionClient`: the token
 * issuer's applicant-session client (infra/identity.ts). `metrics`: publishes custom CloudWatch metrics
 * (Powertools Metrics, EMF through its own logs: no IAM, only the namespace).
 */
export type FunctionResource =
  | { readonly kind: 'table'; readonly access: 'probe' | 'read' | 'readWrite' }
  | { readonly kind: 'bucket'; readonly bucket: BucketKey; readonly access: 'probe' | 'read' | 'readWrite' }
  /** PutObject on the objects matching `objects` only: no read, no delete (what a presigned upload needs). */
  | { readonly kind: 'bucket'; readonly bucket: BucketKey; readonly access: 'write'; readonly objects: string }
  | { readonly kind: 'workflow'; readonly workflow: WorkflowKey; readonly access: 'probe' | 'start' | 'read' | 'taskResponse' | 'operate' }
  | { readonly kind: 'secret' }
  | { readonly kind: 'sms' }
  | { readonly kind: 'ekyc' }
  | { readonly kind: 'cardKey'; readonly access: 'sign' | 'verify' }
  /** The e-KYC photo key: `seal` makes data keys for new photos, `open` unwraps them (to show or print a photo). */
  | { readonly kind: 'photoKey'; readonly access: 'seal' | 'open' }
  | { readonly kind: 'sessionClient' }
  | { readonly kind: 'importTuning' }
  | { readonly kind: 'waitTuning' }
  | { readonly kind: 'metrics' };

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
  /** Files the function reads at run time, copied into its bundle (relative to the project root -> bundle). */
  readonly bundledFiles?: readonly { readonly from: string; readonly to: string }[];
}

const cardFonts = ['latin-400', 'latin-700', 'devanagari-400', 'devanagari-600'].map((face) => ({
  from: `node_modules/@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-${face}-normal.woff`,
  to: `fonts/noto-sans-devanagari-${face}-normal.woff`,
}));

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
      { kind: 'workflow', workflow: 'rosterImport', access: 'probe' },
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
  openapi: {
    id: 'OpenApiFunction',
    entry: 'functions/api/openapi.ts',
    description: 'GET /v1/openapi.json: the API description; GET /v1/consents: the e-KYC consent texts',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [],
  },
  registrations: {
    id: 'RegistrationsFunction',
    entry: 'functions/api/registrations.ts',
    description: 'Registrations API: start, mobile OTP, e-KYC, dependents, resubmit, status, audit',
    timeoutSeconds: 29,
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'cards', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'start' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
      { kind: 'waitTuning' },
      { kind: 'secret' },
      { kind: 'sms' },
      { kind: 'ekyc' },
      { kind: 'sessionClient' },
      // e-KYC photos are sealed under the photo key as they are stored (functions/adapters/photo-envelope.ts).
      { kind: 'photoKey', access: 'seal' },
    ],
  },
  approvals: {
    id: 'ApprovalsFunction',
    entry: 'functions/api/approvals.ts',
    description: 'Approvals API: queues and decisions',
    timeoutSeconds: 29,
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
      // An approval of a parked case starts the execution that issues its card.
      { kind: 'workflow', workflow: 'registration', access: 'start' },
      // The e-KYC photo, shown to approvers in scope through short-lived links this function serves.
      { kind: 'bucket', bucket: 'cards', access: 'read' },
      { kind: 'photoKey', access: 'open' },
    ],
  },
  approvers: {
    id: 'ApproversFunction',
    entry: 'functions/api/approvers.ts',
    description: 'Approvers API: delegation of charge between DDO codes, and the approver directory reminders are sent from',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
  },
  fieldForce: {
    id: 'FieldForceFunction',
    entry: 'functions/api/field-force.ts',
    description:
      "Field force API: workers and their segments, assignment rules and runs, a field worker's worklist and visits, accountability",
    timeoutSeconds: 30,
    memoryMb: 512,
    uses: [{ kind: 'table', access: 'readWrite' }],
  },
  cards: {
    id: 'CardsFunction',
    entry: 'functions/api/cards.ts',
    description: 'Cards API: metadata and download link, QR verification, public keys, revocation and the signed revocation list',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [
      // Revocations, and the public card check's rate-limit counters.
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'cards', access: 'read' },
      // Signs the revocation list with the current card key.
      { kind: 'cardKey', access: 'sign' },
      // The rate-limit counters' keys (hashes of source addresses).
      { kind: 'secret' },
    ],
  },
  imports: {
    id: 'ImportsFunction',
    entry: 'functions/api/imports.ts',
    description:
      'Roster imports API for admins: list, one import with its rejects report link, presigned roster uploads, people looked up for reconciliation',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'read' },
      { kind: 'bucket', bucket: 'reports', access: 'read' },
      // A presigned PUT carries its signer's permissions: the function may put roster files, nothing else there.
      { kind: 'bucket', bucket: 'rosters', access: 'write', objects: 'rosters/*' },
    ],
  },
  campaigns: {
    id: 'CampaignsFunction',
    entry: 'functions/api/campaigns.ts',
    description: 'Campaigns API for admins: create, list, progress against the rosters, worklists, daily reports',
    timeoutSeconds: 29,
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'reports', access: 'readWrite' },
    ],
    // The daily report's PDF prints Hindi column heads in the card's fonts.
    bundledFiles: cardFonts,
  },
  camps: {
    id: 'CampsFunction',
    entry: 'functions/api/camps.ts',
    description:
      'Camps API: plan a camp from a catchment, its target list, invitations, check-ins, outcome and follow-up list, the calendar; SMS opt-outs',
    timeoutSeconds: 29,
    memoryMb: 512,
    // The outcome's PDF prints Hindi in the card's fonts.
    bundledFiles: cardFonts,
    uses: [
      // Invitations, and the mobile hashes opt-outs and SMS limits are kept under.
      { kind: 'sms' },
      { kind: 'secret' },
      { kind: 'table', access: 'readWrite' },
      // The outcome's CSV and PDF and the follow-up CSV, behind 15-minute links.
      { kind: 'bucket', bucket: 'reports', access: 'readWrite' },
    ],
  },
  executions: {
    id: 'ExecutionsFunction',
    entry: 'functions/api/executions.ts',
    description: "Executions API for admins: lists from the ledger, one execution's timeline, stop, redrive",
    timeoutSeconds: 29,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'read' },
      { kind: 'workflow', workflow: 'registration', access: 'operate' },
      { kind: 'workflow', workflow: 'rosterImport', access: 'operate' },
    ],
  },
  adminRegistrations: {
    id: 'AdminRegistrationsFunction',
    entry: 'functions/api/admin-registrations.ts',
    description:
      "Admin actions on registrations: move a migrant's pending case to another district; look registrations up for reconciliation",
    timeoutSeconds: 29,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
  },
  anomalies: {
    id: 'AnomaliesFunction',
    entry: 'functions/api/anomalies.ts',
    description: 'Anomalies API for admins: shared mobiles and unusual operator volumes, listed and reviewed',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
  },
  executionStatusChanged: {
    id: 'ExecutionStatusChangedFunction',
    entry: 'functions/executions/on-status-change.ts',
    description: 'Step Functions status changes (EventBridge) -> the execution ledger admins list from',
    timeoutSeconds: 10,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'probe' },
      { kind: 'workflow', workflow: 'rosterImport', access: 'probe' },
    ],
  },
  preTokenGeneration: {
    id: 'PreTokenGenerationFunction',
    entry: 'functions/identity/pre-token.ts',
    description:
      'Cognito pre-token-generation trigger: roles, districts and DDO codes into staff tokens; portal and applicant-session claims into client-credentials tokens',
    timeoutSeconds: 5,
    memoryMb: 256,
    uses: [],
  },
  sendMobileOtp: {
    id: 'SendMobileOtpFunction',
    entry: 'functions/tasks/send-mobile-otp.ts',
    description: 'Registration task SendMobileOtp: keeps the callback token, sends the first code',
    timeoutSeconds: 30,
    memoryMb: 256,
    // A step already passed when its wait opens is answered at once (SendTaskSuccess by token).
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'secret' },
      { kind: 'sms' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
    ],
    workflowPlaceholder: 'SendMobileOtpFunction',
  },
  openEkycStep: {
    id: 'OpenEkycStepFunction',
    entry: 'functions/tasks/open-ekyc-step.ts',
    description: 'Registration task AwaitEkyc: keeps the callback token while e-KYC happens through the API',
    timeoutSeconds: 30,
    memoryMb: 256,
    // A step already passed when its wait opens is answered at once (SendTaskSuccess by token).
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
    ],
    workflowPlaceholder: 'OpenEkycStepFunction',
  },
  matchAndDedup: {
    id: 'MatchAndDedupFunction',
    entry: 'functions/tasks/match-and-dedup.ts',
    description: 'Registration task MatchAndDedup: e-KYC against the roster, approval rule, one card per Aadhaar',
    timeoutSeconds: 30,
    memoryMb: 512,
    uses: [{ kind: 'table', access: 'readWrite' }],
    workflowPlaceholder: 'MatchAndDedupFunction',
  },
  openApproval: {
    id: 'OpenApprovalFunction',
    entry: 'functions/tasks/open-approval.ts',
    description: 'Registration task AwaitApproval: the approval task in its queue, and the callback token',
    timeoutSeconds: 30,
    memoryMb: 256,
    // A step already passed when its wait opens is answered at once (SendTaskSuccess by token).
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
    ],
    workflowPlaceholder: 'OpenApprovalFunction',
  },
  parkWait: {
    id: 'ParkWaitFunction',
    entry: 'functions/tasks/park-wait.ts',
    description: 'Registration tasks ParkEkyc and ParkApproval: a wait past the park threshold ends the execution, the case parked',
    timeoutSeconds: 30,
    memoryMb: 256,
    // No right to start the registration workflow, which invokes it (a CloudFormation cycle): the sweep resumes.
    uses: [{ kind: 'table', access: 'readWrite' }],
    workflowPlaceholder: 'ParkWaitFunction',
  },
  issueCard: {
    id: 'IssueCardFunction',
    entry: 'functions/tasks/issue-card.ts',
    description: 'Registration task IssueCard: number, signed QR, PDF in S3, SMS with the link',
    timeoutSeconds: 60,
    memoryMb: 1024,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'cards', access: 'readWrite' },
      { kind: 'cardKey', access: 'sign' },
      { kind: 'sms' },
      // The e-KYC photo printed on the card.
      { kind: 'photoKey', access: 'open' },
    ],
    workflowPlaceholder: 'IssueCardFunction',
    bundledFiles: cardFonts,
  },
  rosterUploaded: {
    id: 'RosterUploadedFunction',
    entry: 'functions/importer/on-roster-uploaded.ts',
    description:
      'S3 ObjectCreated on rosters/: records each upload once (bucket + key + version) and starts its import; imports a field-force roster itself',
    timeoutSeconds: 300,
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'rosterImport', access: 'start' },
      // A field-force roster is read and its rejects report written here (functions/core/use-cases/field-force-roster.ts).
      { kind: 'bucket', bucket: 'rosters', access: 'read' },
      { kind: 'bucket', bucket: 'reports', access: 'readWrite' },
    ],
  },
  planRosterImport: {
    id: 'PlanRosterImportFunction',
    entry: 'functions/importer/plan-roster-import.ts',
    description: 'Roster import task PlanChunks: refuses the file with a report, or cuts it into record-aligned byte ranges',
    timeoutSeconds: 300,
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'rosters', access: 'read' },
      { kind: 'bucket', bucket: 'reports', access: 'readWrite' },
      { kind: 'importTuning' },
    ],
    workflowPlaceholder: 'PlanRosterImportFunction',
  },
  importRosterChunk: {
    id: 'ImportRosterChunkFunction',
    entry: 'functions/importer/import-roster-chunk.ts',
    description: 'Roster import task ImportChunk: one byte range to people, rejects and progress',
    timeoutSeconds: 900,
    // A chunk is bound by its table writes, not by CPU: at 512 MB its peak is 194 MB (1,024 MB let V8's larger
    // heap grow to 258 MB at the same speed; bench/import), and a GB-second costs half as much.
    memoryMb: 512,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'rosters', access: 'read' },
      { kind: 'bucket', bucket: 'reports', access: 'readWrite' },
      { kind: 'importTuning' },
    ],
    workflowPlaceholder: 'ImportRosterChunkFunction',
  },
  summarizeRosterImport: {
    id: 'SummarizeRosterImportFunction',
    entry: 'functions/importer/summarize-roster-import.ts',
    description: 'Roster import task Summarize: counts, rejects report, snapshot removals, eligible population',
    timeoutSeconds: 900,
    memoryMb: 1024,
    uses: [{ kind: 'table', access: 'readWrite' }, { kind: 'bucket', bucket: 'reports', access: 'readWrite' }, { kind: 'importTuning' }],
    workflowPlaceholder: 'SummarizeRosterImportFunction',
  },
  stuckWaitsMetrics: {
    id: 'StuckWaitsMetricsFunction',
    entry: 'functions/monitoring/stuck-waits-metrics.ts',
    description: 'On a schedule: waits past their SLA, counted per step, as CloudWatch metrics for the stuck-approvals alarm',
    timeoutSeconds: 120,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'read' }, { kind: 'metrics' }],
  },
  deliverDecisions: {
    id: 'DeliverDecisionsFunction',
    entry: 'functions/executions/deliver-decisions.ts',
    description:
      'On a schedule: approval decisions recorded but not delivered (the deciding call cut short) carried out to the registration and its workflow',
    timeoutSeconds: 120,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
      // A decision on a parked case, delivered, starts the execution that issues its card.
      { kind: 'workflow', workflow: 'registration', access: 'start' },
    ],
  },
  sweepWaits: {
    id: 'SweepWaitsFunction',
    entry: 'functions/executions/sweep-waits.ts',
    description:
      'On a schedule: parked cases resumed if their event came as they parked; approvals escalated; parked e-KYC expired; approvers reminded by SMS',
    timeoutSeconds: 300,
    memoryMb: 256,
    uses: [
      { kind: 'table', access: 'readWrite' },
      // The approvers' daily digest and the reminder a day before a case's SLA.
      { kind: 'sms' },
      // Resumes a parked case whose event came while it parked; a decision it carries out may complete a held wait.
      { kind: 'workflow', workflow: 'registration', access: 'start' },
      { kind: 'workflow', workflow: 'registration', access: 'taskResponse' },
    ],
  },
  sweepPhotos: {
    id: 'SweepPhotosFunction',
    entry: 'functions/executions/sweep-photos.ts',
    description: 'On a schedule: e-KYC photos past their time deleted (card issued and a grace passed, case closed, or too old)',
    timeoutSeconds: 120,
    memoryMb: 256,
    // Deletes sealed photos: no photo key, it never opens one.
    uses: [
      { kind: 'table', access: 'readWrite' },
      { kind: 'bucket', bucket: 'cards', access: 'readWrite' },
    ],
  },
  aggregateProgress: {
    id: 'AggregateProgressFunction',
    entry: 'functions/streams/aggregate-progress.ts',
    description: "The table's change stream -> campaign progress: counts per place and day, and the person records of worklists",
    timeoutSeconds: 60,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
  },
  recordOutcome: {
    id: 'RecordOutcomeFunction',
    entry: 'functions/tasks/record-outcome.ts',
    description: 'Registration task RecordOutcome: a wait ended without the person finishing',
    timeoutSeconds: 30,
    memoryMb: 256,
    uses: [{ kind: 'table', access: 'readWrite' }],
    workflowPlaceholder: 'RecordOutcomeFunction',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionKey = keyof typeof functionSpecs;

/**
 * S3 notifications: which object-created events reach which function. The stack turns each into bucket
 * notifications; the embedded stack filters s3rver's events the same way (prefix and suffix, as S3 does).
 */
export const bucketNotifications: readonly {
  readonly bucket: BucketKey;
  readonly prefix: string;
  readonly suffixes: readonly string[];
  readonly function: FunctionKey;
}[] = [{ bucket: 'rosters', prefix: 'rosters/', suffixes: ['.csv', '.xlsx'], function: 'rosterUploaded' }];

/** Status changes of these workflows' executions go to this function (an EventBridge rule on AWS). */
export const executionEvents: { readonly function: FunctionKey; readonly workflows: readonly WorkflowKey[] } = {
  function: 'executionStatusChanged',
  workflows: ['registration', 'rosterImport'],
};

/**
 * The table's change stream -> the progress aggregator (a Lambda event source mapping on AWS; the embedded stack's
 * stream poller, local/stream-poller.ts, does the same). Registration items only (`sk` = `REG`: the aggregator's
 * own writes never come back to it). One batch at a time per shard (parallelization 1): the aggregator's checkpoint
 * is per shard. The tumbling window is there for what it adds to the event, the shard's id; no state is kept.
 */
export const progressStream = {
  function: 'aggregateProgress',
  batchSize: 100,
  /** Records gathered up to this long before a call (fewer calls, one transaction for more changes): "as of" lags by about this. */
  batchingWindowSeconds: 1,
  tumblingWindowSeconds: 60,
  sortKey: 'REG',
} as const satisfies {
  readonly function: FunctionKey;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly tumblingWindowSeconds: number;
  readonly sortKey: string;
};

/**
 * Functions run on a schedule (an EventBridge rule on AWS). The embedded stack runs only those marked `embedded`,
 * once when it starts (what they repair is what a kill left) and then on the same schedule; the others are invoked
 * there by whoever wants the figures (tests), and the admin API's /v1/admin/stuck lists the same waits.
 */
export const schedules: readonly {
  readonly id: string;
  readonly function: FunctionKey;
  readonly everyMinutes: number;
  readonly why: string;
  readonly embedded?: true;
}[] = [
  {
    id: 'StuckWaitsSchedule',
    function: 'stuckWaitsMetrics',
    everyMinutes: 15,
    why: "Stuck waits have no AWS metric: count them from the table's waits index for the stuck-approvals alarm",
  },
  {
    id: 'DeliverDecisionsSchedule',
    function: 'deliverDecisions',
    everyMinutes: 5,
    why: 'A decision whose call was cut short after it was recorded reaches its registration and workflow without the approver repeating it',
    embedded: true,
  },
  {
    id: 'WaitSweepSchedule',
    function: 'sweepWaits',
    everyMinutes: 15,
    why: 'Escalation past the approval SLA works the same for a waiting and a parked case (no execution holds a parked one); parked e-KYC expires after 30 days',
    embedded: true,
  },
  {
    id: 'PhotoSweepSchedule',
    function: 'sweepPhotos',
    everyMinutes: 60,
    why: 'e-KYC photos are kept only as long as the card needs them: the sweep deletes those past their time (SECURITY.md)',
    embedded: true,
  },
];

/**
 * The custom metric the stuck-waits function publishes (Powertools Metrics adds the `service` dimension) and
 * the stack's alarm reads: one value per waiting step each run, zeros included, so the alarm always has data.
 */
export const stuckWaitsMetric = {
  metricName: 'StuckWaits',
  serviceName: 'healthcard-pipeline',
  stepDimension: 'Step',
} as const;
