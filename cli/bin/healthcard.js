#!/usr/bin/env node
// `healthcard`, the admin CLI (docs/cli.md). Node runs the TypeScript entry through tsx, as `npm start` runs
// the stack: no build step, so the command works on a fresh clone right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
