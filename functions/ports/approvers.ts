// The approver directory: who holds each approval queue, with the mobile their reminders go to, and the claims
// that keep a reminder from going out twice.

export interface Approver {
  /** `ddo:<code>`, `verifier:<district>`, `district-admin:<district>`, `state-admin:all`. */
  readonly queue: string;
  /** The district the queue belongs to (admins in scope manage it); `state-admin:all` has none. */
  readonly district?: string;
  readonly name: string;
  readonly office?: string;
  /** 10 digits, as registrations keep mobiles: in the item only, never in a key, a log line or an execution. */
  readonly mobile: string;
  readonly language: 'en' | 'hi';
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface ApproverDirectory {
  /** Creates or replaces the queue's entry; a new entry is due for its first digest on `firstDigestOn`. */
  put(approver: Approver, firstDigestOn: string): Promise<void>;
  get(queue: string): Promise<Approver | undefined>;
  /** A district's approvers (every district's when none is given), by queue. */
  list(query: {
    readonly district?: string;
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<{ items: Approver[]; cursor?: string }>;
  /** Approvers whose next digest is due on `day` or before, the longest due first: at most `limit`. */
  dueForDigest(day: string, limit: number): Promise<Approver[]>;
  /** Their next digest is due on `day` (the day after the one just handled). */
  nextDigestOn(queue: string, day: string): Promise<void>;
}

export interface ReminderClaims {
  /**
   * Claims a reminder by its key (`digest#<queue>#<IST day>`, `due#<taskId>`) with a conditional write: true for
   * the one caller that claimed it, false when it was claimed before. The claim expires (TTL) at `expiresAt`.
   */
  claim(key: string, expiresAt: Date): Promise<boolean>;
  /** Gives a claim back (the gateway did not take the message): a later run may claim and send it. */
  release(key: string): Promise<void>;
}
