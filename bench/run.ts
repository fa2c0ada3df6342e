// `npm run bench` runs every benchmark, one after another, each in a process of its own;
// `npm run bench -- <name> [flags]` runs one, passing the flags on (e.g. `npm run bench -- registrations --count 100`).
// Each prints its figures and writes bench/results/<name>.json (gitignored).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../local/stack.js';

/** In the order a full run takes them: quick and quiet first. */
const benchmarks = {
  'cold-start': 'bundle sizes and init time of every function beside a bare bundle',
  transitions: 'state transitions and resources per registration path and per roster file, in dollars per 1,000',
  registrations: '1,000 registrations by 50 applicants at once, beside the storage ceiling of the same run',
  load: 'open waits, a burst into hot counters with a roster import meanwhile, the waits released',
  import: '100,000- and 1,000,000-row rosters imported, beside the csv-parse and BatchWriteItem ceilings',
  revocations: 'the signed revocation list for 1 crore cards with 1% revoked: its size, and encode/sign/verify times',
  scale: "the scale plan's arithmetic for 20 lakh and 1 crore a day, from transitions' figures and bench/quotas.json",
} as const;
type Name = keyof typeof benchmarks;

const [name, ...flags] = process.argv.slice(2);
const isName = (value: string | undefined): value is Name => value !== undefined && Object.hasOwn(benchmarks, value);

if (name !== undefined && !isName(name)) {
  console.error(
    `No benchmark "${name}". Choose one of:\n${Object.entries(benchmarks)
      .map(([key, what]) => `  ${key.padEnd(14)} ${what}`)
      .join('\n')}`,
  );
  process.exit(2);
}

const run = (benchmark: Name, args: readonly string[]) => {
  console.log(`\n=== bench/${benchmark}: ${benchmarks[benchmark]}`);
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), join(projectRoot, `bench/${benchmark}.ts`), ...args],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  return result.status ?? 1;
};

if (name !== undefined) process.exit(run(name, flags));
const failed = (Object.keys(benchmarks) as Name[]).filter((benchmark) => run(benchmark, []) !== 0);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
