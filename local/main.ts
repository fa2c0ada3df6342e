// `npm start`: the whole pipeline on this machine. Flags: --memory (throwaway run), --data-dir DIR.
// Ports come from HEALTHCARD_*_PORT variables (see README). Ctrl-C stops everything it started.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { resources } from '../functions/environment.js';
import { portsFromEnv } from './ports.js';
import { projectRoot, startStack } from './stack.js';
import { StackStartError } from './errors.js';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
});

const main = async () => {
  const dataDir = values['data-dir'] ?? process.env.HEALTHCARD_DATA_DIR ?? join(projectRoot, '.data');
  const started = Date.now();
  // Roster import sizing and the park threshold may be tried out on the embedded stack without editing the spec
  // (README: Knobs).
  const tuning = Object.fromEntries(
    [...Object.keys(resources.importTuning.shape), ...Object.keys(resources.waitTuning.shape)].flatMap((name) =>
      process.env[name] === undefined ? [] : [[name, process.env[name] as string]],
    ),
  );
  const stack = await startStack({ memory: values.memory === true, dataDir, ports: portsFromEnv(), extraEnv: tuning });
  const { endpoints } = stack;
  const lines = [
    `healthcard-pipeline is running (embedded stack, ${endpoints.memory ? 'in memory' : `data in ${endpoints.dataDir}`}) — up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  API             ${endpoints.api.url}   (try: curl ${endpoints.api.health})`,
    `  Dashboard       ${endpoints.dashboard.url}   (sign in with a development role)`,
    `  Desk check      ${endpoints.verifier.url}   (scan a card's QR; public)`,
    `  Step Functions  ${endpoints.stepFunctions.endpoint}`,
    `  DynamoDB Local  ${endpoints.dynamodb.endpoint}   table ${endpoints.dynamodb.table}`,
    `  S3 (s3rver)     ${endpoints.s3.endpoint}   buckets ${Object.values(endpoints.s3.buckets).join(', ')}`,
    `  Simulators     SMS outbox ${endpoints.simulators.outbox}   e-KYC identities ${endpoints.simulators.ekycIdentities}`,
    `  API docs        ${endpoints.api.url}/v1/openapi.json   (a walk-through: npm run demo)`,
    `  Endpoints, ARNs and development tokens: ${stack.endpointsFile}`,
    '  Development tokens (Authorization: Bearer <token>):',
    ...Object.entries(endpoints.tokens).map(([role, token]) => `    ${role.padEnd(15)} ${token}`),
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
};

main().catch((error: unknown) => {
  if (error instanceof StackStartError) {
    console.error(`healthcard-pipeline could not start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
