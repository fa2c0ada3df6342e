// The field force in the table: workers, each district's assignment rules, each eligible person's responsible
// worker per campaign (with their last visit), and the visits made.
import type { AssignmentRules, SegmentKind, UnassignedReason, Visit, Worker, WorkerRole } from '../core/field-force.js';

/** One eligible person's place in a campaign's field force: who answers for them, or why nobody does. */
export interface FieldAssignment {
  readonly campaignId: string;
  readonly scheme: string;
  readonly personId: string;
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  /** The roster's names, kept for the worker's list (a worker sees them whole: docs/field-force.md). */
  readonly name?: string;
  readonly nameLocal?: string;
  readonly workerId?: string;
  /** The rule (segment kind) that chose the worker; absent when an admin chose. */
  readonly rule?: SegmentKind;
  readonly unassignedReason?: UnassignedReason;
  /** `admin`: reassigned by hand; an assignment run leaves it as it is. */
  readonly assignedBy: 'rules' | 'admin';
  readonly assignedAt: string;
  readonly lastVisit?: Visit;
}

export interface FieldForce {
  /** Creates or replaces a worker. */
  putWorker(worker: Worker): Promise<void>;
  getWorker(workerId: string): Promise<Worker | undefined>;
  /** A district's workers (of one role when given), by role and worker id; every district's when none is given. */
  listWorkers(query: {
    readonly district?: string;
    readonly role?: WorkerRole;
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<{ items: Worker[]; cursor?: string }>;
  /** Every worker of a district. */
  workersOf(district: string): Promise<Worker[]>;
  /** Every worker of every district, a page at a time (the daily SMS). */
  allWorkers(limit: number, cursor?: string): Promise<{ items: Worker[]; cursor?: string }>;
  putRules(rules: AssignmentRules): Promise<void>;
  getRules(district: string): Promise<AssignmentRules | undefined>;
  getAssignment(campaignId: string, scheme: string, personId: string): Promise<FieldAssignment | undefined>;
  /** Writes the person's assignment; the last visit is kept as it is in the table. */
  putAssignment(assignment: Omit<FieldAssignment, 'lastVisit'>): Promise<void>;
  /** The people a worker answers for in a campaign, by block, village and person. */
  assignmentsOf(campaignId: string, workerId: string): Promise<FieldAssignment[]>;
  /** Every assignment (and named non-assignment) of a campaign's district. */
  assignmentsIn(campaignId: string, district: string): Promise<FieldAssignment[]>;
  /** Keeps a visit (the log a week's visits are counted from) and makes it the person's last. */
  recordVisit(assignment: FieldAssignment, visit: Visit): Promise<void>;
  /** A campaign district's visits at or after `since`. */
  visitsSince(campaignId: string, district: string, since: string): Promise<Visit[]>;
}
