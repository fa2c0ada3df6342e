// Approval tasks in the table: APPROVAL#<taskId> / APPROVAL, listed per queue through gsi1
// (gsi1pk QUEUE#<queue>, gsi1sk <state>#<createdAt>#<taskId>: oldest first within a state). A decision not yet
// carried out to the end is also in gsi2 (gsi2pk UNDELIVERED, gsi2sk <decided at>#<taskId>): the outbox the
// decision sweep reads, written in the same update as the decision and removed once it is delivered.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../core/errors.js';
import type { ApprovalState, ApprovalTask, Approvals, ApproverKind } from '../ports/approvals.js';
import { conditionHeld } from './dynamodb-conditions.js';
import { storedFields } from './dynamodb-cursor.js';

const undeliveredKey = 'UNDELIVERED';
const key = (taskId: string) => ({ pk: `APPROVAL#${taskId}`, sk: 'APPROVAL' });
const sortKey = (state: ApprovalState, task: Pick<ApprovalTask, 'createdAt' | 'taskId'>) => `${state}#${task.createdAt}#${task.taskId}`;
const toTask = (item: Record<string, unknown>) => storedFields<ApprovalTask>(item);

export class DynamoDbApprovals implements Approvals {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(taskId: string): Promise<ApprovalTask | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(taskId), ConsistentRead: true }));
    return Item === undefined ? undefined : toTask(Item);
  }

  async createIfAbsent(task: ApprovalTask): Promise<ApprovalTask> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key(task.taskId), kind: 'approval', gsi1pk: `QUEUE#${task.queue}`, gsi1sk: sortKey(task.state, task), ...task },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return task;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.get(task.taskId)) as ApprovalTask;
    }
  }

  async changeState(taskId: string, from: ApprovalState, to: ApprovalState, decision?: ApprovalTask['decision']): Promise<boolean> {
    const task = await this.get(taskId);
    if (task === undefined || task.state !== from) return false;
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(taskId),
          ConditionExpression: '#state = :from',
          UpdateExpression: `SET #state = :to, gsi1sk = :sort${
            decision === undefined ? ' REMOVE decision, gsi2pk, gsi2sk' : ', decision = :decision, gsi2pk = :outbox, gsi2sk = :outboxSort'
          }`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':from': from,
            ':to': to,
            ':sort': sortKey(to, task),
            ...(decision === undefined
              ? {}
              : { ':decision': decision, ':outbox': undeliveredKey, ':outboxSort': `${decision.at}#${taskId}` }),
          },
        }),
      ),
    );
  }

  async escalate(taskId: string, queue: string, approverKind: ApproverKind, level: number, dueAt: string): Promise<boolean> {
    return conditionHeld(
      this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key(taskId),
          // Only a task still pending at the level read: a decision or another sweep's escalation meanwhile wins.
          ConditionExpression: '#state = :pending AND #level = :from',
          UpdateExpression: 'SET #queue = :queue, approverKind = :kind, #level = :level, dueAt = :due, gsi1pk = :gsi1pk',
          ExpressionAttributeNames: { '#queue': 'queue', '#level': 'level', '#state': 'state' },
          ExpressionAttributeValues: {
            ':queue': queue,
            ':kind': approverKind,
            ':level': level,
            ':from': level - 1,
            ':pending': 'PENDING',
            ':due': dueAt,
            ':gsi1pk': `QUEUE#${queue}`,
          },
        }),
      ),
    );
  }

  async reroute(taskId: string, queue: string, place: { district: string; block?: string; ddoCode?: string }): Promise<void> {
    const summaryFields = (['district', 'block', 'ddoCode'] as const).filter((field) => place[field] !== undefined);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(taskId),
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: `SET #queue = :queue, gsi1pk = :gsi1pk${summaryFields.map((field) => `, summary.#${field} = :${field}`).join('')}`,
        ExpressionAttributeNames: { '#queue': 'queue', ...Object.fromEntries(summaryFields.map((field) => [`#${field}`, field])) },
        ExpressionAttributeValues: {
          ':queue': queue,
          ':gsi1pk': `QUEUE#${queue}`,
          ...Object.fromEntries(summaryFields.map((field) => [`:${field}`, place[field]])),
        },
      }),
    );
  }

  async delivered(taskId: string): Promise<void> {
    await this.documents.send(
      new UpdateCommand({ TableName: this.tableName, Key: key(taskId), UpdateExpression: 'REMOVE gsi2pk, gsi2sk' }),
    );
  }

  async undelivered(before: string, limit: number): Promise<ApprovalTask[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': undeliveredKey, ':before': before },
        Limit: limit,
      }),
    );
    // The index is eventually consistent: read each task itself, and keep those still waiting for delivery.
    const items = await Promise.all(
      Items.map(
        async (item) =>
          (await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key(String(item.taskId)), ConsistentRead: true })))
            .Item,
      ),
    );
    return items.flatMap((item) => (item?.gsi2pk === undeliveredKey && item.decision !== undefined ? [toTask(item)] : []));
  }

  async list(queues: readonly string[], state: ApprovalState, limit: number, cursor?: string) {
    // A cursor is the queue index and that queue's last evaluated key: queues are read one after another.
    let position: { queue: number; start?: Record<string, unknown> } = { queue: 0 };
    if (cursor !== undefined) {
      try {
        position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof position;
      } catch {
        throw new ValidationError({ code: 'INVALID_CURSOR', message: 'The cursor is not one this API gave out.' });
      }
    }
    const items: ApprovalTask[] = [];
    let queueIndex = position.queue;
    let start = position.start;
    while (queueIndex < queues.length && items.length < limit) {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :state)',
          ExpressionAttributeValues: { ':pk': `QUEUE#${queues[queueIndex]}`, ':state': `${state}#` },
          Limit: limit - items.length,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []).map(toTask));
      start = page.LastEvaluatedKey;
      if (start === undefined) queueIndex += 1;
    }
    const next = queueIndex < queues.length ? Buffer.from(JSON.stringify({ queue: queueIndex, start })).toString('base64url') : undefined;
    return { items, ...(next === undefined ? {} : { cursor: next }) };
  }
}
