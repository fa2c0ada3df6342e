// The admin API's responses as the dashboard reads them. web/api-contract.ts holds these against the schemas
// the handlers answer with (functions/api/schemas.ts), so a change there that breaks the dashboard fails
// `npm run typecheck`.

export interface Me {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly districts: readonly string[];
  readonly ddoCodes: readonly string[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

export interface Campaign {
  readonly campaignId: string;
  readonly name: string;
  readonly scheme: string;
  readonly districts: readonly string[];
  readonly rosterTypes: readonly string[];
  readonly startDate: string;
  readonly endDate: string;
}

export interface Change {
  readonly started: number;
  readonly mobileVerified: number;
  readonly ekycDone: number;
  readonly pendingApproval: number;
  readonly issued: number;
}

export interface PlaceProgress {
  readonly name: string;
  readonly eligible: number;
  readonly started: number;
  readonly mobileVerified: number;
  readonly ekycDone: number;
  readonly pendingApproval: number;
  /** `0-1 days`, `2-3 days`, `4-7 days`, `over 7 days` */
  readonly pendingByAge: Readonly<Record<string, number>>;
  readonly issued: number;
  readonly blocked: Readonly<Record<string, number>>;
  readonly gap: Readonly<Record<string, number>>;
  readonly saturationPercent: number | null;
  readonly change?: Change;
}

export interface DistrictProgress extends PlaceProgress {
  readonly blocks: readonly PlaceProgress[];
  readonly villages?: readonly PlaceProgress[];
  readonly departments?: readonly PlaceProgress[];
  readonly ddos?: readonly PlaceProgress[];
}

export interface CampaignProgress {
  readonly campaign: Campaign;
  readonly asOf: string;
  readonly today: string;
  readonly total: PlaceProgress;
  readonly districts: readonly DistrictProgress[];
}

export interface Worklist {
  readonly block: string;
  readonly people: number;
  readonly byReason: Readonly<Record<string, number>>;
  readonly url: string;
  readonly expiresAt: string;
}

export interface DailyRow {
  readonly district: string;
  readonly block: string;
  readonly eligible: number;
  readonly issuedTillDate: number;
  readonly saturationPercent: number | null;
  readonly pendingApproval: number;
  readonly pendingOver7Days: number;
}

export interface DailyReport {
  readonly date: string;
  readonly rows: readonly DailyRow[];
  readonly total: DailyRow;
  readonly csvUrl: string;
  readonly pdfUrl: string;
  readonly expiresAt: string;
}

export type WorkflowName = 'registration' | 'rosterImport';
export const workflowNames: readonly WorkflowName[] = ['registration', 'rosterImport'];
export const executionStatuses = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export interface Execution {
  readonly workflow: string;
  readonly name: string;
  readonly status: string;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly error?: string;
  readonly redriveCount: number;
  readonly district?: string;
}

export interface TimelineStep {
  readonly state: string;
  readonly enteredAt: string;
  readonly exitedAt?: string;
  readonly durationMs?: number;
  readonly outcome: 'done' | 'waiting' | 'failed';
  readonly errors: readonly string[];
}

export interface ExecutionDetail extends Execution {
  readonly timeline: {
    readonly steps: readonly TimelineStep[];
    readonly redrives: readonly string[];
    readonly end?: { readonly type: string; readonly at: string; readonly error?: string };
  };
}

export interface ImportCounts {
  readonly read: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly removed: number;
}

export interface ImportSummary {
  readonly importId: string;
  readonly status: 'RECEIVED' | 'REFUSED' | 'IMPORTING' | 'DONE' | 'FAILED';
  readonly key: string;
  readonly scheme?: string;
  readonly district?: string;
  readonly rosterType?: string;
  readonly snapshot: boolean;
  readonly receivedAt: string;
  readonly finishedAt?: string;
  readonly counts?: ImportCounts;
  readonly progress: {
    readonly chunks: number;
    readonly chunksDone: number;
    readonly percent: number;
    readonly rowsRead: number;
    readonly rowsRejected: number;
  };
  readonly refusal?: { readonly code: string; readonly message: string };
  readonly failure?: { readonly error: string; readonly cause: string };
}

export interface ImportDetail extends ImportSummary {
  readonly size: number;
  readonly durationMs?: number;
  readonly eligibleAfter?: number;
  readonly rejectsReport?: { readonly url: string; readonly expiresAt: string };
}

/** GET /v1/admin/stuck: an execution waiting longer than its step's SLA, and who it waits on. */
export interface StuckExecution {
  readonly workflow: string;
  readonly name: string;
  readonly step: string;
  readonly status: string;
  readonly reasonCode?: string;
  readonly scheme?: string;
  readonly district?: string;
  readonly block?: string;
  readonly since: string;
  readonly slaDueAt: string;
  readonly overdueHours: number;
  readonly waitingOn: {
    readonly kind: 'applicant' | 'approver' | 'system';
    readonly queue?: string;
    readonly label: { readonly en: string; readonly hi: string };
  };
}

export const anomalyKinds = ['shared-mobile', 'operator-volume'] as const;
export const reviewOutcomes = ['explained', 'referred-for-audit'] as const;

/** GET /v1/admin/anomalies: registrations worth a second look (never blocked). */
export interface Anomaly {
  readonly anomalyId: string;
  readonly kind: (typeof anomalyKinds)[number];
  readonly scheme: string;
  readonly district: string;
  readonly subject: string;
  readonly day?: string;
  readonly members: number;
  readonly norm: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly state: 'open' | 'reviewed';
  readonly review?: {
    readonly outcome: (typeof reviewOutcomes)[number];
    readonly note: string;
    readonly by: string;
    readonly at: string;
    readonly members: number;
  };
}

export interface AnomalyDetail extends Anomaly {
  readonly registrations: readonly { readonly member: string; readonly registrationId: string; readonly at: string }[];
}
