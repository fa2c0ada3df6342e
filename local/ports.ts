// Ports for the embedded stack: each configurable by environment; 0 picks a free one (tests do that).
import { createServer } from 'node:net';
import { StackStartError } from './errors.js';

export interface PortPlan {
  readonly api: number;
  readonly sfn: number;
  readonly dynamodb: number;
  readonly s3: number;
}

/** Documented defaults; README lists them with their variables. */
export const defaultPorts: PortPlan = { api: 3000, sfn: 8083, dynamodb: 8000, s3: 4569 };

export const portVariables: Record<keyof PortPlan, string> = {
  api: 'HEALTHCARD_API_PORT',
  sfn: 'HEALTHCARD_SFN_PORT',
  dynamodb: 'HEALTHCARD_DYNAMODB_PORT',
  s3: 'HEALTHCARD_S3_PORT',
};

export const portsFromEnv = (env: NodeJS.ProcessEnv = process.env): PortPlan => {
  const read = (key: keyof PortPlan): number => {
    const raw = env[portVariables[key]];
    if (raw === undefined || raw === '') return defaultPorts[key];
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new StackStartError(`${portVariables[key]}=${raw} is not a port number (0-65535; 0 picks a free one)`);
    }
    return port;
  };
  return { api: read('api'), sfn: read('sfn'), dynamodb: read('dynamodb'), s3: read('s3') };
};

/** Bind and release: proves the port is free now, or finds a free one for 0. */
export const claimPort = (port: number, what: keyof PortPlan): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StackStartError(`Port ${port} (${what}) is taken: stop what uses it, or set ${portVariables[what]} to another port`)
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
