// Workflow adapters on Step Functions: starting a registration, and completing the step it waits on.
// Tokens live in the table (REG#<id> / WAIT#<step>); callers name the step, never handle tokens.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendTaskFailureCommand, SendTaskSuccessCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ConfigurationError, ConflictError, type HealthcardError } from '../core/errors.js';
import { systemActor } from '../core/use-cases/deps.js';
import type { Registry } from '../ports/registry.js';
import { resumeExecutionName, type ParkingStepName, type ResumeInput } from '../core/parking.js';
import type { Clock } from '../core/use-cases/deps.js';
import type { WaitContext } from '../core/waits.js';
import type { ParkedWaits, WaitingStepName, WorkflowCallbacks, WorkflowStarter, ImportStarter } from '../ports/workflow.js';
import { waitingSteps } from '../core/waits.js';
import { waitItem, waitKey } from './dynamodb-waits.js';

/** The token was closed already (completed, timed out, execution stopped): nothing waits any more. */
const isGone = (error: unknown) => error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name);

export class SfnWorkflowCallbacks implements WorkflowCallbacks, ParkedWaits {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly sfn: SFNClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    /**
     * For functions that resume parked cases (absent where none is): the registration state machine, and the
     * registry that keeps the resume in the registration's timeline.
     */
    private readonly resuming?: { readonly stateMachineArn: string; readonly registry: Pick<Registry, 'getRegistration' | 'annotate'> },
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
    await Promise.all(
      steps.map((step) => this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(registrationId, step) }))),
    );
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
      (taskToken) => this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
      (item) => this.resume(registrationId, step as ParkingStepName, item.resumeInput as ResumeInput),
    );
  }

  fail(registrationId: string, step: WaitingStepName, error: HealthcardError): Promise<boolean> {
    return this.complete(
      registrationId,
      step,
      (taskToken) => this.sfn.send(new SendTaskFailureCommand({ taskToken, error: error.name, cause: error.message })),
      () => this.unpark(registrationId, step),
    );
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

  async resume(registrationId: string, step: ParkingStepName, resume: ResumeInput): Promise<void> {
    if (this.resuming === undefined)
      throw new ConfigurationError({ message: 'This function resumes parked cases but was given no registration state machine.' });
    const name = resumeExecutionName(registrationId, step);
    // Ids and a number only, as the first execution's input.
    await startOnce(this.sfn, this.resuming.stateMachineArn, name, {
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

/** Start an execution by name; a repeated start of the same name is the same execution, not an error. */
const startOnce = async (sfn: SFNClient, stateMachineArn: string, name: string, input: Record<string, string | number>) => {
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
    /** How long its waits hold the execution before the case parks: the wait states read it from the input. */
    private readonly parkAfterSeconds: number,
  ) {}

  async startRegistration(registrationId: string, scheme: string): Promise<void> {
    // Opaque: the registration id, never a mobile or Aadhaar number.
    await startOnce(this.sfn, this.stateMachineArn, registrationId, { registrationId, scheme, parkAfterSeconds: this.parkAfterSeconds });
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
