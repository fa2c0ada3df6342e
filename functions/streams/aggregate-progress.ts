// The table's change stream -> campaign progress (docs/campaigns.md). On AWS a Lambda event source mapping on the
// table's stream (NEW_AND_OLD_IMAGES, registration items only, a tumbling window so the event names its shard)
// invokes it; on the embedded stack the stream poller does the same (local/stream-poller.ts). A batch delivered
// again counts once (the shard's checkpoint, adapters/dynamodb-progress.ts). The records carry whole registration
// items, the mobile number among them: the handler logs counts and the shard only, never a record.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createProgressAggregator, registrationChangesOf } from '../adapters/progress-factories.js';
import { ConfigurationError } from '../core/errors.js';
import { logger } from '../adapters/logger.js';

/** Lambda's stream event with a tumbling window: it names the shard the batch is from. */
export interface ProgressStreamEvent extends DynamoDBStreamEvent {
  readonly shardId?: string;
  readonly eventSourceARN?: string;
  readonly window?: { readonly start: string; readonly end: string };
  readonly state?: Record<string, string>;
  readonly isFinalInvokeForWindow?: boolean;
}

const aggregator = createProgressAggregator();

export const handler = async (event: ProgressStreamEvent): Promise<{ state: Record<string, string> }> => {
  if (event.shardId === undefined)
    throw new ConfigurationError({ message: 'The stream event names no shard: the event source mapping needs its tumbling window' });
  const changes = registrationChangesOf(event.Records);
  const result = await aggregator.apply(event.shardId, changes);
  logger.info('progress applied', { shardId: event.shardId, records: event.Records.length, ...result });
  // With a tumbling window Lambda takes an answer without `state` for a failure.
  return { state: {} };
};
