// Import records in the table: IMPORT#<importId> / IMPORT, listed per district through gsi1
// (gsi1pk IMPORTS#<district>, gsi1sk <receivedAt>#<importId>).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ImportRecord, Imports } from '../ports/imports.js';

const key = (importId: string) => ({ pk: `IMPORT#${importId}`, sk: 'IMPORT' });

export class DynamoDbImports implements Imports {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordReceived(record: ImportRecord): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(record.importId),
            kind: 'import',
            gsi1pk: `IMPORTS#${record.district ?? 'unknown'}`,
            gsi1sk: `${record.receivedAt}#${record.importId}`,
            ...record,
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

  async get(importId: string): Promise<ImportRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(importId), ConsistentRead: true }));
    if (Item === undefined) return undefined;
    const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g, gsi1sk: _s, ...record } = Item;
    return record as ImportRecord;
  }
}
