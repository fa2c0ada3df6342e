// The field force in the table:
//   WORKER#<workerId> / WORKER                    a worker; mobile an attribute, never a key
//        gsi1: WORKERS#<district> / <role>#<workerId>     a district's workers, by role
//        gsi2: WORKERS / <workerId>                       every worker (the daily SMS)
//   FFRULES#<district> / RULES                    a district's assignment order
//   PERSON#<scheme>#<personId> / FIELD#<campaignId>  the person's responsible worker (or why none) and last visit
//        gsi1: FIELD#<campaignId>#<workerId or -> / <block>#<village>#<personId>   a worker's people
//        gsi2: FIELDS#<campaignId>#<district> / <personId>                        a district's assignments
//   VISIT#<campaignId>#<district> / <at>#<personId>#<workerId>   one visit (a week's are counted)
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssignmentRules, Visit, Worker, WorkerRole } from '../core/field-force.js';
import type { FieldAssignment, FieldForce } from '../ports/field-force.js';
import { queryAll, queryPage, storedFields } from './dynamodb-cursor.js';

const workerKey = (workerId: string) => ({ pk: `WORKER#${workerId}`, sk: 'WORKER' });
const rulesKey = (district: string) => ({ pk: `FFRULES#${district}`, sk: 'RULES' });
const assignmentKey = (campaignId: string, scheme: string, personId: string) => ({
  pk: `PERSON#${scheme}#${personId}`,
  sk: `FIELD#${campaignId}`,
});
const everyWorker = 'WORKERS';
/** A district's workers by role (gsi1), and every worker (gsi2). */
const workerIndexes = (worker: Worker) => ({
  gsi1pk: `WORKERS#${worker.district}`,
  gsi1sk: `${worker.role}#${worker.workerId}`,
  ...{ gsi2pk: everyWorker, gsi2sk: worker.workerId },
});
const noWorker = '-';

export class DynamoDbFieldForce implements FieldForce {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putWorker(worker: Worker): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...workerKey(worker.workerId), kind: 'worker', ...workerIndexes(worker), ...worker },
      }),
    );
  }

  async getWorker(workerId: string): Promise<Worker | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: workerKey(workerId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<Worker>(Item);
  }

  async listWorkers(query: { district?: string; role?: WorkerRole; limit: number; cursor?: string }) {
    // A district's workers are one range of gsi1 (a role a prefix of it); every district's, gsi2 (a role filtered).
    const [index, partition] = query.district === undefined ? ['gsi2', everyWorker] : ['gsi1', `WORKERS#${query.district}`];
    const byRole = query.role === undefined ? undefined : query.district === undefined ? 'filter' : 'prefix';
    const { items, cursor } = await queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: byRole === 'prefix' ? `${index}pk = :pk AND begins_with(${index}sk, :role)` : `${index}pk = :pk`,
        ...(byRole === 'filter' ? { FilterExpression: '#role = :role', ExpressionAttributeNames: { '#role': 'role' } } : {}),
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(query.role === undefined ? {} : { ':role': byRole === 'prefix' ? `${query.role}#` : query.role }),
        },
        Limit: query.limit,
      },
      query.cursor,
    );
    return { items: items.map((item) => storedFields<Worker>(item)), ...(cursor === undefined ? {} : { cursor }) };
  }

  /** Every item of one partition of an index, without its keys. */
  private async everyIn<T>(index: 'gsi1' | 'gsi2', partition: string): Promise<T[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
    });
    return items.map((item) => storedFields<T>(item));
  }

  async workersOf(district: string): Promise<Worker[]> {
    return this.everyIn<Worker>('gsi1', `WORKERS#${district}`);
  }

  async allWorkers(limit: number, cursor?: string) {
    return this.listWorkers({ limit, ...(cursor === undefined ? {} : { cursor }) });
  }

  async putRules(rules: AssignmentRules): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { ...rulesKey(rules.district), kind: 'assignment-rules', ...rules } }),
    );
  }

  async getRules(district: string): Promise<AssignmentRules | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: rulesKey(district), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<AssignmentRules>(Item);
  }

  async getAssignment(campaignId: string, scheme: string, personId: string): Promise<FieldAssignment | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: assignmentKey(campaignId, scheme, personId), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : storedFields<FieldAssignment>(Item);
  }

  async putAssignment(assignment: Omit<FieldAssignment, 'lastVisit'>): Promise<void> {
    // SET each field (REMOVE those now absent): the last visit, written by recordVisit, stays.
    const fields: Record<string, unknown> = {
      kind: 'field-assignment',
      gsi1pk: `FIELD#${assignment.campaignId}#${assignment.workerId ?? noWorker}`,
      gsi1sk: `${assignment.block ?? '-'}#${assignment.village ?? '-'}#${assignment.personId}`,
      gsi2pk: `FIELDS#${assignment.campaignId}#${assignment.district}`,
      gsi2sk: assignment.personId,
      ...assignment,
    };
    const optional = ['block', 'village', 'name', 'nameLocal', 'workerId', 'rule', 'unassignedReason'].filter(
      (name) => fields[name] === undefined,
    );
    const set = Object.keys(fields).filter((name) => fields[name] !== undefined);
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: assignmentKey(assignment.campaignId, assignment.scheme, assignment.personId),
        UpdateExpression: `SET ${set.map((name) => `#${name} = :${name}`).join(', ')}${optional.length === 0 ? '' : ` REMOVE ${optional.map((name) => `#${name}`).join(', ')}`}`,
        ExpressionAttributeNames: Object.fromEntries([...set, ...optional].map((name) => [`#${name}`, name])),
        ExpressionAttributeValues: Object.fromEntries(set.map((name) => [`:${name}`, fields[name]])),
      }),
    );
  }

  async assignmentsOf(campaignId: string, workerId: string): Promise<FieldAssignment[]> {
    return this.everyIn<FieldAssignment>('gsi1', `FIELD#${campaignId}#${workerId}`);
  }

  async assignmentsIn(campaignId: string, district: string): Promise<FieldAssignment[]> {
    return this.everyIn<FieldAssignment>('gsi2', `FIELDS#${campaignId}#${district}`);
  }

  async recordVisit(assignment: FieldAssignment, visit: Visit): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `VISIT#${assignment.campaignId}#${assignment.district}`,
          sk: `${visit.at}#${assignment.personId}#${visit.workerId}`,
          kind: 'field-visit',
          personId: assignment.personId,
          ...visit,
        },
      }),
    );
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: assignmentKey(assignment.campaignId, assignment.scheme, assignment.personId),
        UpdateExpression: 'SET lastVisit = :visit',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':visit': visit },
      }),
    );
  }

  async visitsSince(campaignId: string, district: string, since: string): Promise<Visit[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': `VISIT#${campaignId}#${district}`, ':since': since },
    });
    return items.map((item) => storedFields<Visit & { personId: string }>(item));
  }
}
