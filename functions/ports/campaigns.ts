// Campaigns: a scheme's drive in some districts between two dates, over some roster types.
export interface Campaign {
  readonly campaignId: string;
  readonly name: string;
  readonly scheme: string;
  readonly districts: readonly string[];
  readonly rosterTypes: readonly string[];
  /** Indian days, yyyy-mm-dd. */
  readonly startDate: string;
  readonly endDate: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Campaigns {
  /** False when a campaign with this id exists already (the caller compares it). */
  create(campaign: Campaign): Promise<boolean>;
  get(campaignId: string): Promise<Campaign | undefined>;
  /** Newest start first. */
  list(): Promise<Campaign[]>;
}
