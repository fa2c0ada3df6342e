// A local Step Functions service on an ephemeral port with the test fixture workflows and lambdas, reached
// through the real @aws-sdk/client-sfn: what the service promises is tested over the wire.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { loadDefinition } from '../../local/sfn/definition.js';
import { LocalLambdas } from '../../local/sfn/lambda.js';
import { createSfnServer } from '../../local/sfn/server.js';
import { LocalStepFunctions, type LocalStepFunctionsOptions } from '../../local/sfn/service.js';
import type { ExecutionStore } from '../../local/sfn/store.js';
import { projectRoot } from '../../local/stack.js';

export const fixtureLambdas = {
  echo: 'test/fixtures/lambdas/echo.ts',
  flaky: 'test/fixtures/lambdas/flaky.ts',
  alwaysFails: 'test/fixtures/lambdas/always-fails.ts',
  callbackRecorder: 'test/fixtures/lambdas/callback-recorder.ts',
} as const;

export interface TestSfn {
  readonly client: SFNClient;
  readonly service: LocalStepFunctions;
  readonly arn: (workflow: string) => string;
  close(): Promise<void>;
}

export const startTestSfn = async (
  store: ExecutionStore,
  workflows: readonly string[],
  onStatusChange?: LocalStepFunctionsOptions['onStatusChange'],
): Promise<TestSfn> => {
  const lambdas = new LocalLambdas(projectRoot, 'ap-south-1', '000000000000');
  const substitutions: Record<string, string> = {};
  for (const [name, entry] of Object.entries(fixtureLambdas)) {
    substitutions[`${name}Function`] = lambdas.register({ name, entry, timeoutSeconds: 10, memoryMb: 256 });
  }
  const service = new LocalStepFunctions({
    region: 'ap-south-1',
    accountId: '000000000000',
    lambdas,
    store,
    ...(onStatusChange === undefined ? {} : { onStatusChange }),
  });
  const arns = new Map<string, string>();
  for (const workflow of workflows) {
    arns.set(
      workflow,
      service.registerStateMachine(
        workflow,
        loadDefinition(join(projectRoot, 'test/fixtures/workflows', `${workflow}.asl.json`), substitutions),
      ),
    );
  }
  service.start();
  const server = createSfnServer(service);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new SFNClient({
    region: 'ap-south-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    client,
    service,
    arn: (workflow) => {
      const arn = arns.get(workflow);
      if (arn === undefined) throw new Error(`no fixture workflow ${workflow}`);
      return arn;
    },
    close: async () => {
      client.destroy();
      service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
