// One execution's detail and the operator's actions on it, through the Step Functions API.
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  StopExecutionCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { ExecutionControl, HistoryStep } from '../ports/executions.js';

/**
 * Step Functions' refusals that are answers to the caller, not faults: an execution it no longer has (histories
 * are kept 90 days; our list keeps its entry) is the API's 404 EXECUTION_NOT_FOUND, and a redrive it refuses
 * (the execution moved on since it was read, is past the redrive window, or ran out of redrives) is 409
 * EXECUTION_NOT_REDRIVABLE, as the use case answers when it sees the status itself. By name: the SDK's classes.
 */
const asAnswer = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  if (error.name === 'ExecutionDoesNotExist')
    return new NotFoundError({ code: 'EXECUTION_NOT_FOUND', message: 'No such execution.', cause: error });
  if (error.name === 'ExecutionNotRedrivable') {
    return new ConflictError({
      code: 'EXECUTION_NOT_REDRIVABLE',
      message: `Step Functions refused the redrive: ${error.message}`,
      cause: error,
    });
  }
  return error;
};

const answering = async <T>(call: Promise<T>): Promise<T> => {
  try {
    return await call;
  } catch (error) {
    throw asAnswer(error);
  }
};

/** The state name and error name of an event, and nothing of its data (inputs, outputs, causes). */
const stepOf = (event: HistoryEvent): HistoryStep => {
  const state = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
  const error =
    event.taskFailedEventDetails?.error ??
    event.lambdaFunctionFailedEventDetails?.error ??
    event.taskTimedOutEventDetails?.error ??
    event.executionFailedEventDetails?.error ??
    event.executionAbortedEventDetails?.error ??
    event.executionTimedOutEventDetails?.error;
  return {
    type: event.type ?? 'Unknown',
    at: (event.timestamp ?? new Date(0)).toISOString(),
    ...(state === undefined ? {} : { state }),
    ...(error === undefined ? {} : { error }),
  };
};

export class SfnExecutionControl implements ExecutionControl {
  constructor(private readonly sfn: SFNClient) {}

  async describe(executionArn: string) {
    const described = await answering(this.sfn.send(new DescribeExecutionCommand({ executionArn })));
    return {
      status: described.status ?? 'UNKNOWN',
      startedAt: (described.startDate ?? new Date(0)).toISOString(),
      ...(described.stopDate === undefined ? {} : { stoppedAt: described.stopDate.toISOString() }),
      ...(described.error === undefined ? {} : { error: described.error }),
      redriveCount: described.redriveCount ?? 0,
    };
  }

  async history(executionArn: string): Promise<HistoryStep[]> {
    const steps: HistoryStep[] = [];
    let nextToken: string | undefined;
    do {
      // Without the execution's data: inputs and outputs never leave Step Functions through this API.
      const page = await answering(
        this.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false, maxResults: 1000, nextToken })),
      );
      steps.push(...(page.events ?? []).map(stepOf));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return steps;
  }

  async stop(executionArn: string, error: string, cause: string): Promise<void> {
    await answering(this.sfn.send(new StopExecutionCommand({ executionArn, error, cause })));
  }

  async redrive(executionArn: string): Promise<void> {
    await answering(this.sfn.send(new RedriveExecutionCommand({ executionArn })));
  }
}
