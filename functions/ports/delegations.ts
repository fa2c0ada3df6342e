// Delegations of charge (core/delegations.ts): who handed which DDO code to whom, for which IST days.
export interface Delegation {
  readonly delegationId: string;
  readonly fromDdoCode: string;
  readonly toDdoCode: string;
  /** yyyy-mm-dd, IST, inclusive. */
  readonly startsOn: string;
  readonly endsOn: string;
  readonly note?: string;
  /** The caller's subject who made it (the DDO, or an admin for them). */
  readonly createdBy: string;
  readonly createdAt: string;
  /** Ended early (DELETE): when and by whom. */
  readonly endedAt?: string;
  readonly endedBy?: string;
}

export interface Delegations {
  /**
   * Keeps the delegation unless another of the same fromDdoCode, not ended, shares a day with it: then nothing is
   * written and that one is returned. Two requests at once for the same code cannot both pass.
   */
  create(delegation: Delegation): Promise<{ readonly overlapping?: Delegation }>;
  get(delegationId: string): Promise<Delegation | undefined>;
  /** Delegations to `toDdoCode` whose last day is `fromDay` or later (one query). */
  receivedBy(toDdoCode: string, fromDay: string): Promise<Delegation[]>;
  /** Delegations of `fromDdoCode` whose last day is `fromDay` or later (one query). */
  givenBy(fromDdoCode: string, fromDay: string): Promise<Delegation[]>;
  /** Ends it now; false when it was ended already. */
  end(delegationId: string, by: string, at: string): Promise<boolean>;
}
