// Completing the step a registration's workflow waits on. Tokens live in the table (REG#<id> / WAIT#<step>);
// callers name the step, never handle tokens. No static import of the Step Functions package: a task that only
// records a wait must not load it (sfn-task-answers.ts imports it on the first answer; starting executions is
// sfn-starters.ts).
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HealthcardError } from '../core/errors.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { WaitContext } from '../core/waits.js';
import type { WaitingStepName, WaitRecords, WorkflowCallbacks } from '../ports/workflow.js';
import { waitingSteps } from '../core/waits.js';
import { waitItem, waitKey } from './dynamodb-waits.js';
import type { TaskAnswers } from './sfn-task-answers.js';

/** The token was closed already (completed, timed out, execution stopped): nothing waits any more. */
const isGone = (error: unknown) => error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name);

/** The table half: what a task that opens or clears waits, and never completes one, is given. */
export class TableWaitRecords implements WaitRecords {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
    private readonly clock: Clock,
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
    await Promise.all(
      steps.map((step) => this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(registrationId, step) }))),
    );
  }
}

export class SfnWorkflowCallbacks extends TableWaitRecords implements WorkflowCallbacks {
  constructor(
    documents: DynamoDBDocumentClient,
    private readonly answers: TaskAnswers,
    tableName: string,
    clock: Clock,
  ) {
    super(documents, tableName, clock);
  }

  private async token(registrationId: string, step: WaitingStepName): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(registrationId, step), ConsistentRead: true }),
    );
    return typeof Item?.taskToken === 'string' ? Item.taskToken : undefined;
  }

  private async complete(registrationId: string, step: WaitingStepName, send: (token: string) => Promise<unknown>): Promise<boolean> {
    const token = await this.token(registrationId, step);
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
    return this.complete(registrationId, step, (taskToken) => this.answers.success(taskToken, JSON.stringify(output)));
  }

  fail(registrationId: string, step: WaitingStepName, error: HealthcardError): Promise<boolean> {
    return this.complete(registrationId, step, (taskToken) => this.answers.failure(taskToken, error.name, error.message));
  }
}
