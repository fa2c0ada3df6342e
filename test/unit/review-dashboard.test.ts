// The morning review's pure parts in the dashboard (web/src/review.ts): the link behind a count and back, who may
// set a target, the tabs' counts, and how a queue, a step, a rate and a person are written. Expected values are
// written out by hand here (the route the drill-down API declares, the roles the targets route admits, the words
// of en.ts), not worked out by the module.
import { describe, expect, it } from 'vitest';
import { translator } from '../../web/src/i18n/index.js';
import { parseHash } from '../../web/src/router.js';
import {
  dayKey,
  formatRate,
  holderLabel,
  maySetTarget,
  peopleHref,
  peopleTargetFrom,
  personName,
  queueLabel,
  stepLabel,
  tabCounts,
} from '../../web/src/review.js';
import type { Attention } from '../../web/src/review-types.js';

const t = translator('en');

describe('the people behind a count', () => {
  it('links a block count to the people route and reads the same target back from the URL', () => {
    const link = peopleHref({ campaignId: '0123456789abcdef', district: 'Lucknow', block: 'Sarojini Nagar', key: 'pendingApproval' });
    expect(link).toBe('#/people?campaignId=0123456789abcdef&district=Lucknow&block=Sarojini+Nagar&key=pendingApproval');
    expect(peopleTargetFrom(parseHash(link).query)).toEqual({
      campaignId: '0123456789abcdef',
      district: 'Lucknow',
      block: 'Sarojini Nagar',
      key: 'pendingApproval',
    });
  });

  it("names a day's cards as the drill-down route takes them, and refuses a link without a district", () => {
    expect(dayKey('2026-12-03')).toBe('day:2026-12-03:cardsIssued');
    expect(peopleTargetFrom(new URLSearchParams('campaignId=0123456789abcdef&key=started'))).toBeUndefined();
    expect(peopleTargetFrom(new URLSearchParams('campaignId=0123456789abcdef&district=Lucknow'))).toBeUndefined();
  });
});

describe('targets and tabs', () => {
  it('lets a state admin set any district target and a district admin only their own', () => {
    expect(maySetTarget({ roles: ['state-admin'], districts: [] }, 'Jhansi')).toBe(true);
    expect(maySetTarget({ roles: ['district-admin'], districts: ['Lucknow'] }, 'Lucknow')).toBe(true);
    expect(maySetTarget({ roles: ['district-admin'], districts: ['Lucknow'] }, 'Jhansi')).toBe(false);
    expect(maySetTarget({ roles: ['ddo'], districts: ['Lucknow'] }, 'Lucknow')).toBe(false);
    // Every district at once has no one target.
    expect(maySetTarget({ roles: ['state-admin'], districts: [] }, undefined)).toBe(false);
  });

  it('puts what waits on each tab: failed executions, overdue cases, open anomalies, refused imports', () => {
    const attention = {
      asOf: '2026-12-04T03:30:00.000Z',
      failedExecutions: { count: 2, items: [] },
      overdue: { count: 5, byHolder: [] },
      anomalies: { open: 1, items: [] },
      refusedImports: { count: 3, items: [] },
      blocksBehind: [],
    } satisfies Attention;
    expect(tabCounts(attention)).toEqual({ executions: 2, stuck: 5, anomalies: 1, imports: 3 });
  });
});

describe('words for codes', () => {
  it("names a queue nobody's directory entry names by its DDO code or its role and district", () => {
    expect(queueLabel(t, 'ddo:DDO-LKO-0002')).toBe('DDO-LKO-0002');
    expect(queueLabel(t, 'district-admin:Lucknow')).toBe('District admin, Lucknow');
    expect(queueLabel(t, 'state-admin:all')).toBe('State admin');
    expect(queueLabel(t, 'applicant')).toBe('The applicant');
  });

  it('names a DDO row by who holds the queue, then the code; by the code alone when nobody is known', () => {
    expect(holderLabel('DDO-LKO-0001', { name: 'Kavita Srivastava', office: 'Koshagar, Lucknow', mobileMasked: '******0012' })).toBe(
      'Kavita Srivastava · Koshagar, Lucknow · ******0012 (DDO-LKO-0001)',
    );
    expect(holderLabel('DDO-LKO-0002', { office: 'Education' })).toBe('Education (DDO-LKO-0002)');
    expect(holderLabel('DDO-LKO-0003', undefined)).toBe('DDO-LKO-0003');
  });

  it('tells a step by its waiting step, else its workflow state, else as sent', () => {
    expect(stepLabel(t, 'approval')).toBe('Approval');
    expect(stepLabel(t, 'card')).toBe('Card and its SMS');
    expect(stepLabel(t, 'IssueCard')).toBe('Card issued and sent by SMS');
  });

  it('writes rates to one decimal in the Indian grouping, and a person in the language chosen', () => {
    expect(formatRate(0.42857)).toBe('0.4');
    expect(formatRate(7)).toBe('7');
    expect(formatRate(125000.25)).toBe('1,25,000.3');
    const person = { personKey: 'emp:DB-004', name: 'Asha Rani', nameLocal: 'आशा रानी' };
    expect(personName(person, 'en')).toBe('Asha Rani');
    expect(personName(person, 'hi')).toBe('आशा रानी');
    expect(personName({ personKey: 'emp:DB-005', name: 'R*** K***' }, 'hi')).toBe('R*** K***');
    expect(personName(undefined, 'en')).toBe('—');
  });
});
