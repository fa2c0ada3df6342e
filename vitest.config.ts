import { defineConfig } from 'vitest/config';

// Five projects, one per kind of test (DESIGN.md): unit (pure, no network), integration (the embedded stack,
// real ASL), infra (CDK Template assertions), e2e (the dashboard in Debian's Chromium against the embedded
// stack, after those: groupOrder 1), and privacy, last (groupOrder 2): it reads what every stack of the run
// logged and kept of every execution, and finds no Aadhaar number, OTP or mobile number used anywhere
// (test/support/privacy.ts). Every wait in a test has a deadline.
// Test output is quiet: each test file's stdout and stderr (the stack's JSON logs, bundling lines) go to
// test-results/logs/ (test/support/quiet-output.ts), and a failed file's log ends the report
// (test/support/failed-logs-reporter.ts).
const setupFiles = ['./test/support/quiet-output.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/failed-logs-reporter.ts', './test/support/plain-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          // Pure, but some are heavy: a PDF with Devanagari font shaping takes 7 s on a loaded 2-core machine (a
          // fresh clone's run beside other work hit vitest's 5 s default).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // Each file starts its own stack (DynamoDB Local is a JVM): two at a time on a 2-core machine.
          maxWorkers: 2,
          // Empties test-results/privacy/, where this run's stacks leave their logs and histories.
          globalSetup: ['./test/support/privacy-setup.ts'],
        },
      },
      {
        test: {
          name: 'privacy',
          include: ['test/privacy/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 120_000,
          // After every other project, the browser tests too: it scans what their stacks left.
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          testTimeout: 120_000,
          // The synth bundles every function with esbuild.
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles,
          // After the other projects: a browser and another stack beside two integration stacks and a synth
          // would crowd a 2-core machine.
          sequence: { groupOrder: 1 },
          // Installs Debian's chromium when it is missing and may (root + apt-get), or stops saying what to install.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          // Starting the stack, seeding it through the API and launching Chromium.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
