// The progress aggregator's pure part, fed stream records shaped as DynamoDB Streams documents them (Lambda's
// DynamoDBRecord: eventName INSERT / MODIFY / REMOVE, dynamodb.Keys / NewImage / OldImage as AttributeValues,
// SequenceNumber as decimal text). The expected figures are the scenario's, counted by hand below.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { registrationChangesOf } from '../../functions/adapters/dynamodb-progress.js';
import { chunkChanges, mergeDeltas, type CountDelta } from '../../functions/core/progress.js';

const streamArn = 'arn:aws:dynamodb:ap-south-1:123456789012:table/healthcard-registry/stream/2026-12-01T00:00:00.000';
const mobile = '9876543210';

type Item = Record<string, unknown>;
const registration = (id: string, personId: string, place: Item, fields: Item): Item => ({
  pk: `REG#${id}`,
  sk: 'REG',
  kind: 'registration',
  registrationId: id,
  scheme: 'up-sects',
  personId,
  rosterType: 'employees',
  mobile,
  aadhaarToken: 'hmac-token-of-the-aadhaar',
  aadhaarLast4: '7058',
  createdAt: '2026-12-03T04:00:00.000Z',
  ...place,
  ...fields,
});

let sequence = 95;
/** One record as Lambda delivers it; sequence numbers grow past a power of ten (95 ... 104) on purpose. */
const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', before: Item | undefined, after: Item | undefined): DynamoDBRecord => {
  const item = (after ?? before) as Item;
  sequence += 1;
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ap-south-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: 1_764_734_400,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      ...(before === undefined ? {} : { OldImage: marshall(before, { removeUndefinedValues: true }) as never }),
      ...(after === undefined ? {} : { NewImage: marshall(after, { removeUndefinedValues: true }) as never }),
      SequenceNumber: String(sequence),
      SizeBytes: 512,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
};

const mal = { district: 'Lucknow', block: 'Mal', village: 'Rampur', ddoCode: 'DDO-LKO-0001' };
const bkt = { district: 'Lucknow', block: 'Bakshi Ka Talab', department: 'Education' };
const at = (time: string) => ({ updatedAt: `2026-12-03T${time}:00.000Z` });

// r1: started, mobile verified, waiting for approval since 3 December; r2: started, blocked (Aadhaar without a
// mobile); r3: started, expired, and the same person started again (r4), which supersedes r3. An audit event
// of r1 is on the stream too, and is no registration.
const r1 = registration('r1', 'emp:1', mal, { status: 'STARTED', progressKey: 'STARTED', ...at('04:00') });
const r1b = { ...r1, status: 'MOBILE_VERIFIED', progressKey: 'MOBILE_VERIFIED', ...at('04:05') };
const r1c = { ...r1b, status: 'PENDING_APPROVAL', progressKey: 'PENDING_APPROVAL@2026-12-03', ...at('04:20') };
const r2 = registration('r2', 'emp:2', mal, { status: 'STARTED', progressKey: 'STARTED', ...at('04:01') });
const r2b = { ...r2, status: 'EKYC_BLOCKED', progressKey: 'EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED', ...at('04:30') };
const r3 = registration('r3', 'emp:3', bkt, { status: 'STARTED', progressKey: 'STARTED', ...at('04:02') });
const r3b = { ...r3, status: 'EXPIRED', progressKey: 'EXPIRED:STARTED', ...at('04:40') };
const r3c = { ...r3b, supersededBy: 'r4', supersededAt: '2026-12-03T05:00:00.000Z' };
const r4 = registration('r4', 'emp:3', bkt, {
  status: 'STARTED',
  progressKey: 'STARTED',
  createdAt: '2026-12-03T05:00:00.000Z',
  ...at('05:00'),
});
const audit = { pk: 'REG#r1', sk: 'AUDIT#2026-12-03T04:05:00.000Z#a1b2c3', kind: 'audit', from: 'STARTED', to: 'MOBILE_VERIFIED' };

const records = [
  record('INSERT', undefined, r1),
  record('INSERT', undefined, r2),
  record('MODIFY', r1, r1b),
  record('INSERT', undefined, audit),
  record('INSERT', undefined, r3),
  record('MODIFY', r1b, r1c),
  record('MODIFY', r2, r2b),
  record('MODIFY', r3, r3b),
  record('INSERT', undefined, r4),
  record('MODIFY', r3b, r3c),
];

/** The net count per `<running|day> <district> <slot> <key>`, zeros left out. */
const figures = (deltas: readonly CountDelta[]) => {
  const sum: Record<string, number> = {};
  for (const delta of mergeDeltas(deltas))
    for (const [key, value] of Object.entries(delta.deltas))
      sum[`${delta.day ?? 'running'} ${delta.district} ${delta.slot} ${key}`] = value;
  return sum;
};

// Counted by hand from the scenario: Mal has r1 waiting and r2 blocked; Bakshi Ka Talab has r4 started (r3 no
// longer counts). The same in Mal's village and DDO, and in Bakshi Ka Talab's department; today's change equals
// the running counts, everything having happened today (IST).
const expected = {
  'running Lucknow block#Mal PENDING_APPROVAL@2026-12-03': 1,
  'running Lucknow block#Mal EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED': 1,
  'running Lucknow village#Mal / Rampur PENDING_APPROVAL@2026-12-03': 1,
  'running Lucknow village#Mal / Rampur EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED': 1,
  'running Lucknow ddo#DDO-LKO-0001 PENDING_APPROVAL@2026-12-03': 1,
  'running Lucknow ddo#DDO-LKO-0001 EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED': 1,
  'running Lucknow block#Bakshi Ka Talab STARTED': 1,
  'running Lucknow department#Education STARTED': 1,
  '2026-12-03 Lucknow block#Mal PENDING_APPROVAL@2026-12-03': 1,
  '2026-12-03 Lucknow block#Mal EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED': 1,
  '2026-12-03 Lucknow block#Bakshi Ka Talab STARTED': 1,
};

describe('the progress aggregator, from DynamoDB Streams records', () => {
  const changes = registrationChangesOf(records);

  it('counts each person once, where their latest registration is, in the running counts and the day', () => {
    const chunks = chunkChanges(changes, undefined, 99);
    expect(chunks).toHaveLength(1);
    expect(figures(chunks.flatMap((chunk) => chunk.counts))).toEqual(expected);
    expect(chunks[0]?.first).toBe('96');
    expect(chunks[0]?.last).toBe('105');
    expect(chunks[0]?.through).toBe('2026-12-03T05:00:00.000Z');
  });

  it('keeps no record of other items, and nothing of a registration beyond what it counts (no mobile, no Aadhaar token)', () => {
    expect(changes).toHaveLength(9);
    const kept = JSON.stringify(changes);
    expect(kept).not.toContain(mobile);
    expect(kept).not.toContain('hmac-token-of-the-aadhaar');
    expect(kept).not.toContain('7058');
  });

  it('skips what the checkpoint holds, comparing sequence numbers as numbers (99 < 100)', () => {
    expect(chunkChanges(changes, '105', 99)).toEqual([]);
    // Applied up to 99 (r1, r2, r1 verified; the audit record): the rest is what remains, r1's second move first.
    const rest = chunkChanges(changes, '99', 99);
    expect(rest.map((chunk) => chunk.first)).toEqual(['100']);
    const applied = chunkChanges(
      changes.filter((change) => BigInt(change.sequence) <= 99n),
      undefined,
      99,
    );
    expect(figures([...applied, ...rest].flatMap((chunk) => chunk.counts))).toEqual(expected);
  });

  it('cuts a batch into chunks in stream order whose merged items fit a transaction, adding up to the same figures', () => {
    const chunks = chunkChanges(changes, undefined, 6);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.counts.length).toBeLessThanOrEqual(6);
    expect(chunks.flatMap((chunk) => chunk.changes.map((change) => change.sequence))).toEqual(changes.map((change) => change.sequence));
    expect(figures(chunks.flatMap((chunk) => chunk.counts))).toEqual(expected);
  });

  it('takes a removed registration out of the counts', () => {
    const removal = registrationChangesOf([record('REMOVE', r4, undefined)]);
    expect(
      figures([...chunkChanges(changes, undefined, 99), ...chunkChanges(removal, undefined, 99)].flatMap((chunk) => chunk.counts)),
    ).toEqual(Object.fromEntries(Object.entries(expected).filter(([name]) => !name.includes('STARTED'))));
  });
});
