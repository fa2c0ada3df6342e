// healthcard redrive <name>: POST .../redrive, then follow the execution (its Step Functions status, not the
// ledger, which follows by an event) until it leaves RUNNING or the wait ends.
import type * as z from 'zod';
import { workflowNames, type ExecutionDetailView } from '../../functions/api/schemas.js';
import { oneOf, optional, seconds } from '../args.js';
import { duration, json } from '../format.js';
import type { Command } from '../context.js';

type Detail = z.output<typeof ExecutionDetailView>;

/** Where a running execution is: the state it waits in, or the last it entered. */
export const whereItIs = (detail: Pick<Detail, 'timeline'>): string | undefined => {
  const steps = detail.timeline.steps;
  const waiting = steps.filter((step) => step.outcome === 'waiting').at(-1);
  return waiting === undefined ? steps.at(-1)?.state : `waiting in ${waiting.state}`;
};

export const redrive: Command = async ({ api, values, positionals, json: asJson, io }) => {
  const name = positionals[0] as string;
  const workflow = oneOf(optional(values, 'workflow'), workflowNames, 'workflow', 'registration');
  const waitMs = seconds(values, 'wait', 60) * 1000;
  const path = `/v1/admin/executions/${workflow}/${encodeURIComponent(name)}`;
  const started = io.now();
  const redriven = await api.post<{ status: string; redriveCount: number }>(`${path}/redrive`);
  if (!asJson) io.stdout.write(`Redriven ${workflow} ${name} (redrive ${redriven.redriveCount}): ${redriven.status}\n`);

  let detail = await api.getPatiently<Detail>(path, io.sleep);
  while (detail.status === 'RUNNING' && io.now() - started < waitMs) {
    await io.sleep(500);
    detail = await api.getPatiently<Detail>(path, io.sleep);
  }
  const took = duration(io.now() - started);
  if (asJson)
    io.stdout.write(
      json({ workflow, name, status: detail.status, redriveCount: detail.redriveCount, error: detail.error, where: whereItIs(detail) }),
    );
  else if (detail.status === 'RUNNING')
    io.stdout.write(
      `Still RUNNING after ${took}${whereItIs(detail) === undefined ? '' : `: ${whereItIs(detail)}`}. Follow it with healthcard executions --status RUNNING.\n`,
    );
  else io.stdout.write(`${detail.status} after ${took}${detail.error === undefined ? '' : `: ${detail.error}`}\n`);
  // Running on (waiting for a person, say) is what a redrive may rightly do; failing again is not.
  return detail.status === 'SUCCEEDED' || detail.status === 'RUNNING' ? 0 : 1;
};
