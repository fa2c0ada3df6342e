// The steps registrations wait on, in the table:
//   REG#<id> / WAIT#<step>   the task token, where the registration is, since when, its SLA and who must act
//        gsi1: WAITS#<district> / <slaDueAt>#<id>#<step>    a district's waits, soonest due first
//        gsi2: WAITS / <slaDueAt>#<id>#<step>               every district's (state admins)
// A query for sort keys before now is the list of stuck waits, most overdue first: no scan, no filter.
// SfnWorkflowCallbacks (sfn-workflow.ts) writes and deletes these items; this module owns their shape.
import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { waitingSteps } from '../core/waits.js';
import type { Wait, WaitContext, WaitingOn } from '../core/waits.js';
import type { WaitingStepName, Waits } from '../ports/workflow.js';
import { queryAll, queryPage } from './dynamodb-cursor.js';

export const waitKey = (registrationId: string, step: WaitingStepName) => ({ pk: `REG#${registrationId}`, sk: `WAIT#${step}` });

const indexKeys = (wait: Pick<Wait, 'district' | 'slaDueAt' | 'registrationId' | 'step'>) => {
  const sort = `${wait.slaDueAt}#${wait.registrationId}#${wait.step}`;
  return { gsi1pk: `WAITS#${wait.district}`, gsi1sk: sort, gsi2pk: 'WAITS', gsi2sk: sort };
};

/** Waits outlive nothing: a forgotten one (a stopped execution) is removed by TTL 60 days after its SLA. */
const expiresAtOf = (slaDueAt: string) => Math.floor(Date.parse(slaDueAt) / 1000) + 60 * 86_400;

const toWait = (item: Record<string, unknown>): Wait => ({
  registrationId: item.registrationId as string,
  step: item.step as WaitingStepName,
  district: item.district as string,
  ...(typeof item.block === 'string' ? { block: item.block } : {}),
  since: item.since as string,
  slaDueAt: item.slaDueAt as string,
  waitingOn: item.waitingOn as WaitingOn,
  ...(typeof item.parkedAt === 'string' ? { parkedAt: item.parkedAt } : {}),
});

/** The item recorded when a step starts (or starts again) waiting; a re-entry keeps `since` and the first SLA. */
export const waitItem = (
  registrationId: string,
  step: WaitingStepName,
  taskToken: string,
  context: WaitContext,
  now: Date,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> => {
  const since = typeof previous?.since === 'string' ? previous.since : now.toISOString();
  const slaDueAt =
    typeof previous?.slaDueAt === 'string' ? previous.slaDueAt : new Date(now.getTime() + context.slaSeconds * 1000).toISOString();
  const wait: Wait = {
    registrationId,
    step,
    district: context.district,
    ...(context.block === undefined ? {} : { block: context.block }),
    since,
    slaDueAt,
    waitingOn: context.waitingOn,
  };
  return {
    ...waitKey(registrationId, step),
    kind: 'waiting-step',
    ...wait,
    taskToken,
    ...indexKeys(wait),
    expiresAt: expiresAtOf(slaDueAt),
  };
};

export class DynamoDbWaits implements Waits {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async overdue(query: {
    district?: string;
    now: string;
    after?: string;
    limit: number;
    cursor?: string;
  }): Promise<{ waits: Wait[]; cursor?: string }> {
    const byDistrict = query.district !== undefined;
    const range = query.after === undefined ? '< :now' : 'BETWEEN :after AND :now';
    const { items, cursor } = await queryPage(
      this.documents,
      {
        TableName: this.tableName,
        IndexName: byDistrict ? 'gsi1' : 'gsi2',
        KeyConditionExpression: byDistrict ? `gsi1pk = :pk AND gsi1sk ${range}` : `gsi2pk = :pk AND gsi2sk ${range}`,
        ExpressionAttributeValues: {
          ':pk': byDistrict ? `WAITS#${query.district}` : 'WAITS',
          ':now': query.now,
          ...(query.after === undefined ? {} : { ':after': query.after }),
        },
        Limit: query.limit,
      },
      query.cursor,
    );
    return { waits: items.map(toWait), ...(cursor === undefined ? {} : { cursor }) };
  }

  async stepsWaiting(registrationId: string): Promise<WaitingStepName[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
        ExpressionAttributeValues: { ':pk': `REG#${registrationId}`, ':wait': 'WAIT#' },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => String(item.sk).slice('WAIT#'.length) as WaitingStepName);
  }

  async clear(registrationId: string, steps: readonly WaitingStepName[] = waitingSteps): Promise<void> {
    // More than one step: the waits there are, read in one query, and only those deleted (usually none: a step's
    // completion deletes its wait), rather than a delete per step whether it waits or not.
    const present = steps.length > 1 ? new Set(await this.stepsWaiting(registrationId)) : undefined;
    await Promise.all(
      steps
        .filter((step) => present === undefined || present.has(step))
        .map((step) =>
          this.documents
            .send(
              new DeleteCommand({
                TableName: this.tableName,
                Key: waitKey(registrationId, step),
                // A parked wait outlives its execution by design: its event, or the wait sweep, resumes it.
                ConditionExpression: 'attribute_not_exists(parkedAt)',
              }),
            )
            .catch((error: unknown) => {
              if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
            }),
        ),
    );
  }

  async relocate(registrationId: string, place: { district: string; block?: string }, approval?: WaitingOn): Promise<void> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
      ExpressionAttributeValues: { ':pk': `REG#${registrationId}`, ':wait': 'WAIT#' },
      ConsistentRead: true,
    });
    for (const item of items) {
      const wait = toWait(item);
      const waitingOn = wait.step === 'approval' && approval !== undefined ? approval : wait.waitingOn;
      await this.documents
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: waitKey(registrationId, wait.step),
            // Only the wait that was read: a step completed meanwhile is not brought back.
            ConditionExpression: 'attribute_exists(pk)',
            UpdateExpression: `SET district = :district, waitingOn = :on, gsi1pk = :g1pk${place.block === undefined ? ' REMOVE #block' : ', #block = :block'}`,
            ExpressionAttributeNames: { '#block': 'block' },
            ExpressionAttributeValues: {
              ':district': place.district,
              ':on': waitingOn,
              ':g1pk': indexKeys({ ...wait, district: place.district }).gsi1pk,
              ...(place.block === undefined ? {} : { ':block': place.block }),
            },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        });
    }
  }
}
