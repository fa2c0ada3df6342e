// Persistence for the local Step Functions service: one JSON file per execution, replaced atomically on every
// change, so a stopped (or killed) stack finds each execution where it was, waiting tokens included.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from './definition.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A history event in the shape GetExecutionHistory returns (timestamp in epoch milliseconds here). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** The top-level state an execution is in: where it resumes after a restart or a redrive. */
export interface Position {
  stateName: string;
  /** The state's raw input as it was entered (before InputPath/Parameters). */
  input: JsonValue;
  enteredAt: number;
  /** Callback token, once minted for this state. */
  token?: string;
  /** The callback task's function returned: on resume, wait for the token without invoking it again. */
  submitted?: boolean;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  position?: Position;
  /** Where a failed, timed-out or aborted execution stopped: a redrive starts there again. */
  stoppedAt?: Position;
  redriveCount?: number;
  /** Tokens of callback tasks that ended (completed, failed, timed out, or their execution stopped). */
  closedTokens: string[];
  /** The last status change the listener took (`<status>#<redriveCount>`): a restart delivers any it did not. */
  announced?: string;
}

export interface ExecutionStore {
  loadAll(): ExecutionRecord[];
  save(record: ExecutionRecord): void;
}

export class MemoryExecutionStore implements ExecutionStore {
  loadAll(): ExecutionRecord[] {
    return [];
  }
  save(): void {
    // Records live in the service's own map; nothing outlives the process.
  }
}

export class DirectoryExecutionStore implements ExecutionStore {
  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true });
  }

  loadAll(): ExecutionRecord[] {
    return readdirSync(this.directory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(join(this.directory, file), 'utf8')) as ExecutionRecord);
  }

  save(record: ExecutionRecord): void {
    const file = join(this.directory, `${createHash('sha256').update(record.executionArn).digest('hex').slice(0, 32)}.json`);
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, file);
  }
}
