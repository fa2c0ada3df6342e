// The embedded stack as its own process group, the way `npm start` runs it: started on a data directory,
// stopped with Ctrl-C (SIGINT to the group) or killed outright (SIGKILL to the group), and checked for leftovers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoints } from '../../local/stack.js';
import { projectRoot } from '../../local/stack.js';
import { eventually } from './eventually.js';
import { executionsOnDisk, recordCapture } from './privacy.js';

export interface Started {
  readonly child: ChildProcess;
  readonly endpoints: Endpoints;
  readonly output: () => string;
}

/** `npm start -- --data-dir DIR` (or tsx local/main.ts directly), every port free, serving within 30 s. */
export const startEmbedded = async (
  dataDir: string,
  options: { viaNpm?: boolean; env?: Record<string, string> } = {},
): Promise<Started> => {
  const endpointsFile = join(dataDir, 'endpoints.json');
  const [command, args] =
    options.viaNpm === false
      ? [process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'local/main.ts', '--data-dir', dataDir]]
      : ['npm', ['start', '--', '--data-dir', dataDir]];
  const child = spawn(command, args, {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HEALTHCARD_API_PORT: '0',
      HEALTHCARD_SFN_PORT: '0',
      HEALTHCARD_DYNAMODB_PORT: '0',
      HEALTHCARD_S3_PORT: '0',
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // The acceptance bound: serving within 30 s of `npm start`.
  const endpoints = await eventually(
    'npm start to serve /health',
    async () => {
      if (!existsSync(endpointsFile)) return undefined;
      const written = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Endpoints;
      const health = await fetch(written.api.health);
      return health.status === 200 ? written : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  return { child, endpoints, output: () => output };
};

/** Processes whose command line names the data directory: the stack's node and its Java child. */
export const processesUsingDataDir = (dataDir: string): string[] =>
  spawnSync('pgrep', ['-af', dataDir], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('pgrep'));

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const stopGroup = async ({ child, endpoints, output }: Started, dataDir: string, signal: 'SIGINT' | 'SIGKILL') => {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-(child.pid as number), signal);
  await exited;
  // What the process printed and the executions it kept on disk, for the whole run's privacy scan.
  recordCapture(`npm start, stopped with ${signal}`, output(), executionsOnDisk(dataDir));
  await eventually(
    'every process of the stack to end',
    () => (processesUsingDataDir(dataDir).length === 0 && !isAlive(endpoints.dynamodb.pid) ? true : undefined),
    {
      timeoutMs: 15_000,
    },
  );
};

/**
 * Ctrl-C: the terminal sends SIGINT to the whole foreground process group. npm itself ends by the signal;
 * the stack under it must stop in order (its message says so) and leave nothing running.
 */
export const pressCtrlC = async (started: Started, dataDir: string) => {
  await stopGroup(started, dataDir, 'SIGINT');
  return started.output();
};

/** A power cut, as near as a test gets: SIGKILL to every process of the group, no cleanup at all. */
export const killHard = (started: Started, dataDir: string) => stopGroup(started, dataDir, 'SIGKILL');

/** After a test: nothing of this data directory may keep running. */
export const killLeftovers = (dataDir: string) => {
  for (const line of processesUsingDataDir(dataDir)) {
    const pid = Number(line.trim().split(' ')[0]);
    if (Number.isInteger(pid)) process.kill(pid, 'SIGKILL');
  }
};
