// Campaigns in the single table: CAMPAIGN#<id> / CAMPAIGN, listed through gsi1 CAMPAIGNS / <startDate>#<id>; a
// district's target beside it, CAMPAIGN#<id> / TARGET#<district>.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Campaign, Campaigns, CampaignTarget, CampaignTargets } from '../ports/campaigns.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryAll, storedFields } from './dynamodb-cursor.js';

const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });

export class DynamoDbCampaigns implements Campaigns, CampaignTargets {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(campaign: Campaign): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...campaignKey(campaign.campaignId),
            kind: 'campaign',
            gsi1pk: 'CAMPAIGNS',
            gsi1sk: `${campaign.startDate}#${campaign.campaignId}`,
            ...campaign,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(campaignId: string): Promise<Campaign | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKey(campaignId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<Campaign>(Item);
  }

  async list(): Promise<Campaign[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
      ScanIndexForward: false,
    });
    return items.map((item) => storedFields<Campaign>(item));
  }

  async putTarget(target: CampaignTarget): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `CAMPAIGN#${target.campaignId}`, sk: `TARGET#${target.district}`, kind: 'campaign-target', ...target },
      }),
    );
  }

  async targets(campaignId: string): Promise<CampaignTarget[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :target)',
      ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':target': 'TARGET#' },
      ConsistentRead: true,
    });
    return items.map((item) => storedFields<CampaignTarget>(item));
  }
}
