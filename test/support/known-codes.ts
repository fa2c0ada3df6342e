// The error codes the API can answer with: every UPPER_SNAKE string literal in the handlers, the core, the
// adapters and the local gateway (the codes are literals where they are thrown). Read from the source, so a
// new code is known the moment it is written, and a 4xx with a code nobody wrote down stands out.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../local/stack.js';

const sourcesUnder = (directory: string): string[] =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });

export const knownErrorCodes = (): Set<string> => {
  const files = [...sourcesUnder(join(projectRoot, 'functions')), join(projectRoot, 'local/gateway.ts')];
  const codes = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)['"`]/g)) codes.add(match[1] as string);
  }
  return codes;
};
