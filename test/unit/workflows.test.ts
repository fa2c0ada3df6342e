// Every workflow file: valid ASL (asl-validator), runnable by the local engine, every placeholder bound to a
// function the stack creates. Fixture workflows used by the tests are held to the same rules.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionSpecs, workflowSpecs } from '../../infra/specs.js';
import { allStates, loadDefinition, placeholdersIn, type Definition } from '../../local/sfn/definition.js';
import { projectRoot } from '../../local/stack.js';

type Validator = (
  definition: unknown,
  options?: { checkPaths: boolean; checkArn: boolean },
) => {
  isValid: boolean;
  errors: { message?: string }[];
};
const validate = createRequire(import.meta.url)('asl-validator') as Validator;

const workflowFiles = readdirSync(join(projectRoot, 'workflows')).filter((file) => file.endsWith('.asl.json'));
const fixtureFiles = readdirSync(join(projectRoot, 'test/fixtures/workflows')).filter((file) => file.endsWith('.asl.json'));

const functionPlaceholders = Object.values(functionSpecs).flatMap((spec) =>
  'workflowPlaceholder' in spec ? [spec.workflowPlaceholder] : [],
);
const bindings = Object.fromEntries(functionPlaceholders.map((name) => [name, `arn:aws:lambda:ap-south-1:000000000000:function:${name}`]));

describe('workflow files', () => {
  it('lists every workflow file in infra/specs.ts, and nothing that is not there', () => {
    expect(workflowFiles.map((file) => `workflows/${file}`).sort()).toEqual(
      Object.values(workflowSpecs)
        .map((spec) => spec.file)
        .sort(),
    );
  });

  it.each([...workflowFiles.map((file) => `workflows/${file}`), ...fixtureFiles.map((file) => `test/fixtures/workflows/${file}`)])(
    '%s is valid ASL',
    (file) => {
      const result = validate(JSON.parse(readFileSync(join(projectRoot, file), 'utf8')));
      expect(result.errors).toEqual([]);
      expect(result.isValid).toBe(true);
    },
  );

  it('asl-validator rejects a broken definition (the check can fail)', () => {
    const result = validate(JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/invalid/missing-target.asl.json'), 'utf8')));
    expect(result.isValid).toBe(false);
  });

  it.each(workflowFiles)('workflows/%s binds every placeholder to a function and loads in the local engine', (file) => {
    const text = readFileSync(join(projectRoot, 'workflows', file), 'utf8');
    for (const name of placeholdersIn(text)) expect(functionPlaceholders).toContain(name);
    const definition: Definition = loadDefinition(join(projectRoot, 'workflows', file), bindings);
    expect(JSON.stringify(definition)).not.toMatch(/\$\{/);
  });

  it.each(workflowFiles)('workflows/%s uses JSONPath only and gives every Task a timeout', (file) => {
    const definition = JSON.parse(readFileSync(join(projectRoot, 'workflows', file), 'utf8')) as Definition;
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const { state } of allStates(definition)) {
      expect(state.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
      if (state.Type === 'Task') expect(typeof (state.TimeoutSeconds ?? state.TimeoutSecondsPath)).toMatch(/^(number|string)$/);
    }
  });
});
