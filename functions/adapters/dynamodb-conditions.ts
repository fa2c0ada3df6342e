// A conditional write refused for its condition is an answer (there already, changed meanwhile, over a limit),
// not a failure: the adapters read it as false. Anything else (throttling, a network error) goes on.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True when the write went through, false when DynamoDB refused it for its ConditionExpression. */
export const conditionHeld = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
