// Approval tasks: a registration waiting for a DDO, a verifier or (escalated) an admin. The workflow's token is
// kept apart (WorkflowCallbacks); these items are what approvers list and decide.
import type { Gender } from '../core/person.js';

export type ApprovalState = 'PENDING' | 'RETURNED' | 'DECIDED';
export type ApproverKind = 'ddo' | 'verifier' | 'district-admin' | 'state-admin';
export type Decision = 'approve' | 'reject' | 'return';

export interface ApprovalTask {
  readonly taskId: string;
  readonly registrationId: string;
  readonly scheme: string;
  /** `ddo:<code>`, `verifier:<district>`, `district-admin:<district>`, `state-admin:all`. */
  readonly queue: string;
  readonly approverKind: ApproverKind;
  readonly level: number;
  readonly state: ApprovalState;
  readonly createdAt: string;
  readonly dueAt: string;
  /** What the approver decides on. No Aadhaar number, no mobile number. */
  readonly summary: {
    readonly name: string;
    readonly nameLocal?: string;
    readonly yearOfBirth: number;
    readonly gender: Gender;
    readonly aadhaarLast4?: string;
    readonly relation?: string;
    readonly primaryRegistrationId?: string;
    readonly district: string;
    readonly block?: string;
    readonly ddoCode?: string;
    /** From the roster record at the time the task opened, as the roster gives them (what approvers search by). */
    readonly employeeId?: string;
    readonly rationCardNumber?: string;
    readonly department?: string;
    readonly office?: string;
    readonly roster: { readonly name?: string; readonly nameLocal?: string; readonly yearOfBirth?: number; readonly gender?: Gender };
    readonly match: { readonly outcome: string; readonly nameScore: number; readonly reasons: readonly string[] };
  };
  readonly decision?: {
    readonly decision: Decision;
    readonly reasonCode?: string;
    readonly note?: string;
    readonly by: string;
    /** A delegate's decision: the queue whose charge they held (`ddo:<code>`); `by` is the delegate. */
    readonly onBehalfOf?: string;
    readonly at: string;
  };
}

export interface Approvals {
  get(taskId: string): Promise<ApprovalTask | undefined>;
  /** Create the task unless it exists (a retried or re-entered wait keeps the existing one). */
  createIfAbsent(task: ApprovalTask): Promise<ApprovalTask>;
  /**
   * Move from `from` to `to` with the decision; false when the task was no longer in `from` (someone else decided).
   * A decision is recorded as not yet delivered (its registration moved, its workflow told) until `delivered`.
   */
  changeState(taskId: string, from: ApprovalState, to: ApprovalState, decision?: ApprovalTask['decision']): Promise<boolean>;
  /** Move a pending task one level up (`level` is the new one); false when it was decided or moved meanwhile. */
  escalate(taskId: string, queue: string, approverKind: ApproverKind, level: number, dueAt: string): Promise<boolean>;
  /** The case moved to another district: the task goes to `queue` there, its level and SLA unchanged. */
  reroute(
    taskId: string,
    queue: string,
    place: { readonly district: string; readonly block?: string; readonly ddoCode?: string },
  ): Promise<void>;
  list(
    queues: readonly string[],
    state: ApprovalState,
    limit: number,
    cursor?: string,
  ): Promise<{ items: ApprovalTask[]; cursor?: string }>;
  /** The decision was carried out to the end: the registration moved and the workflow told. */
  delivered(taskId: string): Promise<void>;
  /** Decisions recorded before `before` and not yet delivered (a call cut short), oldest first. */
  undelivered(before: string, limit: number): Promise<ApprovalTask[]>;
}
