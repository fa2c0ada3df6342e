// Campaigns in the single table: CAMPAIGN#<id> / CAMPAIGN, listed through gsi1 CAMPAIGNS / <startDate>#<id>.
import { GetCommand, paginateQuery, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Campaign, Campaigns } from '../ports/campaigns.js';

const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });

const campaignOf = (item: Record<string, unknown>): Campaign => {
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g, gsi1sk: _gs, ...campaign } = item;
  return campaign as unknown as Campaign;
};

export class DynamoDbCampaigns implements Campaigns {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(campaign: Campaign): Promise<boolean> {
    try {
      await this.documents.send(
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
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(campaignId: string): Promise<Campaign | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: campaignKey(campaignId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : campaignOf(Item);
  }

  async list(): Promise<Campaign[]> {
    const campaigns: Campaign[] = [];
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' },
        ScanIndexForward: false,
      },
    );
    for await (const page of pages) campaigns.push(...(page.Items ?? []).map(campaignOf));
    return campaigns;
  }
}
