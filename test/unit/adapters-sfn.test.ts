// The Step Functions adapters' reading of Step Functions' refusals, with the SDK mocked (aws-sdk-client-mock):
// each refusal is the SDK's own exception class (TaskTimedOut, InvalidToken, ExecutionAlreadyExists, ...) with the
// $metadata a client gives, so the expected behaviour is what the Step Functions API answers. The integration
// tests keep the same behaviour against the local Step Functions service.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidToken,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionControl } from '../../functions/adapters/sfn-executions.js';
import { SfnWorkflowCallbacks } from '../../functions/adapters/sfn-workflow.js';
import { SfnImportStarter, SfnWorkflowStarter } from '../../functions/adapters/sfn-starters.js';
import { sfnOnFirstUse, sfnTaskAnswers } from '../../functions/adapters/sfn-task-answers.js';
import { ConflictError, NotFoundError, ProviderUnavailableError, RegistrationRejectedError } from '../../functions/core/errors.js';

const metadata = { $metadata: { httpStatusCode: 400, requestId: 'R1', attempts: 1, totalRetryDelay: 0 } };
const stateMachineArn = 'arn:aws:states:ap-south-1:111122223333:stateMachine:registration';
const executionArn = 'arn:aws:states:ap-south-1:111122223333:execution:registration:reg-1';

const sfnClient = new SFNClient({ region: 'ap-south-1' });
const sfn = mockClient(sfnClient);
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-south-1' }));
const dynamo = mockClient(documents);
beforeEach(() => {
  sfn.reset();
  dynamo.reset();
});

describe('completing a waiting step', () => {
  const callbacks = new SfnWorkflowCallbacks(documents, sfnTaskAnswers(sfnOnFirstUse(() => sfnClient)), 'healthcard', {
    now: () => Date.now(),
  });
  const token = 'AQCEAAAAKgAAAAMAAAAAAAAAAf...';
  beforeEach(() => {
    dynamo
      .on(GetCommand, { Key: { pk: 'REG#reg-1', sk: 'WAIT#ekyc' } })
      .resolves({ Item: { pk: 'REG#reg-1', sk: 'WAIT#ekyc', taskToken: token } });
    dynamo.on(DeleteCommand).resolves({});
  });
  const deletedTheToken = () =>
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'healthcard',
        Key: { pk: 'REG#reg-1', sk: 'WAIT#ekyc' },
        ConditionExpression: 'taskToken = :token',
        ExpressionAttributeValues: { ':token': token },
      },
    ]);

  it('sends the token with the output, and deletes that token', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    await expect(callbacks.succeed('reg-1', 'ekyc', { matched: true })).resolves.toBe(true);
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: token, output: '{"matched":true}' });
    deletedTheToken();
  });

  const rejected = new RegistrationRejectedError({ message: 'The approving officer rejected the registration (DUPLICATE).' });

  it("fails the step with the error's class name as Error (what the workflow's Catch matches) and its message as Cause", async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    await expect(callbacks.fail('reg-1', 'ekyc', rejected)).resolves.toBe(true);
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: token,
      error: 'RegistrationRejectedError',
      cause: 'The approving officer rejected the registration (DUPLICATE).',
    });
    deletedTheToken();
  });

  it('a token Step Functions closed already (TaskTimedOut, TaskDoesNotExist, InvalidToken): nothing waits, false, the token goes', async () => {
    const closed = [
      new TaskTimedOut({ ...metadata, message: 'Task Timed Out' }),
      new TaskDoesNotExist({ ...metadata, message: 'Task does not exist anymore' }),
      new InvalidToken({ ...metadata, message: 'Invalid token' }),
    ];
    for (const refusal of closed) {
      sfn.reset();
      dynamo.resetHistory();
      sfn.on(SendTaskFailureCommand).rejects(refusal);
      await expect(callbacks.fail('reg-1', 'ekyc', rejected), refusal.name).resolves.toBe(false);
      deletedTheToken();
    }
  });

  it('Step Functions unavailable: the error goes to the caller and the token stays for its retry', async () => {
    const unavailable = new ProviderUnavailableError({
      message: "AWS is throttling the pipeline's requests just now (ThrottlingException); try again shortly.",
    });
    sfn.on(SendTaskSuccessCommand).rejects(unavailable);
    await expect(callbacks.succeed('reg-1', 'ekyc', { matched: true })).rejects.toBe(unavailable);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('no token recorded: false, and Step Functions is not asked', async () => {
    dynamo.on(GetCommand).resolves({});
    await expect(callbacks.succeed('reg-1', 'approval', { approved: true })).resolves.toBe(false);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('starting an execution', () => {
  /** The registrations' starter on the mocked client; its waits park after a day. */
  const registrationStarter = () =>
    new SfnWorkflowStarter(
      sfnOnFirstUse(() => sfnClient),
      stateMachineArn,
      86_400,
    );

  it('a start repeated (ExecutionAlreadyExists: the same name) is the same execution, not an error', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ ...metadata, message: 'Execution Already Exists: reg-1' }));
    await expect(registrationStarter().startRegistration('reg-1', 'pmjay')).resolves.toBeUndefined();
    await expect(
      new SfnImportStarter(
        sfnOnFirstUse(() => sfnClient),
        stateMachineArn,
      ).startImport('imp-1'),
    ).resolves.toBeUndefined();
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name)).toEqual(['reg-1', 'imp-1']);
  });

  it('any other refusal goes to the caller as Step Functions said it', async () => {
    const missing = new StateMachineDoesNotExist({ ...metadata, message: `State Machine Does Not Exist: '${stateMachineArn}'` });
    sfn.on(StartExecutionCommand).rejects(missing);
    await expect(registrationStarter().startRegistration('reg-1', 'pmjay')).rejects.toBe(missing);
  });
});

describe("an operator's action on an execution", () => {
  const control = new SfnExecutionControl(sfnClient);

  it('an execution Step Functions no longer has is 404 EXECUTION_NOT_FOUND', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ ...metadata, message: `Execution Does Not Exist: '${executionArn}'` }));
    const described = control.describe(executionArn);
    await expect(described).rejects.toBeInstanceOf(NotFoundError);
    await expect(described).rejects.toMatchObject({
      code: 'EXECUTION_NOT_FOUND',
      httpStatus: 404,
      cause: { name: 'ExecutionDoesNotExist' },
    });
  });

  it('a redrive Step Functions refuses (ExecutionNotRedrivable) is 409 EXECUTION_NOT_REDRIVABLE', async () => {
    sfn
      .on(RedriveExecutionCommand)
      .rejects(new ExecutionNotRedrivable({ ...metadata, message: 'Execution is not redrivable: the redrive window has passed' }));
    const redriven = control.redrive(executionArn);
    await expect(redriven).rejects.toBeInstanceOf(ConflictError);
    await expect(redriven).rejects.toMatchObject({ code: 'EXECUTION_NOT_REDRIVABLE', httpStatus: 409 });
  });

  it('describes what Step Functions answers', async () => {
    const startDate = new Date('2026-12-01T05:00:00Z');
    sfn.on(DescribeExecutionCommand, { executionArn }).resolves({
      executionArn,
      stateMachineArn,
      status: 'FAILED',
      startDate,
      stopDate: startDate,
      error: 'ProviderUnavailableError',
      redriveCount: 1,
    });
    await expect(control.describe(executionArn)).resolves.toEqual({
      status: 'FAILED',
      startedAt: '2026-12-01T05:00:00.000Z',
      stoppedAt: '2026-12-01T05:00:00.000Z',
      error: 'ProviderUnavailableError',
      redriveCount: 1,
    });
  });
});
