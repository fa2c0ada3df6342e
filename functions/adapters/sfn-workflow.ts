// Workflow adapters on Step Functions: starting a registration, and completing the step it waits on.
// Tokens live in the table (REG#<id> / WAIT#<step>); callers name the step, never handle tokens.
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { HealthcardError } from '../core/errors.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { WaitContext } from '../core/waits.js';
import type { WaitingStepName, WorkflowCallbacks, WorkflowStarter, ImportStarter } from '../ports/workflow.js';
import { waitingSteps } from '../core/waits.js';
import { DynamoDbWaits, waitItem, waitKey } from './dynamodb-waits.js';

/** The token was closed already (completed, timed out, execution stopped): nothing waits any more. */
const isGone = (error: unknown) => error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name);

export class SfnWorkflowCallbacks implements WorkflowCallbacks {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly sfn: SFNClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  private key(registrationId: string, step: WaitingStepName) {
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
    return this.complete(registrationId, step, (taskToken) =>
      this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  fail(registrationId: string, step: WaitingStepName, error: HealthcardError): Promise<boolean> {
    return this.complete(registrationId, step, (taskToken) =>
      this.sfn.send(new SendTaskFailureCommand({ taskToken, error: error.name, cause: error.message })),
    );
  }
}

/** Start an execution by name; a repeated start of the same name is the same execution, not an error. */
const startOnce = async (sfn: SFNClient, stateMachineArn: string, name: string, input: Record<string, string>) => {
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    // Already started by an earlier attempt of the same request or event: that execution is the one.
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
};

export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startRegistration(registrationId: string, scheme: string): Promise<void> {
    // Opaque: the registration id, never a mobile or Aadhaar number.
    await startOnce(this.sfn, this.stateMachineArn, registrationId, { registrationId, scheme });
  }
}

export class SfnImportStarter implements ImportStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startImport(importId: string): Promise<void> {
    await startOnce(this.sfn, this.stateMachineArn, importId, { importId });
  }
}
