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
    const due = { reviewAt, gsi1pk: 'PHOTOS_DUE', gsi1sk: `${reviewAt}#${registrationId}` };
    const item = { ...photoKeyOf(registrationId), kind: 'photo', registrationId, photoKey, ...due };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async reschedule(registrationId: string, reviewAt: string): Promise<void> {
    const values = { ':at': reviewAt, ':sort': `${reviewAt}#${registrationId}` };
    // Refused when the record is gone (deleted by a sweep running alongside): nothing to move.
    const update = { UpdateExpression: 'SET reviewAt = :at, gsi1sk = :sort', ExpressionAttributeValues: values };
    const command = new UpdateCommand({
      TableName: this.tableName,
      Key: photoKeyOf(registrationId),
      ConditionExpression: 'attribute_exists(pk)',
      ...update,
    });
    await conditionHeld(this.documents.send(command));
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
    const { registrationId, photoKey, expiresAt } = link;
    // Gone by TTL a day after the link (the API checks linkExpiresAt itself).
    const item = { ...linkKeyOf(tokenHash), kind: 'photo-link', registrationId, photoKey, linkExpiresAt: expiresAt };
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...item, expiresAt: Math.floor(Date.parse(expiresAt) / 1000) + 86_400 } }),
    );
  }

  async findLink(tokenHash: string): Promise<PhotoLink | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: linkKeyOf(tokenHash) }));
    if (Item === undefined) return undefined;
    return { registrationId: Item.registrationId as string, photoKey: Item.photoKey as string, expiresAt: Item.linkExpiresAt as string };
  }
}
