// Factories for adapters that need the table only (DynamoDB): what most task functions use. A function that
// imports this module, not factories.ts, loads no other AWS SDK package (bench/cold-start).
import { randomInt, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { parseEnv, tableShape, workflowsShape } from '../config.js';
import { systemClock } from './clock.js';
import { documents } from './dynamodb-client.js';
import { DynamoDbApprovals } from './dynamodb-approvals.js';
import { DynamoDbCampaigns } from './dynamodb-campaigns.js';
import { DynamoDbExecutionLedger } from './dynamodb-executions.js';
import { DynamoDbImports } from './dynamodb-imports.js';
import { DynamoDbPeople } from './dynamodb-people.js';
import { DynamoDbProgress } from './dynamodb-progress.js';
import { DynamoDbRegistry } from './dynamodb-registry.js';
import { DynamoDbAnomalies } from './dynamodb-anomalies.js';
import { DynamoDbWaits } from './dynamodb-waits.js';
import { DynamoDbApprovers } from './dynamodb-approvers.js';
import { DynamoDbDelegations } from './dynamodb-delegations.js';
import { DynamoDbCaseNames } from './dynamodb-case-names.js';
import { DynamoDbCardKeyLedger } from './dynamodb-card-keys.js';
import { DynamoDbCamps } from './dynamodb-camps.js';
import { DynamoDbFieldForce } from './dynamodb-field-force.js';
import type { Cards } from '../ports/cards.js';
import type { IdempotencyRecords } from '../ports/idempotency.js';
import type { OtpCodes } from '../ports/otp-codes.js';
import type { MobileSendCounts, OtpGuards } from '../ports/otp-guards.js';
import type { Registry } from '../ports/registry.js';
import type { Sequences } from '../ports/sequences.js';
import type { UniquenessClaims } from '../ports/uniqueness-claims.js';

export { systemClock } from './clock.js';

const registryTable = () => new DynamoDbRegistry(documents, parseEnv(tableShape).TABLE_NAME, systemClock);
export const createRegistry = (): Registry => registryTable();
// A registration's other records: one adapter writes them all (a transition and a claim or a card in one
// transaction); each factory hands it out as the one port a use case asks for.
export const createOtpCodes = (): OtpCodes => registryTable();
export const createOtpGuards = (): OtpGuards => registryTable();
export const createMobileSendCounts = (): MobileSendCounts => registryTable();
export const createIdempotencyRecords = (): IdempotencyRecords => registryTable();
export const createUniquenessClaims = (): UniquenessClaims => registryTable();
export const createCards = (): Cards => registryTable();
export const createSequences = (): Sequences => registryTable();
/** The card keys' ledger: which key signed cards issued when (published keys and their periods). */
export const createCardKeyLedger = () => new DynamoDbCardKeyLedger(documents, parseEnv(tableShape).TABLE_NAME);
export const createApprovals = () => new DynamoDbApprovals(documents, parseEnv(tableShape).TABLE_NAME);
export const createImports = () => new DynamoDbImports(documents, parseEnv(tableShape).TABLE_NAME);
export const createExecutionLedger = () => new DynamoDbExecutionLedger(documents, parseEnv(tableShape).TABLE_NAME);
export const createCampaigns = () => new DynamoDbCampaigns(documents, parseEnv(tableShape).TABLE_NAME);
export const createProgress = () => new DynamoDbProgress(documents, parseEnv(tableShape).TABLE_NAME);
export const createPeople = () => new DynamoDbPeople(documents, parseEnv(tableShape).TABLE_NAME);
export const createAnomalies = () => new DynamoDbAnomalies(documents, parseEnv(tableShape).TABLE_NAME);
export const createWaits = () => new DynamoDbWaits(documents, parseEnv(tableShape).TABLE_NAME);
/** The approver directory and the reminder claims: one adapter, handed out under each port. */
export const createApprovers = () => new DynamoDbApprovers(documents, parseEnv(tableShape).TABLE_NAME);
/** Camps, their lists and registrations, and the SMS opt-outs: one adapter, handed out under each port. */
export const createCamps = () => new DynamoDbCamps(documents, parseEnv(tableShape).TABLE_NAME);
export const createDelegations = () => new DynamoDbDelegations(documents, parseEnv(tableShape).TABLE_NAME);

/** Each workflow's state machine ARN. */
export const workflowArns = () => {
  const env = parseEnv(workflowsShape);
  return { registration: env.REGISTRATION_STATE_MACHINE_ARN, rosterImport: env.ROSTER_IMPORT_STATE_MACHINE_ARN };
};

/** Approval SLA override, for drills and tests on the embedded stack; unset in production (the scheme decides). */
export const approvalSlaOverride = (): number | undefined =>
  parseEnv({ APPROVAL_SLA_SECONDS: z.coerce.number().int().min(1).max(1_814_400).optional() }).APPROVAL_SLA_SECONDS;

export const secureRandomInt = (max: number) => randomInt(max);
export const newRegistrationId = () => randomUUID();
export const newTransactionId = () => `txn-${randomUUID()}`;
/** Names behind cases, read in batches for lists. */
export const createCaseNames = () => new DynamoDbCaseNames(documents, parseEnv(tableShape).TABLE_NAME);
/** The field force: workers, assignment rules, assignments and visits. */
export const createFieldForce = () => new DynamoDbFieldForce(documents, parseEnv(tableShape).TABLE_NAME);
