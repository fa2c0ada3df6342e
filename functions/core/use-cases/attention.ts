// What needs an admin this morning, for the landing page and the tabs' counts: failed executions, cases past their
// SLA grouped by who holds them (named from the approver directory), open anomalies, roster imports refused or
// failed that no later import of the same file put right, and the blocks furthest behind their targets. Each list
// is a count and its first ten; counts are read page by page from the same indexes the full lists use, up to a cap.
import { maskMobile } from '../anomalies.js';
import type { Caller } from '../identity.js';
import { registrationIdOfExecution } from '../parking.js';
import type { Anomaly } from '../anomalies.js';
import type { ApproverDirectory } from '../../ports/approvers.js';
import type { Anomalies } from '../../ports/anomalies.js';
import type { ExecutionEntry, ExecutionLedger } from '../../ports/executions.js';
import type { ImportRecord, Imports } from '../../ports/imports.js';
import type { Registry } from '../../ports/registry.js';
import type { Waits } from '../../ports/workflow.js';
import type { BlockBehind } from '../trend.js';
import { listDistrict } from './access.js';
import { requireCampaign, visibleDistricts } from './campaigns.js';
import { blocksBehind, type TrendDeps } from './trend.js';

export interface AttentionDeps extends TrendDeps {
  readonly ledger: Pick<ExecutionLedger, 'list'>;
  readonly waits: Pick<Waits, 'overdue'>;
  readonly anomalies: Pick<Anomalies, 'list'>;
  readonly imports: Pick<Imports, 'list'>;
  readonly approvers: Pick<ApproverDirectory, 'get'>;
  readonly registry: Pick<Registry, 'getRegistration'>;
}

/** Items listed per kind. */
const shown = 10;
/** Records read to count one kind at most: beyond it the count says "at least". */
const countCap = 5000;

/** Every page of a list up to the cap: the items read (the first `shown` are listed) and how many. */
const readPages = async <T>(page: (cursor: string | undefined, limit: number) => Promise<{ items: T[]; cursor?: string }>) => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor, 100);
    items.push(...next.items);
    cursor = next.cursor;
  } while (cursor !== undefined && items.length < countCap);
  return items;
};

export interface OverdueHolder {
  readonly queue: string;
  readonly name?: string;
  readonly office?: string;
  readonly mobileMasked?: string;
  readonly count: number;
  readonly oldestDays: number;
}

const failedStatuses = ['FAILED', 'TIMED_OUT'] as const;

const failedExecutions = async (deps: AttentionDeps, district: string | undefined) => {
  const lists = await Promise.all(
    (['registration', 'rosterImport'] as const).flatMap((workflow) =>
      failedStatuses.map((status) =>
        readPages((cursor, limit) =>
          deps.ledger
            .list({ workflow, status, limit, ...(district === undefined ? {} : { district }), ...(cursor === undefined ? {} : { cursor }) })
            .then((page) => ({ items: page.entries, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) })),
        ),
      ),
    ),
  );
  const failedAt = (entry: ExecutionEntry) => entry.stoppedAt ?? entry.startedAt;
  const all = lists.flat().sort((a, b) => failedAt(b).localeCompare(failedAt(a)));
  const items = await Promise.all(
    all.slice(0, shown).map(async (entry) => {
      const registrationId = entry.workflow === 'registration' ? registrationIdOfExecution(entry.name) : undefined;
      const registration = registrationId === undefined ? undefined : await deps.registry.getRegistration(registrationId);
      return {
        workflow: entry.workflow,
        name: entry.name,
        ...(registrationId === undefined ? {} : { registrationId }),
        ...(registration?.block === undefined ? {} : { block: registration.block }),
        failedAt: failedAt(entry),
        error: entry.error ?? entry.status,
      };
    }),
  );
  return { count: all.length, items };
};

const overdueCases = async (deps: AttentionDeps, district: string | undefined, now: number) => {
  const waits = await readPages((cursor, limit) =>
    deps.waits
      .overdue({
        now: new Date(now).toISOString(),
        limit,
        ...(district === undefined ? {} : { district }),
        ...(cursor === undefined ? {} : { cursor }),
      })
      .then((page) => ({ items: page.waits, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) })),
  );
  const holders = new Map<string, { count: number; since: string }>();
  for (const wait of waits) {
    const queue = wait.waitingOn.kind === 'approver' ? wait.waitingOn.queue : 'applicant';
    const held = holders.get(queue);
    holders.set(queue, { count: (held?.count ?? 0) + 1, since: held === undefined || wait.since < held.since ? wait.since : held.since });
  }
  const top = [...holders].sort(([a, one], [b, other]) => other.count - one.count || a.localeCompare(b)).slice(0, shown);
  const byHolder: OverdueHolder[] = await Promise.all(
    top.map(async ([queue, { count, since }]) => {
      const approver = queue === 'applicant' ? undefined : await deps.approvers.get(queue);
      return {
        queue,
        ...(approver === undefined ? {} : { name: approver.name, mobileMasked: maskMobile(approver.mobile) }),
        ...(approver?.office === undefined ? {} : { office: approver.office }),
        count,
        oldestDays: Math.max(0, Math.floor((now - Date.parse(since)) / 86_400_000)),
      };
    }),
  );
  return { count: waits.length, byHolder };
};

const openAnomalies = async (deps: AttentionDeps, district: string | undefined) => {
  const anomalies = await readPages<Anomaly>((cursor, limit) =>
    deps.anomalies.list({
      state: 'open',
      limit,
      ...(district === undefined ? {} : { district }),
      ...(cursor === undefined ? {} : { cursor }),
    }),
  );
  return { open: anomalies.length, items: anomalies.slice(0, shown) };
};

/** The file name of a roster key (`rosters/<scheme>/<district>/<type>/<file>`). */
const fileNameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

const codeOf = (record: ImportRecord): string =>
  record.refusal?.code ?? record.failure?.error ?? (record.reason === undefined ? record.status : 'BAD_KEY');

/** Refused or failed imports, newest first, leaving out those a later import of the same key finished. */
const refusedImports = async (deps: AttentionDeps, district: string | undefined) => {
  const records = await readPages<ImportRecord>((cursor, limit) =>
    deps.imports
      .list({ limit, ...(district === undefined ? {} : { district }), ...(cursor === undefined ? {} : { cursor }) })
      .then((page) => ({ items: [...page.imports], ...(page.cursor === undefined ? {} : { cursor: page.cursor }) })),
  );
  const putRight = new Set<string>();
  const refused: ImportRecord[] = [];
  for (const record of records) {
    if (record.status === 'DONE') putRight.add(record.key);
    else if ((record.status === 'REFUSED' || record.status === 'FAILED') && !putRight.has(record.key)) refused.push(record);
  }
  return {
    count: refused.length,
    items: refused.slice(0, shown).map((record) => ({
      importId: record.importId,
      fileName: fileNameOf(record.key),
      refusedAt: record.finishedAt ?? record.receivedAt,
      code: codeOf(record),
    })),
  };
};

export const attention = async (
  deps: AttentionDeps,
  caller: Caller,
  query: { readonly campaignId?: string; readonly district?: string },
) => {
  const district = listDistrict(caller, query.district);
  const now = deps.clock.now();
  const asOf = (await deps.progress.asOf()) ?? null;
  const behind = async (): Promise<BlockBehind[]> => {
    if (query.campaignId === undefined) return [];
    const campaign = await requireCampaign(deps, caller, query.campaignId);
    const districts = visibleDistricts(caller, campaign).filter((one) => district === undefined || one === district);
    return (await blocksBehind(deps, caller, campaign, districts)).filter((block) => block.behindBy > 0).slice(0, 5);
  };
  const [failed, overdue, anomalies, imports, blocks] = await Promise.all([
    failedExecutions(deps, district),
    overdueCases(deps, district, now),
    openAnomalies(deps, district),
    refusedImports(deps, district),
    behind(),
  ]);
  return { asOf, failedExecutions: failed, overdue, anomalies, refusedImports: imports, blocksBehind: blocks };
};
