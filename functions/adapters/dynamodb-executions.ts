// The execution ledger in the table:
//   EXEC#<workflow>#<name> / EXEC    the execution's latest status; gsi1 EXECS#<workflow> / <startedAt>#<name>
// Written from Step Functions' status-change events (EventBridge on AWS, the local service's listener here).
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WorkflowKey } from '../../infra/specs.js';
import type { ExecutionEntry, ExecutionLedger, ExecutionQuery } from '../ports/executions.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { decodeCursor, encodeCursor, storedFields } from './dynamodb-cursor.js';

const entryKey = (workflow: WorkflowKey, name: string) => ({ pk: `EXEC#${workflow}#${name}`, sk: 'EXEC' });

const toEntry = (item: Record<string, unknown>) => storedFields<ExecutionEntry>(item);

export class DynamoDbExecutionLedger implements ExecutionLedger {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(entry: ExecutionEntry): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...entryKey(entry.workflow, entry.name),
            kind: 'execution',
            gsi1pk: `EXECS#${entry.workflow}`,
            gsi1sk: `${entry.startedAt}#${entry.name}`,
            ...entry,
          },
          // A change delivered late or twice never replaces a later one.
          ConditionExpression: 'attribute_not_exists(pk) OR #sequence < :sequence',
          ExpressionAttributeNames: { '#sequence': 'sequence' },
          ExpressionAttributeValues: { ':sequence': entry.sequence },
        }),
      ),
    );
  }

  async get(workflow: WorkflowKey, name: string): Promise<ExecutionEntry | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: entryKey(workflow, name), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : toEntry(Item);
  }

  async relocate(workflow: WorkflowKey, name: string, district: string): Promise<void> {
    // Not in the ledger yet: its first status change reads the district from the registration, moved already.
    await conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: entryKey(workflow, name),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET district = :district',
          ExpressionAttributeValues: { ':district': district },
        }),
      ),
    );
  }

  async list(query: ExecutionQuery): Promise<{ entries: ExecutionEntry[]; cursor?: string }> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': `EXECS#${query.workflow}` };
    let range = '';
    if (query.from !== undefined && query.to !== undefined) {
      range = ' AND gsi1sk BETWEEN :from AND :to';
      values[':from'] = query.from;
      values[':to'] = `${query.to}~`;
    } else if (query.from !== undefined) {
      range = ' AND gsi1sk >= :from';
      values[':from'] = query.from;
    } else if (query.to !== undefined) {
      range = ' AND gsi1sk <= :to';
      values[':to'] = `${query.to}~`;
    }
    const filters: string[] = [];
    if (query.status !== undefined) {
      names['#status'] = 'status';
      values[':status'] = query.status;
      filters.push('#status = :status');
    }
    if (query.district !== undefined) {
      values[':district'] = query.district;
      filters.push('district = :district');
    }
    // Filters apply after the read: pages are read until one holds entries or the index ends (a bounded number).
    const entries: ExecutionEntry[] = [];
    let start = decodeCursor(query.cursor);
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: `gsi1pk = :pk${range}`,
          ...(filters.length === 0 ? {} : { FilterExpression: filters.join(' AND ') }),
          ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit,
          ExclusiveStartKey: start,
        }),
      );
      entries.push(...(page.Items ?? []).map(toEntry));
      start = page.LastEvaluatedKey;
      if (entries.length > 0 || start === undefined) break;
    }
    const cursor = encodeCursor(start);
    return { entries, ...(cursor === undefined ? {} : { cursor }) };
  }
}
