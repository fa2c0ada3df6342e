// One run of the CLI: parse the command line, find the API, run the command, and turn whatever stops it into
// a message and an exit code (0 done, 1 refused or failed, 2 a command line that does not fit).
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from './api.js';
import { helpText, optional, parseCommandLine } from './args.js';
import { resolveConnection } from './connection.js';
import { ApiError, CliError } from './errors.js';
import type { Command, Io } from './context.js';
import { executions } from './commands/executions.js';
import { importRoster } from './commands/import.js';
import { keys } from './commands/keys.js';
import { redrive } from './commands/redrive.js';
import { report } from './commands/report.js';
import { status } from './commands/status.js';
import { verify } from './commands/verify.js';

const handlers: Record<string, Command> = { status, executions, redrive, import: importRoster, report, verify, keys };

/** Commands that work on the embedded stack's files, not through the API: they need no connection. */
const offline = new Set(['keys']);

const readIfExists = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The lines an error prints: the API's code and message, and which fields a validation error names. */
export const errorLines = (error: CliError): string[] => {
  const lines = [`error: ${error.code}: ${error.message}${error instanceof ApiError ? ` (HTTP ${error.status})` : ''}`];
  const fields = error instanceof ApiError ? error.details?.fields : undefined;
  if (Array.isArray(fields)) {
    for (const field of fields as { field?: unknown; problem?: unknown }[])
      lines.push(`  ${String(field.field)}: ${String(field.problem)}`);
  }
  return lines;
};

export const run = async (argv: readonly string[], io: Io): Promise<number> => {
  const context = { now: () => Date.now(), sleep: (ms: number) => sleep(ms).then(() => undefined), ...io };
  let asJson = false;
  try {
    const parsed = parseCommandLine(argv);
    asJson = parsed.values.json === true;
    if (parsed.command === undefined || parsed.values.help === true) {
      io.stdout.write(helpText(parsed.command));
      return 0;
    }
    if (offline.has(parsed.command.name)) {
      return await (handlers[parsed.command.name] as Command)({
        command: parsed.command,
        api: undefined as never,
        values: parsed.values,
        positionals: parsed.positionals,
        json: asJson,
        io: context,
      });
    }
    const connection = resolveConnection(
      {
        api: optional(parsed.values, 'api'),
        token: optional(parsed.values, 'token'),
        role: optional(parsed.values, 'role'),
        dataDir: optional(parsed.values, 'data-dir'),
      },
      io.env,
      io.cwd,
      readIfExists,
    );
    const handler = handlers[parsed.command.name] as Command;
    return await handler({
      command: parsed.command,
      api: new ApiClient(connection.apiUrl, connection.token),
      values: parsed.values,
      positionals: parsed.positionals,
      json: asJson,
      io: context,
    });
  } catch (error) {
    if (!(error instanceof CliError)) {
      io.stderr.write(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
      return 1;
    }
    io.stderr.write(`${errorLines(error).join('\n')}\n`);
    if (asJson)
      io.stdout.write(
        `${JSON.stringify({ error: { code: error.code, message: error.message, ...(error instanceof ApiError ? { status: error.status, details: error.details } : {}) } })}\n`,
      );
    return error.exitCode;
  }
};
