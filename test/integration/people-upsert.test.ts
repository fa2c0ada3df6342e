// Roster rows into DynamoDB Local: new people inserted, changed ones rewritten, identical ones counted and left
// alone — so an import repeated (a retried chunk, a re-run) changes nothing the second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPeople } from '../../functions/adapters/dynamodb-people.js';
import { DynamoDbRegistry } from '../../functions/adapters/dynamodb-registry.js';
import type { Person } from '../../functions/core/person.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let env: TestStack;
let people: DynamoDbPeople;

beforeAll(async () => {
  env = await startTestStack();
  people = new DynamoDbPeople(env.documents, env.endpoints.dynamodb.table);
});
afterAll(async () => env?.stop());

const family = (count: number, card: string): Person[] =>
  Array.from({ length: count }, (_, index) => ({
    scheme: 'pmjay',
    personId: `rc:${card}:${String(index + 1).padStart(2, '0')}`,
    rosterType: 'ration-card-families' as const,
    name: `Member ${index + 1}`,
    gender: index % 2 === 0 ? ('M' as const) : ('F' as const),
    yearOfBirth: 1960 + (index % 40),
    district: 'Lucknow',
    rationCardNumber: card,
    memberId: String(index + 1).padStart(2, '0'),
    status: 'active',
  }));

describe('people upsert', () => {
  it('inserts, then counts unchanged, then rewrites only what changed, across batch boundaries', async () => {
    const rows = family(130, 'UP900');
    expect(await people.upsert(rows, 'import-1')).toEqual({ inserted: 130, updated: 0, unchanged: 0 });
    expect(await people.upsert(rows, 'import-2')).toEqual({ inserted: 0, updated: 0, unchanged: 130 });

    const changed = rows.map((person, index) => (index < 7 ? { ...person, name: `${person.name} Kumar` } : person));
    expect(await people.upsert([...changed, ...family(3, 'UP901')], 'import-3')).toEqual({ inserted: 3, updated: 7, unchanged: 123 });

    const registry = new DynamoDbRegistry(env.documents, env.endpoints.dynamodb.table);
    expect(await registry.getPerson('pmjay', 'rc:UP900:01')).toMatchObject({ name: 'Member 1 Kumar', district: 'Lucknow' });
    expect(await registry.getPerson('pmjay', 'rc:UP900:50')).toMatchObject({ name: 'Member 50' });
  });

  it('keeps the last of duplicate rows in one batch and counts the person once', async () => {
    const [first] = family(1, 'UP902') as [Person];
    expect(await people.upsert([first, { ...first, name: 'Corrected Name' }], 'import-4')).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const registry = new DynamoDbRegistry(env.documents, env.endpoints.dynamodb.table);
    expect(await registry.getPerson('pmjay', first.personId)).toMatchObject({ name: 'Corrected Name' });
  });
});
