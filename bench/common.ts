// What the benchmarks share: where results go, the machine's load while measuring, percentiles.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pMap from 'p-map';
import { projectRoot } from '../local/stack.js';

export const resultsDir = join(projectRoot, 'bench/results');

/** The machine as it was while measuring: other sessions share it, so figures carry the load they ran under. */
export const machine = () => ({
  node: process.version,
  cpus: cpus().length,
  loadAverage1m5m15m: loadavg().map((load) => +load.toFixed(2)),
});

/** Writes bench/results/<name>.json (gitignored) and says so. */
export const writeResults = (name: string, figures: Record<string, unknown>): string => {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  console.log(`written to bench/results/${name}.json`);
  return file;
};

/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
};

export const median = (samples: readonly number[]) => percentile(samples, 50);

export const round = (value: number, digits = 1) => +value.toFixed(digits);

export const timed = async <T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> => {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
};

/** `run` over `items`, `workers` at a time (p-map); each failure's message kept, the others carry on. */
export const pool = async <T>(items: readonly T[], workers: number, run: (item: T) => Promise<void>): Promise<string[]> => {
  const failures: string[] = [];
  await pMap(
    items,
    async (item) => {
      try {
        await run(item);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    },
    { concurrency: Math.max(1, workers) },
  );
  return failures;
};
