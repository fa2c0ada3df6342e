// The progress aggregator's adapters: the table only (its own module, so the stream function loads nothing else).
import { parseEnv, tableShape } from '../config.js';
import { systemClock } from './clock.js';
import { documents } from './dynamodb-client.js';
import { DynamoDbProgressAggregator } from './dynamodb-progress.js';

export { registrationChangesOf } from './dynamodb-progress.js';

export const createProgressAggregator = () =>
  new DynamoDbProgressAggregator(documents, parseEnv(tableShape).TABLE_NAME, () => systemClock.now());
