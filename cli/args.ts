// The command line: `healthcard <command> [arguments] [options]`, parsed with node:util parseArgs against each
// command's declared options (strict: an unknown option or a missing value is a usage error, exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { rosterTypes } from '../functions/core/schemes.js';
import { executionStatuses, workflowNames } from '../functions/api/schemas.js';

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string; readonly description: string; readonly value?: string };

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
}

/** `a, b or c`: a list of choices in help text. */
const choiceList = (choices: readonly string[]): string =>
  choices.length < 2 ? choices.join('') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;

export const globalOptions: Readonly<Record<string, OptionSpec>> = {
  api: { type: 'string', value: 'URL', description: 'API base URL (or HEALTHCARD_API_URL); default: the embedded stack in endpoints.json' },
  token: {
    type: 'string',
    value: 'T',
    description: 'Bearer token (or HEALTHCARD_TOKEN); default: a development token from endpoints.json',
  },
  role: { type: 'string', value: 'ROLE', description: 'Which development token of endpoints.json (default district-admin)' },
  'data-dir': { type: 'string', value: 'DIR', description: 'Where endpoints.json is (default .data, or HEALTHCARD_DATA_DIR)' },
  json: { type: 'boolean', description: 'Print JSON on stdout, for scripts' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
};

export const commands: readonly CommandSpec[] = [
  {
    name: 'status',
    usage: 'healthcard status [--district D]',
    summary: "The stack's health, who you are, and the campaigns at a glance: saturation, pending approvals, failed executions",
    positionals: [],
    options: { district: { type: 'string', value: 'D', description: 'One of your districts (default: each of them)' } },
    examples: ['healthcard status', 'healthcard status --role state-admin --json'],
  },
  {
    name: 'executions',
    usage: 'healthcard executions [--status S] [--workflow W] [--district D] [--from T] [--to T]',
    summary: 'Workflow executions from the ledger, newest first, every page',
    positionals: [],
    options: {
      status: { type: 'string', value: 'S', description: choiceList(executionStatuses) },
      workflow: { type: 'string', value: 'W', description: `${choiceList(workflowNames)} (default registration)` },
      district: { type: 'string', value: 'D', description: 'One district (a district admin with several must say which)' },
      from: { type: 'string', value: 'T', description: 'Started at or after: a day in IST (2026-11-24) or an instant' },
      to: { type: 'string', value: 'T', description: 'Started at or before: a day in IST (its end) or an instant' },
      max: { type: 'string', value: 'N', description: 'Stop after N executions (default 1000)' },
    },
    examples: ['healthcard executions --status FAILED', 'healthcard executions --workflow rosterImport --from 2026-11-24 --json'],
  },
  {
    name: 'redrive',
    usage: 'healthcard redrive <name> [--workflow W] [--wait SECONDS]',
    summary: 'Run a failed, timed-out or stopped execution again from the state it stopped in, and follow it',
    positionals: ['name'],
    options: {
      workflow: { type: 'string', value: 'W', description: `${choiceList(workflowNames)} (default registration)` },
      wait: { type: 'string', value: 'SECONDS', description: 'How long to follow it while it runs (default 60)' },
    },
    examples: ['healthcard redrive 3f0c2d9e-…', 'healthcard redrive 0a1b… --workflow rosterImport'],
  },
  {
    name: 'import',
    usage: 'healthcard import <file> --scheme S --district D --type T [--full-snapshot] [--out DIR] [--wait SECONDS]',
    summary: 'Upload a roster file (.csv or .xlsx) through the API and follow its import to the end',
    positionals: ['file'],
    options: {
      scheme: { type: 'string', value: 'S', description: 'pmjay, up-sects, …' },
      district: { type: 'string', value: 'D', description: 'The district the rows are of' },
      type: { type: 'string', value: 'T', description: `The roster type: ${choiceList(rosterTypes)}` },
      'full-snapshot': { type: 'boolean', description: 'The file lists the whole roster: people it leaves out are marked removed' },
      out: { type: 'string', value: 'DIR', description: 'Save the rejects report there' },
      wait: { type: 'string', value: 'SECONDS', description: 'How long to follow the import (default 1800)' },
    },
    examples: [
      'healthcard import nfsa-march.csv --scheme pmjay --district Lucknow --type ration-card-families',
      'healthcard import ddo-lko.xlsx --scheme up-sects --district Lucknow --type employees --full-snapshot',
    ],
  },
  {
    name: 'verify',
    usage:
      'healthcard verify [--accepted FILE] [--roster FILE --scheme S --district D --type T [--full-snapshot] [--import ID]] [--counts --campaign ID --district D]',
    summary:
      "Reconcile: every accepted registration found with a status and one execution, every roster row accounted for once, a campaign's counts equal to its registrations",
    positionals: [],
    options: {
      accepted: {
        type: 'string',
        value: 'FILE',
        description: 'The registrations a client was answered for: one a line, registrationId[,idempotencyKey]',
      },
      roster: { type: 'string', value: 'FILE', description: 'A roster file (.csv or .xlsx) that was imported' },
      scheme: { type: 'string', value: 'S', description: 'With --roster: pmjay, up-sects, …' },
      district: {
        type: 'string',
        value: 'D',
        description: 'With --roster: the district it was imported for; with --counts: the district counted',
      },
      type: { type: 'string', value: 'T', description: `With --roster: ${choiceList(rosterTypes)}` },
      'full-snapshot': { type: 'boolean', description: 'With --roster: it was uploaded as a full snapshot (named .full)' },
      import: { type: 'string', value: 'ID', description: 'With --roster: this import of the file (default: the newest)' },
      counts: {
        type: 'boolean',
        description: "A campaign's progress counts against its registrations, recounted (reads every registration of the scheme)",
      },
      campaign: { type: 'string', value: 'ID', description: 'With --counts: the campaign (healthcard status lists them)' },
    },
    examples: [
      'healthcard verify --accepted accepted.txt',
      'healthcard verify --roster nfsa-march.csv --scheme pmjay --district Lucknow --type ration-card-families --json',
      'healthcard verify --counts --campaign 5c0d8e1f2a3b4c5d --district Lucknow',
    ],
  },
  {
    name: 'report',
    usage: 'healthcard report daily --campaign ID --date YYYY-MM-DD [--out DIR]',
    summary: 'The daily block-wise report of a campaign as at the end of a day (IST): figures, and its CSV and PDF saved',
    positionals: ['kind'],
    options: {
      campaign: { type: 'string', value: 'ID', description: 'The campaign id (healthcard status lists them)' },
      date: { type: 'string', value: 'YYYY-MM-DD', description: 'The day, in IST (today: as at now)' },
      out: { type: 'string', value: 'DIR', description: 'Where to save the CSV and PDF (default: the current directory)' },
    },
    examples: ['healthcard report daily --campaign 5c0d8e1f2a3b4c5d --date 2026-11-30 --out reports/'],
  },
  {
    name: 'keys',
    usage: 'healthcard keys rotate [--key-file FILE]',
    summary:
      "Rotate the embedded stack's card-signing key: a new key signs from now on, the old one's public half stays published (on AWS: docs/card.md)",
    positionals: ['action'],
    options: {
      'key-file': {
        type: 'string',
        value: 'FILE',
        description: "The stack's card key file (default: keys/card-signing-key.json in the data directory)",
      },
    },
    examples: ['healthcard keys rotate', 'healthcard keys rotate --data-dir .data --json'],
  },
];

export interface Parsed {
  readonly command: CommandSpec | undefined;
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
}

export const parseCommandLine = (argv: readonly string[]): Parsed => {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help')
    return { command: undefined, positionals: [], values: { help: true } };
  const command = commands.find((candidate) => candidate.name === first);
  if (command === undefined)
    throw new UsageError({
      message: `Unknown command "${first}". Commands: ${commands.map((candidate) => candidate.name).join(', ')} (healthcard --help).`,
    });
  const options = { ...globalOptions, ...command.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short === undefined ? {} : { short: spec.short }) },
        ]),
      ) as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError({ message: `${error instanceof Error ? error.message : String(error)} (healthcard ${command.name} --help)` });
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help !== true && parsed.positionals.length !== command.positionals.length) {
    throw new UsageError({ message: `Usage: ${command.usage}` });
  }
  return { command, positionals: parsed.positionals, values };
};

const optionLines = (options: Readonly<Record<string, OptionSpec>>): string[] => {
  const entries = Object.entries(options).map(
    ([name, spec]) =>
      [
        `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`,
        spec.description,
      ] as const,
  );
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`);
};

export const helpText = (command: CommandSpec | undefined): string => {
  if (command === undefined) {
    const width = Math.max(...commands.map((candidate) => candidate.name.length));
    return [
      'healthcard — the admin CLI of healthcard-pipeline',
      '',
      'Usage: healthcard <command> [options]',
      '',
      'Commands:',
      ...commands.map((candidate) => `  ${candidate.name.padEnd(width)}  ${candidate.summary}`),
      '',
      'Options for every command:',
      ...optionLines(globalOptions),
      '',
      'Without --api/--token it talks to the embedded stack of this directory (.data/endpoints.json, written by',
      "npm start) as its district admin. Errors print the API's code and message; the exit code is 1 (2 for a",
      'command line that does not fit). healthcard <command> --help for more; docs/cli.md for everything.',
      '',
    ].join('\n');
  }
  return [
    `${command.summary}.`,
    '',
    `Usage: ${command.usage}`,
    '',
    ...(Object.keys(command.options).length === 0 ? [] : ['Options:', ...optionLines(command.options), '']),
    'Options for every command:',
    ...optionLines(globalOptions),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
};

/** A string option that must be given. */
export const required = (values: Parsed['values'], name: string, command: CommandSpec): string => {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError({ message: `--${name} is required. Usage: ${command.usage}` });
  return value;
};

/** A required option that must be one of `choices` (a list the API's schemas are built from too). */
export const requiredChoice = <T extends string>(
  values: Parsed['values'],
  name: string,
  choices: readonly T[],
  command: CommandSpec,
): T => {
  const value = required(values, name, command);
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError({ message: `--${name} ${value}: one of ${choices.join(', ')}.` });
  return value as T;
};

export const optional = (values: Parsed['values'], name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

export const seconds = (values: Parsed['values'], name: string, fallback: number): number => {
  const value = optional(values, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError({ message: `--${name} ${value}: a number of seconds.` });
  return parsed;
};

export const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T): T => {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError({ message: `--${name} ${value}: one of ${allowed.join(', ')}.` });
  return value as T;
};
