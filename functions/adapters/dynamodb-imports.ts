// Import records in the table:
//   IMPORT#<importId> / IMPORT        the record; gsi1 IMPORTS#<district> / <receivedAt>#<importId>,
//                                     gsi2 IMPORTS / <receivedAt>#<importId> (every district, for state admins)
//   IMPORT#<importId> / CHUNK#<index>  a finished chunk: its counts, written once with the record's progress
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionHeld } from './dynamodb-conditions.js';
import { queryAll, queryPage, storedFields } from './dynamodb-cursor.js';
import { transactWrite } from './dynamodb-transactions.js';
import type { ChunkResult, ImportPage, ImportPlan, ImportRecord, Imports, ImportSummary, Refusal } from '../ports/imports.js';

const key = (importId: string) => ({ pk: `IMPORT#${importId}`, sk: 'IMPORT' });
const chunkKey = (importId: string, index: number) => ({ pk: `IMPORT#${importId}`, sk: `CHUNK#${String(index).padStart(5, '0')}` });

const toRecord = (item: Record<string, unknown>) => storedFields<ImportRecord>(item);
const toChunk = (item: Record<string, unknown>) => storedFields<ChunkResult>(item);

export class DynamoDbImports implements Imports {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordReceived(record: ImportRecord): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(record.importId),
            kind: 'import',
            gsi1pk: `IMPORTS#${record.district ?? 'unknown'}`,
            gsi1sk: `${record.receivedAt}#${record.importId}`,
            gsi2pk: 'IMPORTS',
            gsi2sk: `${record.receivedAt}#${record.importId}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async get(importId: string): Promise<ImportRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(importId), ConsistentRead: true }));
    return Item === undefined ? undefined : toRecord(Item);
  }

  async list(query: { district?: string; key?: string; since?: string; limit: number; cursor?: string }): Promise<ImportPage> {
    const byDistrict = query.district !== undefined;
    const [pk, sk] = byDistrict ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
    // The sort key starts with receivedAt: `since` bounds the range read; `key` filters what it reads (an
    // uploader asks for the few imports since its upload, so the filter reads little).
    const { items, cursor } = await queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: byDistrict ? 'gsi1' : 'gsi2',
        KeyConditionExpression: `${pk} = :pk${query.since === undefined ? '' : ` AND ${sk} >= :since`}`,
        ...(query.key === undefined ? {} : { FilterExpression: '#key = :key', ExpressionAttributeNames: { '#key': 'key' } }),
        ExpressionAttributeValues: {
          ':pk': byDistrict ? `IMPORTS#${query.district}` : 'IMPORTS',
          ...(query.since === undefined ? {} : { ':since': query.since }),
          ...(query.key === undefined ? {} : { ':key': query.key }),
        },
        ScanIndexForward: false,
        Limit: query.limit,
      },
      query.cursor,
    );
    return { imports: items.map(toRecord), ...(cursor === undefined ? {} : { cursor }) };
  }

  async planned(importId: string, plan: ImportPlan): Promise<void> {
    const fields: Record<string, unknown> = {
      status: 'IMPORTING',
      format: plan.format,
      snapshot: plan.snapshot,
      scopeWasEmpty: plan.scopeWasEmpty,
      columns: plan.columns,
      chunks: plan.chunks,
      ...(plan.header === undefined ? {} : { header: plan.header }),
      ...(plan.csvCopy === undefined ? {} : { csvCopy: plan.csvCopy }),
      ...(plan.unreadableFrom === undefined ? {} : { unreadableFrom: plan.unreadableFrom }),
    };
    const names = Object.keys(fields);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(importId),
        // Every name aliased: several (status, snapshot, columns) are DynamoDB reserved words.
        // startedAt is kept from the first attempt: a resumed import reports its whole duration.
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}, startedAt = if_not_exists(startedAt, :startedAt)`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])), ':startedAt': plan.startedAt },
      }),
    );
  }

  async refused(importId: string, refusal: Refusal, rejectsReport: string, at: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(importId),
        UpdateExpression: 'SET #status = :refused, refusal = :refusal, rejectsReport = :report, finishedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':refused': 'REFUSED', ':refusal': refusal, ':report': rejectsReport, ':at': at },
      }),
    );
  }

  async chunkDone(importId: string, result: ChunkResult): Promise<ChunkResult> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...chunkKey(importId, result.index), kind: 'import-chunk', ...result },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            // Progress as chunks finish: what an admin watching the import sees move.
            Update: {
              TableName: this.tableName,
              Key: key(importId),
              UpdateExpression: 'ADD chunksDone :one, bytesDone :bytes, rowsRead :read, rowsRejected :rejected',
              ExpressionAttributeValues: {
                ':one': 1,
                ':bytes': result.bytes,
                ':read': result.counts.read,
                ':rejected': result.counts.rejected,
              },
            },
          },
        ],
      });
      return result;
    } catch (error) {
      const done = error instanceof TransactionCanceledException ? await this.chunkResult(importId, result.index) : undefined;
      if (done !== undefined) return done;
      throw error;
    }
  }

  async chunkResult(importId: string, index: number): Promise<ChunkResult | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: chunkKey(importId, index), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toChunk(Item);
  }

  async chunkResults(importId: string): Promise<ChunkResult[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
      ExpressionAttributeValues: { ':pk': `IMPORT#${importId}`, ':chunk': 'CHUNK#' },
      ConsistentRead: true,
    });
    return items.map(toChunk);
  }

  async finished(importId: string, summary: ImportSummary): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(importId),
        UpdateExpression:
          'SET #status = :status, counts = :counts, finishedAt = :at, durationMs = :ms' +
          (summary.rejectsReport === undefined ? '' : ', rejectsReport = :report') +
          (summary.eligibleAfter === undefined ? '' : ', eligibleAfter = :eligible') +
          ' REMOVE failure',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': summary.status,
          ':counts': summary.counts,
          ':at': summary.finishedAt,
          ':ms': summary.durationMs,
          ...(summary.rejectsReport === undefined ? {} : { ':report': summary.rejectsReport }),
          ...(summary.eligibleAfter === undefined ? {} : { ':eligible': summary.eligibleAfter }),
        },
      }),
    );
  }

  async failed(importId: string, failure: { error: string; cause: string }, at: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(importId),
        UpdateExpression: 'SET #status = :failed, failure = :failure, finishedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'FAILED', ':failure': failure, ':at': at },
      }),
    );
  }
}
