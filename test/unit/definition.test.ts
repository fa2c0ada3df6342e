import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DefinitionError, loadDefinition, maxTimerSeconds, placeholdersIn, substitute } from '../../local/sfn/definition.js';

const writeDefinition = (definition: unknown): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'asl-')), 'workflow.asl.json');
  writeFileSync(file, JSON.stringify(definition));
  return file;
};

const task = (extra: Record<string, unknown>) => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${Fn}' }, End: true, ...extra } },
});

describe('loading a workflow for the local engine', () => {
  it('substitutes placeholders in every string, as definitionSubstitutions does', () => {
    expect(substitute({ a: ['${X}-${Y}', { b: '${X}' }], n: 1 }, { X: 'x', Y: 'y' })).toEqual({ a: ['x-y', { b: 'x' }], n: 1 });
    expect(placeholdersIn('{"a":"${One}","b":"${Two}${One}"}')).toEqual(new Set(['One', 'Two']));
  });

  it('refuses a placeholder with no value', () => {
    expect(() => substitute('${Missing}', {})).toThrow(DefinitionError);
  });

  it('loads a runnable definition', () => {
    const definition = loadDefinition(writeDefinition(task({ TimeoutSeconds: 30 })), { Fn: 'arn:fn' });
    expect(definition.States.T?.Parameters).toEqual({ FunctionName: 'arn:fn' });
  });

  it.each([
    ['a Task without TimeoutSeconds (the engine would give it 60 s)', task({}), /must declare TimeoutSeconds/],
    ['a timeout that overflows Node timers', task({ TimeoutSeconds: maxTimerSeconds + 1 }), /exceeds/],
    ['variables', task({ TimeoutSeconds: 5, Assign: { x: 1 } }), /variables or JSONata/],
    ['JSONata', { ...task({ TimeoutSeconds: 5 }), QueryLanguage: 'JSONata' }, /JSONata/],
    ['an execution timeout that overflows', { ...task({ TimeoutSeconds: 5 }), TimeoutSeconds: 7_776_000 }, /overflows/],
  ])('refuses %s', (_what, definition, message) => {
    expect(() => loadDefinition(writeDefinition(definition), { Fn: 'arn:fn' })).toThrow(message);
  });
});
