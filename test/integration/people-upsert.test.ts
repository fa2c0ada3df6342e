// Roster rows into DynamoDB Local: new people inserted, changed ones rewritten, identical ones counted and left
// alone — so an import repeated (a retried chunk, a re-run) changes nothing the second time.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbPeople } from '../../functions/adapters/dynamodb-people.js';
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

const asRows = (people: readonly Person[], firstRow = 2) => people.map((person, index) => ({ person, row: firstRow + index }));
const counts = (inserted: number, updated: number, unchanged: number, duplicates = 0) => ({
  inserted,
  updated,
  unchanged,
  duplicates,
  conflicts: [],
});

describe('people upsert', () => {
  it('inserts, then counts unchanged, then rewrites only what changed, across batch boundaries', async () => {
    const rows = family(130, 'UP900');
    expect(await people.upsert(asRows(rows), 'import-1')).toEqual(counts(130, 0, 0));
    expect(await people.upsert(asRows(rows), 'import-2')).toEqual(counts(0, 0, 130));

    const changed = rows.map((person, index) => (index < 7 ? { ...person, name: `${person.name} Kumar` } : person));
    expect(await people.upsert(asRows([...changed, ...family(3, 'UP901')]), 'import-3')).toEqual(counts(3, 7, 123));

    expect(await people.getPerson('pmjay', 'rc:UP900:01')).toMatchObject({ name: 'Member 1 Kumar', district: 'Lucknow' });
    expect(await people.getPerson('pmjay', 'rc:UP900:50')).toMatchObject({ name: 'Member 50' });
    expect(await people.getPerson('pmjay', 'rc:UP900:50')).not.toHaveProperty('rosterHash');
  });

  it('counts a batch replayed after a crash as what it did the first time', async () => {
    const rows = asRows([...family(4, 'UP903'), ...family(2, 'UP900').map((person) => ({ ...person, name: `${person.name} Devi` }))]);
    const first = await people.upsert(rows, 'import-5');
    expect(first).toEqual(counts(4, 2, 0));
    expect(await people.upsert(rows, 'import-5')).toEqual(first);
  });

  it('takes the first of repeated rows: an identical repeat is a duplicate, a different one a conflict, in one batch or across batches', async () => {
    const [person] = family(1, 'UP902') as [Person];
    expect(
      await people.upsert(
        [
          { person, row: 2 },
          { person, row: 3 },
          { person: { ...person, name: 'Other Name' }, row: 4 },
        ],
        'import-4',
      ),
    ).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      conflicts: [{ row: 4, otherRow: 2 }],
    });
    // A later chunk of the same file meets the same person again.
    expect(
      await people.upsert(
        [
          { person, row: 90 },
          { person: { ...person, name: 'Third Name' }, row: 91 },
        ],
        'import-4',
      ),
    ).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
      duplicates: 1,
      conflicts: [{ row: 91, otherRow: 90 }],
    });
    expect(await people.getPerson('pmjay', person.personId)).toMatchObject({ name: 'Member 1' });
  });

  it('lists a roster scope across its shards, and marks people removed once, keeping them', async () => {
    const scope = { scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families' as const };
    const listed = [];
    for await (const person of people.inScope(scope)) listed.push(person.personId);
    expect(listed.filter((id) => id.startsWith('rc:UP900:'))).toHaveLength(130);
    expect(new Set(listed).size).toBe(listed.length);

    expect(await people.markRemoved(scope, ['rc:UP901:01', 'rc:UP901:02'], 'import-6', '2026-11-24T10:00:00.000Z')).toBe(2);
    expect(await people.markRemoved(scope, ['rc:UP901:01'], 'import-6', '2026-11-24T10:00:00.000Z')).toBe(0);
    expect(await people.getPerson('pmjay', 'rc:UP901:01')).toMatchObject({
      status: 'removed',
      previousStatus: 'active',
      removedByImport: 'import-6',
    });
    // Back on a later roster: written again as it is there.
    expect(await people.upsert(asRows(family(1, 'UP901')), 'import-7')).toEqual(counts(0, 1, 0));
    expect(await people.getPerson('pmjay', 'rc:UP901:01')).toMatchObject({ status: 'active' });
  });

  it('two chunks that read the same person before either writes: one inserts, the other counts a duplicate or a conflict', async () => {
    // Every read is held until both chunks have read, so both see the people absent: the interleaving that
    // counted a repeat in the next chunk as a second new person.
    let reads = 0;
    let bothRead: () => void = () => undefined;
    const barrier = new Promise<void>((resolve) => (bothRead = resolve));
    const heldReads = new Proxy(env.documents, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
          const answer = await target.send(command as never);
          if (command instanceof BatchGetCommand && reads < 2) {
            reads += 1;
            if (reads === 2) bothRead();
            await barrier;
          }
          return answer;
        };
      },
    });
    const racing = new DynamoDbPeople(heldReads, env.endpoints.dynamodb.table);
    const [repeated, conflicting, ...others] = family(6, 'UP904') as [Person, Person, ...Person[]];
    const chunkA = [{ person: repeated, row: 2 }, { person: conflicting, row: 3 }, ...asRows(others.slice(0, 2), 4)];
    const chunkB = [
      { person: repeated, row: 102 },
      { person: { ...conflicting, name: 'Other Name' }, row: 103 },
      ...asRows(others.slice(2), 104),
    ];
    const [a, b] = await Promise.all([racing.upsert(chunkA, 'import-8'), racing.upsert(chunkB, 'import-8')]);
    expect(reads).toBe(2);
    // Whichever chunk wrote first keeps its rows; the other counts the identical row a duplicate, the different one a conflict.
    expect(a.inserted + b.inserted).toBe(6);
    expect(a.duplicates + b.duplicates).toBe(1);
    expect([...a.conflicts, ...b.conflicts]).toHaveLength(1);
    const stored = await people.getPerson('pmjay', conflicting.personId);
    const [conflict] = [...a.conflicts, ...b.conflicts];
    expect(stored?.name).toBe(conflict?.row === 103 ? 'Member 2' : 'Other Name');
    // The chunk that lost, run again after a crash, counts what it counted the first time.
    const loser = a.duplicates === 1 ? chunkA : chunkB;
    expect(await people.upsert(loser, 'import-8')).toEqual(a.duplicates === 1 ? a : b);
  });
});
