// A 200,000-row roster import, the embedded stack killed outright in the middle of it (SIGKILL to the whole
// process group: node, DynamoDB Local's JVM), then started again on the same data: the execution resumes, the
// import completes, its counts are those of one clean run, and the table holds each row exactly once.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDbPeople } from '../../functions/adapters/dynamodb-people.js';
import { rosterHeader, rosterLine } from '../../bench/roster-file.js';
import { eventually } from '../support/eventually.js';
import { killHard, killLeftovers, pressCtrlC, startEmbedded } from '../support/processes.js';
import { rosterClient } from '../support/rosters.js';
import { connectTo } from '../support/stack.js';

const rows = 200_000;
// DynamoDB Local keeps its data in SQLite: on a RAM-backed directory its fsyncs cost nothing, and a 200,000-row
// import takes minutes instead of many. The crash and the resume are the same on any file system.
const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'healthcard-import-restart-'));
// 1 MiB chunks: about 27 of them, so the kill lands with some done, some running and some not started.
const env = { IMPORT_CHUNK_BYTES: String(1024 * 1024), IMPORT_CONCURRENCY: '3' };

afterAll(() => {
  killLeftovers(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('roster import across a crash', () => {
  it('completes a 200,000-row import after a kill and a restart, each row once', async () => {
    const key = 'rosters/pmjay/Lucknow/ration-card-families/district roster.csv';
    const file = `\uFEFF${rosterHeader}\r\n${Array.from({ length: rows }, (_, index) => rosterLine(index)).join('\r\n')}\r\n`;

    const first = await startEmbedded(dataDir, { viaNpm: false, env });
    let client = connectTo(first.endpoints);
    let rosters = rosterClient(client);
    await rosters.upload(key, file);
    const importRecord = (documents = client.documents, table = first.endpoints.dynamodb.table) =>
      documents
        .send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': 'IMPORTS#Lucknow' },
          }),
        )
        .then(({ Items = [] }) => Items.find((item) => item.key === key));
    const midway = await eventually(
      'the import to be part way',
      async () => {
        const record = await importRecord();
        const done = Number(record?.chunksDone ?? 0);
        return done >= 3 && done < Number(record?.chunks ?? 0) - 3 ? record : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    rosters.close();
    client.disconnect();
    await killHard(first, dataDir);

    const second = await startEmbedded(dataDir, { viaNpm: false, env });
    client = connectTo(second.endpoints);
    rosters = rosterClient(client);
    try {
      const done = await rosters.finished('Lucknow', key, 1, 400_000);
      expect(done.importId).toBe(midway.importId);
      expect(done.counts).toEqual({ read: rows, inserted: rows, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, removed: 0 });
      expect(done.progress).toMatchObject({ chunksDone: done.progress.chunks, percent: 100 });
      expect(done.eligibleAfter).toBe(rows);

      // One execution, resumed, not a second one.
      const { executions = [] } = await client.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: second.endpoints.stepFunctions.stateMachines.rosterImport }),
      );
      expect(executions.map((execution) => [execution.name, execution.status])).toEqual([[done.importId, 'SUCCEEDED']]);

      // Each row once: every natural key present, none twice, and every item written by this import.
      const people = new DynamoDbPeople(client.documents, second.endpoints.dynamodb.table);
      const ids = new Set<string>();
      let listed = 0;
      for await (const person of people.inScope({ scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families' })) {
        listed += 1;
        ids.add(person.personId);
        expect(person.importId).toBe(done.importId);
      }
      expect(listed).toBe(rows);
      expect(ids.size).toBe(rows);
      const last = await client.documents.send(
        new GetCommand({
          TableName: second.endpoints.dynamodb.table,
          Key: { pk: `PERSON#pmjay#rc:UP${String(Math.floor((rows - 1) / 5)).padStart(10, '0')}:05`, sk: 'PERSON' },
        }),
      );
      expect(last.Item).toMatchObject({ importRow: rows + 1, status: 'active' });
    } finally {
      rosters.close();
      client.disconnect();
      await pressCtrlC(second, dataDir);
    }
  }, 600_000);
});
