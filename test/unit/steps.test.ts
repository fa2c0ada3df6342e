// The registration's step list (core/steps.ts) against the workflow it describes: every state it names is a Task
// of workflows/registration.asl.json, every Task there is named by it, its waiting steps are exactly the
// waitForTaskToken states, and its order is the order the workflow reaches them. Expected values come from the
// ASL file, read here as JSON, not from the list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closingStates, registrationSteps, waitingStepNames } from '../../functions/core/steps.js';
import { projectRoot } from '../../local/stack.js';

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: readonly { readonly Next: string }[];
}
const asl = JSON.parse(readFileSync(join(projectRoot, 'workflows/registration.asl.json'), 'utf8')) as {
  StartAt: string;
  States: Record<string, AslState>;
};
const taskStates = Object.entries(asl.States)
  .filter(([, state]) => state.Type === 'Task')
  .map(([name]) => name);
const waitStates = Object.entries(asl.States)
  .filter(([, state]) => state.Type === 'Task' && state.Resource?.endsWith('.waitForTaskToken') === true)
  .map(([name]) => name);

/** The states reachable from `from` by Next, Choices and Default: the way forward, not the Catch ways out. */
const reachableFrom = (from: string): Set<string> => {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const state = asl.States[name];
    if (state === undefined) continue;
    for (const next of [state.Next, state.Default, ...(state.Choices ?? []).map((choice) => choice.Next)]) {
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
};

describe('the registration steps and the workflow file', () => {
  const named = registrationSteps.flatMap((step) => [...step.states]);

  it('names only Task states of the workflow', () => {
    for (const state of [...named, ...closingStates]) expect(taskStates, state).toContain(state);
  });

  it('names every Task state of the workflow once', () => {
    expect([...named, ...closingStates].sort()).toEqual([...taskStates].sort());
  });

  it('waits on a person in exactly the states that wait for a task token', () => {
    const waitingStepStates = registrationSteps.filter((step) => 'waitsOn' in step).map((step) => step.states[0]);
    expect([...waitingStepStates].sort()).toEqual([...waitStates].sort());
    expect(waitingStepNames).toHaveLength(waitStates.length);
  });

  it('starts where the workflow starts, and lists the steps in the order the workflow reaches them', () => {
    expect(registrationSteps[0]?.states[0]).toBe(asl.StartAt);
    for (const [index, step] of registrationSteps.entries()) {
      const later = registrationSteps[index + 1];
      if (later === undefined) continue;
      const forward = new Set(step.states.flatMap((state) => [...reachableFrom(state)]));
      expect(forward.has(later.states[0]), `${later.name} after ${step.name}`).toBe(true);
      expect(reachableFrom(later.states[0]).has(step.states[0]), `${step.name} not after ${later.name}`).toBe(false);
    }
  });
});
