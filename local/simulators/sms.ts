// The SMS simulator: a stand-in for the SMS gateway on the embedded stack. It accepts what the production
// adapter would send (already-rendered DLT template text) and keeps an outbox, so demos and tests read OTPs the
// way a person would: GET /local/outbox?to=<mobile> (local only, never deployed). Fault knobs:
// POST /local/sms/faults {"failNext": N} (503s, as an outage: retried), {"rejectNext": N} (400 DLT_TEMPLATE_REJECTED,
// as DLT scrubbing refuses a message: SmsRejectedError, not retried), {"failRate": 0.3} (a seeded share of sends
// answered 503, as a flaky gateway). GET reads the knobs and how many sends were tried and failed.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from './seeded-random.js';
import { text } from 'node:stream/consumers';

export interface OutboxMessage {
  readonly messageId: string;
  readonly to: string;
  readonly template: string;
  readonly language: string;
  readonly text: string;
  readonly sentAt: string;
}

const readJson = async (request: IncomingMessage): Promise<unknown> => JSON.parse((await text(request)) || '{}') as unknown;

const reply = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};

export interface SmsSimulator {
  readonly url: string;
  readonly outbox: readonly OutboxMessage[];
  /** Local routes for the gateway: the outbox and the fault knob. */
  readonly localRoutes: Record<string, (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>>;
  close(): Promise<void>;
}

/**
 * `outboxFile`: the phones' messages survive a restart of the stack (a person keeps the SMS they got), one JSON
 * line a message; `npm start` keeps it under the data directory, a stack in memory keeps none.
 */
export const startSmsSimulator = async (options: { port: number; seed?: number; outboxFile?: string }): Promise<SmsSimulator> => {
  const outbox: OutboxMessage[] = [];
  if (options.outboxFile !== undefined && existsSync(options.outboxFile)) {
    for (const line of readFileSync(options.outboxFile, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        outbox.push(JSON.parse(line) as OutboxMessage);
      } catch {
        // A line cut short by a hard stop: the messages before it were kept, this one was never acknowledged.
      }
    }
  }
  let random = seededRandom(options.seed ?? 1950);
  /** A share of sends (0..1) answered 503 at random: a gateway that fails now and then. */
  let failRate = 0;
  let attempts = 0;
  let failures = 0;
  /** The next N sends fail with 503, as a gateway outage would. */
  let failNext = 0;
  /** The next N sends are refused with 400, as DLT scrubbing refuses a message that fits no registered template. */
  let rejectNext = 0;

  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method === 'POST' && request.url === '/messages') {
        attempts += 1;
        if (failNext > 0 || (failRate > 0 && random() < failRate)) {
          failNext = Math.max(0, failNext - 1);
          failures += 1;
          reply(response, 503, { message: 'simulated gateway outage' });
          return;
        }
        if (rejectNext > 0) {
          rejectNext -= 1;
          reply(response, 400, { code: 'DLT_TEMPLATE_REJECTED', message: 'The message fits no DLT template registered for this sender' });
          return;
        }
        const body = (await readJson(request)) as Partial<OutboxMessage>;
        if (typeof body.to !== 'string' || !/^[6-9]\d{9}$/.test(body.to) || typeof body.text !== 'string') {
          reply(response, 400, { message: 'to (10-digit mobile) and text are required' });
          return;
        }
        const message: OutboxMessage = {
          messageId: randomUUID(),
          to: body.to,
          template: String(body.template ?? ''),
          language: String(body.language ?? 'en'),
          text: body.text,
          sentAt: new Date().toISOString(),
        };
        outbox.push(message);
        // Kept before the gateway says it took the message, as a gateway would.
        if (options.outboxFile !== undefined) appendFileSync(options.outboxFile, `${JSON.stringify(message)}\n`);
        reply(response, 202, { messageId: message.messageId });
        return;
      }
      reply(response, 404, { message: 'not found' });
    })().catch(() => reply(response, 400, { message: 'bad request' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    outbox,
    localRoutes: {
      '/local/outbox': async (_request, response, url) => {
        const to = url.searchParams.get('to');
        if (to === null) {
          reply(response, 400, { code: 'TO_REQUIRED', message: 'Say whose messages: /local/outbox?to=<10-digit mobile>' });
          return;
        }
        reply(response, 200, { messages: outbox.filter((message) => message.to === to).reverse() });
      },
      '/local/sms/faults': async (request, response) => {
        if (request.method === 'POST') {
          const body = (await readJson(request)) as { failNext?: number; rejectNext?: number; failRate?: number; seed?: number };
          failNext = Math.max(0, Math.floor(Number(body.failNext ?? 0)));
          rejectNext = Math.max(0, Math.floor(Number(body.rejectNext ?? 0)));
          failRate = Math.min(1, Math.max(0, Number(body.failRate ?? 0) || 0));
          random = seededRandom(typeof body.seed === 'number' ? body.seed : (options.seed ?? 1950));
          attempts = 0;
          failures = 0;
        }
        reply(response, 200, { failNext, rejectNext, failRate, attempts, failures });
      },
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
