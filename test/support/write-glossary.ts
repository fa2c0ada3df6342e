// Writes docs/glossary.md from functions/core/glossary/terms.json (`npx tsx test/support/write-glossary.ts`): the glossary
// as a table a reviewer reads, kept in step with the data by test/unit/glossary.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { glossaryMarkdown } from '../../functions/core/glossary.js';

writeFileSync(join(import.meta.dirname, '..', '..', 'docs', 'glossary.md'), glossaryMarkdown());
