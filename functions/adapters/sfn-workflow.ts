// Completing the step a registration's workflow waits on, and resuming a parked one. Tokens live in the table
// (REG#<id> / WAIT#<step>); callers name the step, never handle tokens. No static import of the Step Functions
// package: a task that only records a wait must not load it (sfn-task-answers.ts imports it on the first answer;
// starting executions, a resume's too, is sfn-starters.ts).
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConfigurationError, ConflictError, type HealthcardError } from '../core/errors.js';
import { systemActor } from '../core/use-cases/deps.js';
import type { Registry } from '../ports/registry.js';
import { resumeExecutionName, type ParkingStepName, type ResumeInput } from '../core/parking.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { WaitContext } from '../core/waits.js';
import type { ParkedWaits, WaitingStepName, WaitRecords, WorkflowCallbacks } from '../ports/workflow.js';
import { waitingSteps } from '../core/waits.js';
import { DynamoDbWaits, waitItem, waitKey } from './dynamodb-waits.js';
import type { TaskAnswers } from './sfn-task-answers.js';

/** The token was closed already (completed, timed out, execution stopped): nothing waits any more. */
const isGone = (error: unknown) => error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name);

/** The table half: what a task that opens, clears or parks waits, and never completes one, is given. */
export class TableWaitRecords implements WaitRecords, Pick<ParkedWaits, 'park' | 'resumeSoon'> {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly clock: Clock,
  ) {}

  protected key(registrationId: string, step: WaitingStepName) {
    return waitKey(registrationId, step);
  }

  async recordWaiting(registrationId: string, step: WaitingStepName, taskToken: string, context: WaitContext): Promise<void> {
    // One writer per step (the task that opens it), so read-then-put keeps `since` without a race.
    const { Item: previous } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(registrationId, step), ConsistentRead: true }),
    );
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: waitItem(registrationId, step, taskToken, context, new Date(this.clock.now()), previous),
      }),
    );
  }

  async clearWaiting(registrationId: string, steps: readonly WaitingStepName[] = waitingSteps): Promise<void> {
    // The waits' own clear: of several steps, only those that wait are deleted.
    await new DynamoDbWaits(this.documents, this.tableName).clear(registrationId, steps);
  }

  async park(registrationId: string, step: ParkingStepName, resume: ResumeInput, context: WaitContext): Promise<void> {
    const now = new Date(this.clock.now());
    const parked = { parkedAt: now.toISOString(), resumeInput: { scheme: resume.scheme, parkAfterSeconds: resume.parkAfterSeconds } };
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(registrationId, step),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: 'SET parkedAt = :at, resumeInput = :resume REMOVE taskToken',
          ExpressionAttributeValues: { ':at': parked.parkedAt, ':resume': parked.resumeInput },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      // Removed by a completion that met the closed token: written afresh, so whoever resumes finds it.
      const { taskToken: _none, ...item } = waitItem(registrationId, step, '', context, now, undefined);
      await this.documents
        .send(new PutCommand({ TableName: this.tableName, Item: { ...item, ...parked }, ConditionExpression: 'attribute_not_exists(pk)' }))
        .catch(ignoreConditionFailure);
    }
  }

  async resumeSoon(registrationId: string, step: ParkingStepName): Promise<void> {
    // Sorts before every instant: the first of the waits past their SLA, which the sweep reads.
    const first = `0000-00-00T00:00:00.000Z#${registrationId}#${step}`;
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(registrationId, step),
          ConditionExpression: 'attribute_exists(parkedAt)',
          UpdateExpression: 'SET gsi1sk = :first, gsi2sk = :first',
          ExpressionAttributeValues: { ':first': first },
        }),
      )
      .catch(ignoreConditionFailure);
  }
}

/** Starts a resume execution by name (a repeated start of the name is the same execution). */
export type StartNamed = (name: string, input: Record<string, string | number>) => Promise<void>;

export class SfnWorkflowCallbacks extends TableWaitRecords implements WorkflowCallbacks, ParkedWaits {
  constructor(
    documents: DynamoDBDocumentClient,
    private readonly answers: TaskAnswers,
    tableName: string,
    clock: Clock,
    /**
     * For functions that resume parked cases (absent where none is): how to start the registration state machine,
     * and the registry that keeps the resume in the registration's timeline.
     */
    private readonly resuming?: { readonly start: StartNamed; readonly registry: Pick<Registry, 'getRegistration' | 'annotate'> },
  ) {
    super(documents, tableName, clock);
  }

  private async item(registrationId: string, step: WaitingStepName): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(registrationId, step), ConsistentRead: true }),
    );
    return Item;
  }

  private async complete(
    registrationId: string,
    step: WaitingStepName,
    send: (token: string) => Promise<unknown>,
    parked: (item: Record<string, unknown>) => Promise<void>,
  ): Promise<boolean> {
    const item = await this.item(registrationId, step);
    if (typeof item?.parkedAt === 'string') {
      await parked(item);
      return true;
    }
    const token = typeof item?.taskToken === 'string' ? item.taskToken : undefined;
    if (token === undefined) return false;
    let sent: boolean;
    try {
      await send(token);
      sent = true;
    } catch (error) {
      // Anything else (throttling, Step Functions unavailable) keeps the token: the caller's retry needs it.
      if (!isGone(error)) throw error;
      sent = false;
    }
    // Used or closed: only delete the token we used, as a retried task may have recorded a newer one meanwhile.
    await this.documents
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(registrationId, step),
          ConditionExpression: 'taskToken = :token',
          ExpressionAttributeValues: { ':token': token },
        }),
      )
      .catch(() => undefined);
    return sent;
  }

  succeed(registrationId: string, step: WaitingStepName, output: Record<string, string | number | boolean>): Promise<boolean> {
    return this.complete(
      registrationId,
      step,
      (taskToken) => this.answers.success(taskToken, JSON.stringify(output)),
      (item) => this.resume(registrationId, step as ParkingStepName, item.resumeInput as ResumeInput),
    );
  }

  fail(registrationId: string, step: WaitingStepName, error: HealthcardError): Promise<boolean> {
    return this.complete(
      registrationId,
      step,
      (taskToken) => this.answers.failure(taskToken, error.name, error.message),
      () => this.unpark(registrationId, step),
    );
  }

  async resume(registrationId: string, step: ParkingStepName, resume: ResumeInput): Promise<void> {
    if (this.resuming === undefined)
      throw new ConfigurationError({ message: 'This function resumes parked cases but was given no registration state machine.' });
    const name = resumeExecutionName(registrationId, step);
    // Ids and a number only, as the first execution's input.
    await this.resuming.start(name, {
      registrationId,
      scheme: resume.scheme,
      parkAfterSeconds: resume.parkAfterSeconds,
    });
    await this.unpark(registrationId, step, name);
  }

  /**
   * The parked wait and the registration's marker go, the registration's own status left as it is; a resume
   * (`execution`) is written in its timeline, beside the park, so the timeline names both executions.
   */
  private async unpark(registrationId: string, step: WaitingStepName, execution?: string): Promise<void> {
    await this.documents
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(registrationId, step),
          ConditionExpression: 'attribute_exists(parkedAt)',
        }),
      )
      .catch(ignoreConditionFailure);
    const registry = this.resuming?.registry;
    if (registry === undefined) return;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const registration = await registry.getRegistration(registrationId);
      if (registration?.parked?.step !== step) return;
      try {
        await registry.annotate(registrationId, {
          status: registration.status,
          actor: systemActor,
          why: execution === undefined ? 'UNPARKED' : 'RESUMED',
          ...(execution === undefined ? {} : { note: `Resumed after ${step} in execution ${execution}.` }),
          remove: ['parked'],
        });
        return;
      } catch (error) {
        // The status moved between the read and the write (the decision that resumed it): read again.
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }
}

const ignoreConditionFailure = (error: unknown) => {
  if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
};
