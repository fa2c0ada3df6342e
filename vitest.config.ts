import { defineConfig } from 'vitest/config';

// Three projects, one per kind of test (DESIGN.md): unit (pure, no network), integration (the embedded stack,
// real ASL), infra (CDK Template assertions); and a fourth, privacy, run after them (groupOrder 1): it reads what
// the integration project's stacks logged and kept of every execution, and finds no Aadhaar number, OTP or mobile
// number used anywhere (test/support/privacy.ts). Every wait in a test has a deadline.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
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
          testTimeout: 120_000,
          // After every other project: it scans what the integration project's stacks left.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          // The synth bundles every function with esbuild.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
