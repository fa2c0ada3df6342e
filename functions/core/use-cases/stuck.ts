// Stuck executions: registrations waiting longer than their step's SLA (with who they wait on), and roster
// imports running longer than an import should. Read from the table (waits index, execution ledger), never from
// ListExecutions. A district admin sees their district's; a state admin every district's or one.
import type { WorkflowKey } from '../../../infra/specs.js';
import type { Caller } from '../identity.js';
import { terminalStatuses } from '../registration.js';
import { importSlaSeconds, overdueHours, waitingOnLabel, waitingSteps } from '../waits.js';
import { importStep } from '../steps.js';
import type { ExecutionLedger } from '../../ports/executions.js';
import type { Registry } from '../../ports/registry.js';
import type { WaitingStepName, Waits } from '../../ports/workflow.js';
import { listDistrict } from './access.js';
import type { Clock } from './deps.js';
import { holdersOf, namedPerson, rosterNames, type CaseNamesDeps } from './case-names.js';
import { waitingOnNamed } from '../names.js';

export interface StuckDeps extends CaseNamesDeps {
  readonly waits: Pick<Waits, 'overdue'>;
  readonly registry: Pick<Registry, 'getRegistration'>;
  readonly ledger: Pick<ExecutionLedger, 'list'>;
  readonly clock: Clock;
}

export interface StuckQuery {
  readonly workflow: WorkflowKey;
  readonly district?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export const listStuck = async (deps: StuckDeps, caller: Caller, query: StuckQuery) => {
  const district = listDistrict(caller, query.district);
  const now = deps.clock.now();
  const paging = { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) };
  if (query.workflow === 'rosterImport') {
    const page = await deps.ledger.list({
      workflow: 'rosterImport',
      status: 'RUNNING',
      ...(district === undefined ? {} : { district }),
      to: new Date(now - importSlaSeconds * 1000).toISOString(),
      ...paging,
    });
    const items = page.entries.map((entry) => {
      const slaDueAt = new Date(Date.parse(entry.startedAt) + importSlaSeconds * 1000).toISOString();
      return {
        workflow: entry.workflow,
        name: entry.name,
        step: importStep,
        status: entry.status,
        ...(entry.district === undefined ? {} : { district: entry.district }),
        since: entry.startedAt,
        slaDueAt,
        overdueHours: overdueHours(slaDueAt, now),
        waitingOn: {
          kind: 'system' as const,
          label: { en: 'The list upload (redrive or stop it)', hi: 'सूची अपलोड की प्रक्रिया (फिर से चलाएँ या रोकें)' },
        },
      };
    });
    return { items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
  }
  const page = await deps.waits.overdue({ ...(district === undefined ? {} : { district }), now: new Date(now).toISOString(), ...paging });
  const registrations = await Promise.all(page.waits.map((wait) => deps.registry.getRegistration(wait.registrationId)));
  // Who: the person (roster name, masked as the caller's role requires) and the queue's holder, a batch read each.
  const roster = await rosterNames(
    deps,
    registrations.filter((registration) => registration !== undefined),
  );
  const holders = await holdersOf(
    deps,
    page.waits.flatMap((wait) => (wait.waitingOn.kind === 'approver' ? [wait.waitingOn.queue] : [])),
    roster.values(),
  );
  const items = page.waits.flatMap((wait, index) => {
    const registration = registrations[index];
    // A registration that ended waits on nobody (its wait is cleared as it ends; this covers the moment between).
    if (registration === undefined || terminalStatuses.has(registration.status)) return [];
    // Stopped: its wait is the stopped execution's, waiting on nobody until a redrive opens it again.
    if (registration.status === 'STOPPED') return [];
    const person = namedPerson(caller, { ...registration, declaredName: registration.declared?.name }, roster);
    const holder = wait.waitingOn.kind === 'approver' ? holders.get(wait.waitingOn.queue) : undefined;
    return [
      {
        workflow: 'registration' as const,
        name: wait.registrationId,
        registrationId: wait.registrationId,
        person,
        step: wait.step,
        status: registration.status,
        ...(registration.reason === undefined ? {} : { reasonCode: registration.reason.code }),
        scheme: registration.scheme,
        district: wait.district,
        ...(wait.block === undefined ? {} : { block: wait.block }),
        since: wait.since,
        slaDueAt: wait.slaDueAt,
        overdueHours: overdueHours(wait.slaDueAt, now),
        ...(wait.parkedAt === undefined ? {} : { parkedAt: wait.parkedAt }),
        waitingOn: { ...wait.waitingOn, label: waitingOnNamed(waitingOnLabel(wait.waitingOn), wait.waitingOn.kind, person, holder) },
        ...(holder === undefined ? {} : { holder }),
      },
    ];
  });
  return { items, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
};

export interface StuckCountDeps {
  readonly waits: Pick<Waits, 'overdue'>;
  readonly clock: Clock;
}

/**
 * How many waits are past their SLA now, per step, across every district: the figures the stuck-approvals alarm
 * watches. The same index query as the list above, read to its end; no registration is read per wait (a
 * registration that ends clears its waits as it ends, so an ended one is counted for a moment at most).
 */
export const countStuck = async (deps: StuckCountDeps, pageSize = 1000): Promise<Record<WaitingStepName, number>> => {
  const now = new Date(deps.clock.now()).toISOString();
  const counts = Object.fromEntries(waitingSteps.map((step) => [step, 0])) as Record<WaitingStepName, number>;
  let cursor: string | undefined;
  do {
    const page = await deps.waits.overdue({ now, limit: pageSize, ...(cursor === undefined ? {} : { cursor }) });
    for (const wait of page.waits) counts[wait.step] += 1;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return counts;
};
