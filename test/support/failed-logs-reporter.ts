// Test output is quiet by default (quiet-output.ts sends a test file's stdout and stderr to its log): for a test
// file that failed, this prints the end of its log after vitest's report of the failures, and names the file.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { testLogFile } from './test-logs.js';

const tailLines = 60;

const failed = (module: TestModule): boolean =>
  module.state() === 'failed' || [...module.children.allTests()].some((test) => test.result().state === 'failed');

export default class FailedLogsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    for (const module of testModules.filter(failed)) {
      const file = testLogFile(module.moduleId);
      if (!existsSync(file)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      if (lines.length === 0) continue;
      const shown = lines.slice(-tailLines);
      const where = relative(process.cwd(), file);
      process.stdout.write(
        `\n--- ${relative(process.cwd(), module.moduleId)} failed: the last ${shown.length} of ${lines.length} lines it logged (${where}) ---\n` +
          `${shown.join('\n')}\n--- end of ${where} ---\n`,
      );
    }
  }
}
