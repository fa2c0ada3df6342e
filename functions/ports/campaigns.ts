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

/** A district's target in a campaign: a share of its eligible people carded by a day, per block where it differs. */
export interface CampaignTarget {
  readonly campaignId: string;
  readonly district: string;
  /** 1 to 100. */
  readonly saturationPercent: number;
  /** Indian day, yyyy-mm-dd, within the campaign's dates. */
  readonly endsOn: string;
  /** Blocks whose target differs from the district's, as the roster names them. */
  readonly blocks: Readonly<Record<string, number>>;
  readonly setAt: string;
  readonly setBy: string;
}

export interface CampaignTargets {
  /** Creates or replaces the district's target. */
  putTarget(target: CampaignTarget): Promise<void>;
  /** The campaign's targets, one per district that has one. */
  targets(campaignId: string): Promise<CampaignTarget[]>;
}
