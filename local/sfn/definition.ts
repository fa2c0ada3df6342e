// Loading a workflow file for the local engine: the same file CDK deploys, with `${Placeholders}` substituted
// as Step Functions' definitionSubstitutions does, and checked for what aws-local-stepfunctions cannot run.
import { readFileSync } from 'node:fs';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type AnyState = { Type: string; [field: string]: unknown };
export interface Definition {
  StartAt: string;
  States: Record<string, AnyState>;
  [field: string]: unknown;
}

/** Node timers overflow above 2^31-1 ms: a longer TimeoutSeconds (or Wait) would fire at once in the engine. */
export const maxTimerSeconds = Math.floor((2 ** 31 - 1) / 1000);

/** A year: the longest a Standard execution runs on AWS. */
export const maxCallbackSeconds = 365 * 86_400;

export const callbackResource = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const placeholder = /\$\{([A-Za-z0-9_]+)\}/g;

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

export const placeholdersIn = (text: string): Set<string> => new Set([...text.matchAll(placeholder)].map((match) => match[1] as string));

/** Substitute `${Name}` in every string of the definition; a placeholder without a value is an error. */
export const substitute = (value: JsonValue, substitutions: Readonly<Record<string, string>>): JsonValue => {
  if (typeof value === 'string') {
    return value.replace(placeholder, (_, name: string) => {
      const replacement = substitutions[name];
      if (replacement === undefined) throw new DefinitionError(`No substitution for \${${name}}`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, substitutions));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, substitutions)]));
  }
  return value;
};

export interface StateRef {
  readonly name: string;
  readonly state: AnyState;
  /** A state of the top-level machine (not inside a Map or Parallel): executions resume only at these. */
  readonly topLevel: boolean;
}

/** Every state, nested ones included (Map Iterator/ItemProcessor, Parallel Branches). */
export const allStates = (definition: Definition, topLevel = true): StateRef[] =>
  Object.entries(definition.States).flatMap(([name, state]) => {
    const nested: Definition[] = [];
    if (state.Type === 'Map') nested.push((state.ItemProcessor ?? state.Iterator) as Definition);
    if (state.Type === 'Parallel') nested.push(...(state.Branches as Definition[]));
    return [{ name, state, topLevel }, ...nested.flatMap((child) => allStates(child, false))];
  });

const checkRunnable = (definition: Definition, file: string): void => {
  if (definition.QueryLanguage === 'JSONata') throw new DefinitionError(`${file}: JSONata is not run by the local engine`);
  if (typeof definition.TimeoutSeconds === 'number' && definition.TimeoutSeconds > maxTimerSeconds) {
    throw new DefinitionError(`${file}: TimeoutSeconds above ${maxTimerSeconds} overflows the local engine's timer`);
  }
  const names = new Set<string>();
  for (const { name, state } of allStates(definition)) {
    if (names.has(name)) throw new DefinitionError(`${file}: state name ${name} is used twice`);
    names.add(name);
    if ('Assign' in state || state.QueryLanguage === 'JSONata') {
      throw new DefinitionError(`${file}: state ${name} uses variables or JSONata, which the local engine cannot run`);
    }
    if (state.Type === 'Task') {
      // The engine gives a Task without a timeout 60 s; on AWS it would wait up to a year. Say it explicitly.
      const timeout = state.TimeoutSeconds;
      if (typeof timeout !== 'number' && typeof state.TimeoutSecondsPath !== 'string') {
        throw new DefinitionError(`${file}: Task ${name} must declare TimeoutSeconds or TimeoutSecondsPath`);
      }
      // Callback tasks' timeouts are held by the service (chained timers, up to AWS's one year); others by the engine.
      const limit = state.Resource === callbackResource ? maxCallbackSeconds : maxTimerSeconds;
      if (typeof timeout === 'number' && timeout > limit) {
        throw new DefinitionError(`${file}: Task ${name} TimeoutSeconds exceeds ${limit}`);
      }
    }
    if (state.Type === 'Wait' && typeof state.Seconds === 'number' && state.Seconds > maxTimerSeconds) {
      throw new DefinitionError(`${file}: Wait ${name} exceeds ${maxTimerSeconds} s`);
    }
  }
};

export const loadDefinition = (file: string, substitutions: Readonly<Record<string, string>>): Definition => {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
  const definition = substitute(parsed, substitutions) as unknown as Definition;
  checkRunnable(definition, file);
  return definition;
};

export const asEngineDefinition = (definition: Definition): StateMachineDefinition => definition as unknown as StateMachineDefinition;
