// One Lambda execution environment in a Node process of its own (local/sfn/lambda.ts forks it): loads the
// function's module once, then runs one invocation at a time, as Lambda's runtime does, and reports after each
// the process's peak resident memory so far: what Lambda's REPORT line calls Max Memory Used (a warm
// environment's figure never goes down). Node runs this file as it is (type stripping; Node >= 22.18): it
// imports nothing but Node's own modules, so a bundled function runs here with no TypeScript loader at all.
// Protocol (IPC, JSON): in { kind: 'invoke', id, event, context }; out { kind: 'ready' } once the module is
// loaded, { kind: 'init-error', errorType, errorMessage }, { kind: 'done', id, ok, result | errorType +
// errorMessage, maxRssBytes }.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

interface Invoke {
  readonly kind: 'invoke';
  readonly id: number;
  readonly event: unknown;
  readonly context: Record<string, unknown> & { readonly deadline: number };
}

const send = (message: Record<string, unknown>) => process.send?.(message);
/**
 * The process's peak resident memory: VmHWM, the high-water mark of this process's own memory since it was
 * started. Not getrusage's maxRSS: Linux carries that over from the forked copy of the parent into the new
 * program, so it starts at the parent's size. Without /proc, the resident memory now.
 */
const maxRssBytes = () => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // no /proc
  }
  return process.memoryUsage.rss();
};
const errorOf = (error: unknown) =>
  error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: 'Error', errorMessage: String(error) };

// The parent gone (stopped, or killed without its process group): nothing can reach this environment again.
process.on('disconnect', () => process.exit(0));

const entry = process.argv[2];
let handler: Handler | undefined;
try {
  if (entry === undefined) throw new Error('lambda-runtime: no module to run');
  const module = (await import(entry.startsWith('file:') ? entry : pathToFileURL(entry).href)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${entry} exports no handler`);
  handler = module.handler;
  send({ kind: 'ready' });
} catch (error) {
  send({ kind: 'init-error', ...errorOf(error) });
  process.exitCode = 1;
  process.disconnect?.();
}

process.on('message', (message: Invoke) => {
  if (message.kind !== 'invoke' || handler === undefined) return;
  const { deadline, ...fields } = message.context;
  const context = {
    ...fields,
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  handler(message.event, context).then(
    (result) => send({ kind: 'done', id: message.id, ok: true, result: result === undefined ? null : result, maxRssBytes: maxRssBytes() }),
    (error: unknown) => send({ kind: 'done', id: message.id, ok: false, ...errorOf(error), maxRssBytes: maxRssBytes() }),
  );
});
