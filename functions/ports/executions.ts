// Workflow executions as admins see them. The ledger (DynamoDB) answers lists, counts and filters: on AWS,
// ListExecutions is throttled to a few calls a second per account. Only one execution's detail asks Step
// Functions (ExecutionControl).
import type { WorkflowKey } from '../../infra/specs.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionEntry {
  readonly workflow: WorkflowKey;
  /** The execution's name: the registration id or the import id. */
  readonly name: string;
  readonly executionArn: string;
  readonly status: ExecutionStatus;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  readonly error?: string;
  readonly redriveCount: number;
  readonly district?: string;
  readonly scheme?: string;
  /** Orders status changes that EventBridge may deliver late or twice: a later change never loses to an earlier one. */
  readonly sequence: number;
}

export interface ExecutionQuery {
  readonly workflow: WorkflowKey;
  readonly status?: ExecutionStatus;
  readonly district?: string;
  /** Started at or after / before (ISO instants). */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ExecutionLedger {
  /** Records a status change unless a later one is recorded already; false when it changed nothing. */
  record(entry: ExecutionEntry): Promise<boolean>;
  get(workflow: WorkflowKey, name: string): Promise<ExecutionEntry | undefined>;
  /** What the execution runs for moved to another district (a migrant's registration): its entry follows. */
  relocate(workflow: WorkflowKey, name: string, district: string): Promise<void>;
  /** Newest first. */
  list(query: ExecutionQuery): Promise<{ entries: ExecutionEntry[]; cursor?: string }>;
}

/** A history event with the execution's data left out (GetExecutionHistory with includeExecutionData: false). */
export interface HistoryStep {
  readonly type: string;
  readonly at: string;
  readonly state?: string;
  readonly error?: string;
}

export interface ExecutionControl {
  describe(executionArn: string): Promise<{ status: string; startedAt: string; stoppedAt?: string; error?: string; redriveCount: number }>;
  history(executionArn: string): Promise<HistoryStep[]>;
  stop(executionArn: string, error: string, cause: string): Promise<void>;
  redrive(executionArn: string): Promise<void>;
}
