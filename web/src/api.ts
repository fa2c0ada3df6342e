// The one client every view uses: the public admin HTTP API, with the signed-in person's bearer token. Errors
// come back as ApiError with the API's stable code and its message for a person.
import type {
  Anomaly,
  AnomalyDetail,
  ApprovalCase,
  ApprovalPhoto,
  ApprovalsQuery,
  BulkDecisionResult,
  Campaign,
  CampaignProgress,
  DailyReport,
  DecisionBody,
  DecisionResult,
  Delegation,
  DelegationBody,
  DelegationList,
  Execution,
  ExecutionDetail,
  ImportDetail,
  ImportSummary,
  InboxPage,
  Me,
  Page,
  StuckExecution,
  Worklist,
  WorkflowName,
} from './api-types.js';
import type { Attention, PeoplePage, PeopleQuery, RejectsPage, TargetBody, Trend } from './review-types.js';
import type {
  CampDetail,
  CampList,
  CampOutcome,
  CampTargetsPage,
  CategoryList,
  CheckInAnswer,
  ProgressGroup,
  TargetState,
  TurnedAwayReason,
  WorkerList,
  WorkerProgressList,
} from './field-types.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Readonly<Record<string, string | number | undefined>>;

const queryString = (query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

const segment = (value: string) => encodeURIComponent(value);

export const createApi = (options: { baseUrl: string; token: () => string | undefined; onUnauthorized: () => void }) => {
  const call = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, query?: Query, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}${queryString(query)}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The API cannot be reached. Check the connection and try again.');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = {};
    }
    if (!response.ok) {
      const error = parsed as { code?: string; message?: string };
      if (response.status === 401) options.onUnauthorized();
      throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? response.statusText);
    }
    return parsed as T;
  };

  /**
   * A file the API answers with (a camp's outcome as CSV or PDF, its follow-up list): fetched with the bearer token a
   * plain link would not carry. An answer that is a link to the file (`{ url }`) is followed instead.
   */
  const file = async (path: string, query?: Query): Promise<{ url: string } | { blob: Blob }> => {
    const headers: Record<string, string> = { accept: '*/*' };
    const token = options.token();
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}${queryString(query)}`, { headers });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The API cannot be reached. Check the connection and try again.');
    }
    const json = (response.headers.get('content-type') ?? '').includes('application/json');
    if (!response.ok) {
      const error = (json ? await response.json().catch(() => ({})) : {}) as { code?: string; message?: string };
      if (response.status === 401) options.onUnauthorized();
      throw new ApiError(response.status, error.code ?? `HTTP_${response.status}`, error.message ?? response.statusText);
    }
    if (json) {
      const body = (await response.json()) as { url?: string; csvUrl?: string; pdfUrl?: string };
      const url = body.url ?? body.csvUrl ?? body.pdfUrl;
      if (url !== undefined) return { url };
    }
    return { blob: await response.blob() };
  };

  return {
    me: () => call<Me>('GET', '/v1/me'),
    campaigns: () => call<Page<Campaign>>('GET', '/v1/admin/campaigns'),
    progress: (campaignId: string, district?: string) =>
      call<CampaignProgress>('GET', `/v1/admin/campaigns/${segment(campaignId)}/progress`, { district }),
    worklist: (campaignId: string, district: string, block: string, reason?: string) =>
      call<Worklist>('GET', `/v1/admin/campaigns/${segment(campaignId)}/worklist`, { district, block, reason }),
    dailyReport: (campaignId: string, date: string) =>
      call<DailyReport>('GET', `/v1/admin/campaigns/${segment(campaignId)}/reports/daily`, { date }),
    executions: (query: {
      workflow: WorkflowName;
      status?: string;
      district?: string;
      from?: string;
      to?: string;
      cursor?: string;
      limit?: number;
    }) => call<Page<Execution>>('GET', '/v1/admin/executions', query),
    execution: (workflow: string, name: string) =>
      call<ExecutionDetail>('GET', `/v1/admin/executions/${segment(workflow)}/${segment(name)}`),
    stopExecution: (workflow: string, name: string, reason: string) =>
      call<{ status: string }>('POST', `/v1/admin/executions/${segment(workflow)}/${segment(name)}/stop`, undefined, { reason }),
    redriveExecution: (workflow: string, name: string) =>
      call<{ status: string; redriveCount: number }>('POST', `/v1/admin/executions/${segment(workflow)}/${segment(name)}/redrive`),
    imports: (query: { district?: string; cursor?: string; limit?: number }) =>
      call<Page<ImportSummary>>('GET', '/v1/admin/imports', query),
    import: (importId: string) => call<ImportDetail>('GET', `/v1/admin/imports/${segment(importId)}`),
    stuck: (query: { workflow: WorkflowName; district?: string; cursor?: string; limit?: number }) =>
      call<Page<StuckExecution>>('GET', '/v1/admin/stuck', query),
    anomalies: (query: { district?: string; state: 'open' | 'reviewed'; cursor?: string; limit?: number }) =>
      call<Page<Anomaly>>('GET', '/v1/admin/anomalies', query),
    anomaly: (anomalyId: string) => call<AnomalyDetail>('GET', `/v1/admin/anomalies/${segment(anomalyId)}`),
    reviewAnomaly: (anomalyId: string, body: { outcome: string; note: string }) =>
      call<Anomaly>('POST', `/v1/admin/anomalies/${segment(anomalyId)}/review`, undefined, body),
    // The approver's inbox (GET /v1/approvals and the case view), decisions one by one or many, delegation of charge.
    inbox: (query: ApprovalsQuery) => call<InboxPage>('GET', '/v1/approvals', query),
    approvalCase: (taskId: string) => call<ApprovalCase>('GET', `/v1/approvals/${segment(taskId)}`),
    approvalPhoto: (taskId: string) => call<ApprovalPhoto>('GET', `/v1/approvals/${segment(taskId)}/photo`),
    decide: (taskId: string, body: DecisionBody) =>
      call<DecisionResult>('POST', `/v1/approvals/${segment(taskId)}/decision`, undefined, body),
    decideMany: (decisions: readonly (DecisionBody & { taskId: string })[]) =>
      call<BulkDecisionResult>('POST', '/v1/approvals/decisions', undefined, { decisions }),
    delegations: () => call<DelegationList>('GET', '/v1/delegations'),
    delegate: (body: DelegationBody) => call<Delegation>('POST', '/v1/delegations', undefined, body),
    endDelegation: (delegationId: string) => call<Delegation>('DELETE', `/v1/delegations/${segment(delegationId)}`),
    // The morning review: targets and the trend, what needs attention, the people behind a count, an import's rejects.
    trend: (campaignId: string, district?: string, days = 28) =>
      call<Trend>('GET', `/v1/admin/campaigns/${segment(campaignId)}/trend`, { district, days }),
    setTargets: (campaignId: string, body: TargetBody) =>
      call<unknown>('PUT', `/v1/admin/campaigns/${segment(campaignId)}/targets`, undefined, body),
    attention: (query: { campaignId?: string; district?: string }) => call<Attention>('GET', '/v1/admin/attention', query),
    people: (campaignId: string, query: PeopleQuery) => call<PeoplePage>('GET', `/v1/admin/campaigns/${segment(campaignId)}/people`, query),
    importRejects: (importId: string, cursor?: string) =>
      call<RejectsPage>('GET', `/v1/admin/imports/${segment(importId)}/rejects`, { cursor }),
    // Camps: the calendar, a camp with its outcome, its target list, check-in and turned away at the camp.
    camps: (query: { campaignId: string; district?: string; block?: string; from?: string; to?: string; cursor?: string }) =>
      call<CampList>('GET', '/v1/admin/camps', query),
    camp: (campId: string) => call<CampDetail>('GET', `/v1/admin/camps/${segment(campId)}`),
    campOutcome: (campId: string) => call<CampOutcome>('GET', `/v1/admin/camps/${segment(campId)}/outcome`),
    campOutcomeFile: (campId: string, format: 'csv' | 'pdf') => file(`/v1/admin/camps/${segment(campId)}/outcome`, { format }),
    campFollowUpFile: (campId: string) => file(`/v1/admin/camps/${segment(campId)}/follow-up.csv`),
    campTargets: (campId: string, query: { state: TargetState; cursor?: string; limit?: number }) =>
      call<CampTargetsPage>('GET', `/v1/admin/camps/${segment(campId)}/targets`, query),
    campQueue: (campId: string, query: { q?: string; cursor?: string; limit?: number }) =>
      call<CampTargetsPage>('GET', `/v1/camps/${segment(campId)}/queue`, query),
    checkIn: (campId: string, personKey: string) =>
      call<CheckInAnswer>('POST', `/v1/camps/${segment(campId)}/check-ins`, undefined, { personKey }),
    turnAway: (campId: string, personKey: string, turnedAway: { reasonCode: TurnedAwayReason; note?: string }) =>
      call<CheckInAnswer>('POST', `/v1/camps/${segment(campId)}/check-ins`, undefined, { personKey, turnedAway }),
    // The field force: workers, and their progress per worker, role or department (most pending first).
    workers: (query: { district: string; role?: string; cursor?: string }) =>
      call<WorkerList>('GET', '/v1/admin/field-force/workers', query),
    fieldProgress: (query: { campaignId: string; district: string; groupBy: ProgressGroup }) =>
      call<WorkerProgressList>('GET', '/v1/admin/field-force/progress', query),
    // Beneficiary categories: each one's slice of the campaign.
    categories: (campaignId: string, district?: string) =>
      call<CategoryList>('GET', `/v1/admin/campaigns/${segment(campaignId)}/categories`, { district }),
  };
};

export type Api = ReturnType<typeof createApi>;
