// Answering a waiting step's task token (SendTaskSuccess, SendTaskFailure), with @aws-sdk/client-sfn imported on the
// first answer, not at init: most calls of the functions that may answer never do (an approver's queue, a task
// that opens a wait and finds it already done only after a retry), and an SDK package a bundle imports statically
// is loaded at init whatever the route (docs/architecture.md, "Bundles and cold starts").
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

export const sfnTaskAnswers = (clientOf: (sdk: typeof Sfn) => Sfn.SFNClient = clientFromEnvironment()): TaskAnswers => {
  let loaded: Promise<{ sdk: typeof Sfn; client: Sfn.SFNClient }> | undefined;
  // Once per container: the package and the client, on the first answer.
  const load = () => (loaded ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: clientOf(sdk) })));
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
