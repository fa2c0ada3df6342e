import { eventually } from './eventually.js';

/** The token the callback-recorder fixture received for `key`. */
export const tokenFor = (key: string): Promise<string> =>
  eventually(`a task token for ${key}`, () => {
    const received = (globalThis as { receivedTaskTokens?: { key: string; token: string }[] }).receivedTaskTokens ?? [];
    return received.filter((entry) => entry.key === key).at(-1)?.token;
  });

export const tokensFor = (key: string): string[] =>
  ((globalThis as { receivedTaskTokens?: { key: string; token: string }[] }).receivedTaskTokens ?? [])
    .filter((entry) => entry.key === key)
    .map((entry) => entry.token);
