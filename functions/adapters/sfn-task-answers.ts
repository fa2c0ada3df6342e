// Answering a waiting step's task token (SendTaskSuccess, SendTaskFailure), with @aws-sdk/client-sfn imported on the
// first answer, not at init: most calls of the functions that may answer never do (an approver's queue, a task
// that opens a wait and finds it already done only after a retry), and an SDK package a bundle imports statically
// is loaded at init whatever the route (docs/architecture.md, "Bundles and cold starts"). Starting executions
// (sfn-starters.ts) loads it the same way.
import type * as Sfn from '@aws-sdk/client-sfn';
import { awsShape, parseEnv } from '../config.js';
import { mapThrottling } from './throttling-middleware.js';

export interface TaskAnswers {
  success(taskToken: string, output: string): Promise<void>;
  failure(taskToken: string, error: string, cause: string): Promise<void>;
}

/** The client from the function's configuration, parsed when the answers are made (at init: a missing variable stops the load). */
const clientFromEnvironment = () => {
  const aws = parseEnv({ AWS_REGION: awsShape.AWS_REGION, SFN_ENDPOINT: awsShape.SFN_ENDPOINT });
  return (sdk: typeof Sfn) =>
    mapThrottling(new sdk.SFNClient({ region: aws.AWS_REGION, ...(aws.SFN_ENDPOINT === undefined ? {} : { endpoint: aws.SFN_ENDPOINT }) }));
};

/** The package and the client, imported and made on the first call, once per container. */
export type SfnOnFirstUse = () => Promise<{ readonly sdk: typeof Sfn; readonly client: Sfn.SFNClient }>;

export const sfnOnFirstUse = (clientOf: (sdk: typeof Sfn) => Sfn.SFNClient = clientFromEnvironment()): SfnOnFirstUse => {
  let loaded: ReturnType<SfnOnFirstUse> | undefined;
  return () => (loaded ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: clientOf(sdk) })));
};

export const sfnTaskAnswers = (load: SfnOnFirstUse = sfnOnFirstUse()): TaskAnswers => {
  return {
    async success(taskToken, output) {
      const { sdk, client } = await load();
      await client.send(new sdk.SendTaskSuccessCommand({ taskToken, output }));
    },
    async failure(taskToken, error, cause) {
      const { sdk, client } = await load();
      await client.send(new sdk.SendTaskFailureCommand({ taskToken, error, cause }));
    },
  };
};
