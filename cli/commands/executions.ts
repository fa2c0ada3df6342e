// healthcard executions: the ledger's executions, filtered as GET /v1/admin/executions filters them, every
// page followed, as a table or JSON.
import type * as z from 'zod';
import { executionStatuses, workflowNames, type ExecutionView } from '../../functions/api/schemas.js';
import { oneOf, optional } from '../args.js';
import { UsageError } from '../errors.js';
import { json, ist, table } from '../format.js';
import { instantOf } from '../time.js';
import type { Command } from '../context.js';

/** One item of GET /v1/admin/executions. */
type ExecutionItem = z.output<typeof ExecutionView>;

export const executionsQuery = (values: Record<string, string | boolean | undefined>): URLSearchParams => {
  const workflow = oneOf(optional(values, 'workflow'), workflowNames, 'workflow', 'registration');
  const status = optional(values, 'status');
  const query = new URLSearchParams({ workflow, limit: '100' });
  if (status !== undefined) query.set('status', oneOf(status.toUpperCase(), executionStatuses, 'status', 'FAILED'));
  const district = optional(values, 'district');
  if (district !== undefined) query.set('district', district);
  const from = optional(values, 'from');
  if (from !== undefined) query.set('from', instantOf(from, 'start', '--from'));
  const to = optional(values, 'to');
  if (to !== undefined) query.set('to', instantOf(to, 'end', '--to'));
  return query;
};

export const executionsTable = (items: readonly ExecutionItem[]): string =>
  table(
    [
      { header: 'NAME' },
      { header: 'STATUS' },
      { header: 'DISTRICT' },
      { header: 'STARTED' },
      { header: 'STOPPED' },
      { header: 'ERROR' },
      { header: 'REDRIVES', align: 'right' },
    ],
    items.map((item) => [
      item.name,
      item.status,
      item.district ?? '-',
      ist(item.startedAt),
      ist(item.stoppedAt),
      item.error ?? '-',
      String(item.redriveCount),
    ]),
  );

export const executions: Command = async ({ api, values, json: asJson, io }) => {
  const query = executionsQuery(values);
  const maxText = optional(values, 'max');
  const max = maxText === undefined ? 1000 : Number(maxText);
  if (!Number.isInteger(max) || max < 1) throw new UsageError({ message: `--max ${maxText}: a whole number above 0.` });
  const items = await api.all<ExecutionItem>(`/v1/admin/executions?${query.toString()}`, max);
  if (asJson) {
    io.stdout.write(json(items));
    return 0;
  }
  const what = [query.get('workflow'), query.get('status') ?? 'any status', query.get('district')]
    .filter((part) => part !== null)
    .join(', ');
  if (items.length === 0) {
    io.stdout.write(`No executions (${what}).\n`);
    return 0;
  }
  io.stdout.write(
    `${items.length} execution${items.length === 1 ? '' : 's'} (${what}), newest first${items.length === max ? `; the first ${max} (--max)` : ''}:\n\n${executionsTable(items)}\n`,
  );
  return 0;
};
