// Starting executions on Step Functions: a registration's, an import's. Named by their id, so a repeated start is
// the same execution. The package is imported on the first start (sfn-task-answers.ts): of the registrations
// API's routes only the starting ones start an execution.
import type { ImportStarter, WorkflowStarter } from '../ports/workflow.js';
import type { SfnOnFirstUse } from './sfn-task-answers.js';

/** Start an execution by name; a repeated start of the same name is the same execution, not an error. */
export const startOnce = async (sfn: SfnOnFirstUse, stateMachineArn: string, name: string, input: Record<string, string | number>) => {
  const { sdk, client } = await sfn();
  try {
    await client.send(new sdk.StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
  } catch (error) {
    // Already started by an earlier attempt of the same request or event: that execution is the one.
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
};

export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(
    private readonly sfn: SfnOnFirstUse,
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
    private readonly sfn: SfnOnFirstUse,
    private readonly stateMachineArn: string,
  ) {}

  async startImport(importId: string): Promise<void> {
    await startOnce(this.sfn, this.stateMachineArn, importId, { importId });
  }
}
