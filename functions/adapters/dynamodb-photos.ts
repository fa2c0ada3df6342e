// e-KYC photo records in the table (the photos themselves are in the card bucket, sealed: s3-photos.ts):
//   PHOTO#<registrationId> / PHOTO      where the photo is and when the sweep looks at it next
//        gsi1: PHOTOS_DUE / <reviewAt>#<registrationId>     the sweep's list: photos due for a look, oldest first
//   PHOTOLINK#<sha256 of token> / LINK  a short-lived link handed to an approver: which photo, until when
// Link items expire by TTL a day after the link (the API checks `linkExpiresAt` itself: TTL deletes late).
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionHeld } from './dynamodb-conditions.js';
import type { PhotoLink, PhotoRecords } from '../ports/photos.js';

const photoKeyOf = (registrationId: string) => ({ pk: `PHOTO#${registrationId}`, sk: 'PHOTO' });
const linkKeyOf = (tokenHash: string) => ({ pk: `PHOTOLINK#${tokenHash}`, sk: 'LINK' });

export class DynamoDbPhotoRecords implements PhotoRecords {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async schedule(registrationId: string, photoKey: string, reviewAt: string): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...photoKeyOf(registrationId),
          kind: 'photo',
          registrationId,
          photoKey,
          reviewAt,
          gsi1pk: 'PHOTOS_DUE',
          gsi1sk: `${reviewAt}#${registrationId}`,
        },
      }),
    );
  }

  async reschedule(registrationId: string, reviewAt: string): Promise<void> {
    // False when the record is gone: nothing to move.
    await conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: photoKeyOf(registrationId),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET reviewAt = :at, gsi1sk = :sort',
          ExpressionAttributeValues: { ':at': reviewAt, ':sort': `${reviewAt}#${registrationId}` },
        }),
      ),
    );
  }

  async due(now: string, limit: number) {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': 'PHOTOS_DUE', ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({ registrationId: item.registrationId as string, photoKey: item.photoKey as string }));
  }

  async forget(registrationId: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: photoKeyOf(registrationId) }));
  }

  async saveLink(tokenHash: string, link: PhotoLink): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...linkKeyOf(tokenHash),
          kind: 'photo-link',
          registrationId: link.registrationId,
          photoKey: link.photoKey,
          linkExpiresAt: link.expiresAt,
          expiresAt: Math.floor(Date.parse(link.expiresAt) / 1000) + 86_400,
        },
      }),
    );
  }

  async findLink(tokenHash: string): Promise<PhotoLink | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: linkKeyOf(tokenHash) }));
    if (Item === undefined) return undefined;
    return { registrationId: Item.registrationId as string, photoKey: Item.photoKey as string, expiresAt: Item.linkExpiresAt as string };
  }
}
