// The glossary holds: every Hindi text of the dashboard, the SMS templates, the daily report's columns and the
// API's who-must-act labels uses the glossary's word wherever its English speaks of that idea, and none uses a
// word the glossary rules out. The expected words are the glossary's data (reviewed against government usage),
// not anything the texts themselves contain.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cardPdfLabels } from '../../functions/adapters/card-pdf.js';
import { join } from 'node:path';
import { glossary, glossaryMarkdown, glossaryProblems, speaksOf, usesTerm } from '../../functions/core/glossary.js';
import { smsTemplates } from '../../functions/core/sms-templates.js';
import { dailyColumns } from '../../functions/core/use-cases/daily-report.js';
import { nextActions } from '../../functions/core/registration.js';
import { uidaiCodes } from '../../functions/core/ekyc.js';
import { waitingOnLabel } from '../../functions/core/waits.js';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';

describe('the Hindi glossary', () => {
  it('is one word per idea: no English phrase and no Hindi word belongs to two terms', () => {
    const phrases = glossary.flatMap((term) => term.en.map((phrase) => phrase.toLowerCase()));
    expect(phrases.length).toBe(new Set(phrases).size);
    for (const term of glossary) {
      expect(term.hi.length, term.id).toBeGreaterThan(0);
      expect(term.note.length, term.id).toBeGreaterThan(10);
      // A word to avoid is never one of the term's own forms.
      expect(
        term.avoid.filter((word) => term.hi.includes(word)),
        term.id,
      ).toEqual([]);
    }
  });

  it('matches whole words only: "blocked" is not "block", "{block}" is a value, not a word', () => {
    const block = glossary.find((term) => term.id === 'block');
    expect(block).toBeDefined();
    if (block === undefined) return;
    expect(speaksOf(block, 'e-KYC blocked')).toBe(false);
    expect(speaksOf(block, 'Worklist of {block}')).toBe(false);
    expect(speaksOf(block, "A block's worklist")).toBe(true);
    expect(usesTerm(block, 'विकास खंड की कार्यसूची')).toBe(true);
  });

  it("finds a Hindi text that misses the term's word, and one that uses a word to avoid", () => {
    expect(glossaryProblems([{ where: 'sample', en: 'Pending approvals', hi: 'बकाया मंज़ूरियाँ' }]).map((problem) => problem.term)).toEqual([
      'pending',
      'pending',
      'gap',
    ]);
  });

  it("holds the dashboard's Hindi dictionary to it", () => {
    const pairs = Object.keys(en).map((key) => ({ where: `hi.ts ${key}`, en: en[key as keyof typeof en], hi: hi[key as keyof typeof hi] }));
    expect(glossaryProblems(pairs)).toEqual([]);
  });

  it('holds the SMS templates to it', () => {
    const pairs = Object.entries(smsTemplates).map(([name, template]) => ({ where: `sms ${name}`, en: template.en, hi: template.hi }));
    expect(glossaryProblems(pairs)).toEqual([]);
  });

  it("holds the daily report's columns (CSV and PDF) to it", () => {
    expect(glossaryProblems(dailyColumns.map((column) => ({ where: `daily ${column.key}`, ...column })))).toEqual([]);
  });

  it("holds the card PDF's words to it", () => {
    expect(glossaryProblems(Object.entries(cardPdfLabels).map(([key, label]) => ({ where: `card ${key}`, ...label })))).toEqual([]);
  });

  it("holds the API's next actions (what a person is told to do, by status) to it", () => {
    expect(glossaryProblems(Object.entries(nextActions).map(([status, action]) => ({ where: `next ${status}`, ...action })))).toEqual([]);
  });

  it("holds the API's e-KYC refusals (what a person does about each) to it", () => {
    const pairs = Object.entries(uidaiCodes).map(([code, refusal]) => ({ where: `uidai ${code}`, ...refusal.nextAction }));
    expect(glossaryProblems(pairs)).toEqual([]);
  });

  it("holds the API's who-must-act labels to it", () => {
    const labels = [
      waitingOnLabel({ kind: 'applicant' } as Parameters<typeof waitingOnLabel>[0]),
      ...(['ddo', 'verifier', 'district-admin', 'state-admin'] as const).map((approverKind) =>
        waitingOnLabel({ kind: 'approver', approverKind, queue: `${approverKind}:X` } as Parameters<typeof waitingOnLabel>[0]),
      ),
    ];
    expect(glossaryProblems(labels.map((label) => ({ where: 'waitingOn', ...label })))).toEqual([]);
  });

  it('is written out in docs/glossary.md as it stands (npx tsx test/support/write-glossary.ts)', () => {
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'glossary.md'), 'utf8')).toBe(glossaryMarkdown());
  });
});
