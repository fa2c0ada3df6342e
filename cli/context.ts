// What a command runs with: its parsed command line, the API client, and the process around it (streams,
// clock, sleep), passed in so the commands run the same under a test as in a terminal.
import type { ApiClient } from './api.js';
import type { CommandSpec, Parsed } from './args.js';

export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CommandContext {
  /** The command being run, as the command line named it (its usage, for messages). */
  readonly command: CommandSpec;
  readonly api: ApiClient;
  readonly values: Parsed['values'];
  readonly positionals: Parsed['positionals'];
  readonly json: boolean;
  readonly io: Required<Io>;
}

export type Command = (context: CommandContext) => Promise<number>;
