// `healthcard …` spawned as a process, as an admin runs it: the bin's own shim, Node from this run, a bare
// environment (PATH, and HOME the working folder unless `env` says otherwise). What it printed goes to the whole
// run's privacy scan.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../local/stack.js';
import { recordCapture } from './privacy.js';

/** The options that name a PM-JAY ration-card roster of a district, as an admin types them. */
export const familyRosterOptions = (district: string) => ['--scheme', 'pmjay', '--district', district, '--type', 'ration-card-families'];

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Killed (SIGKILL) if still running after `timeoutMs`. */
export const runHealthcard = (
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs: number },
): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'cli/bin/healthcard.js'), ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      recordCapture(`healthcard ${args[0] ?? ''}`, `${stdout}\n${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
