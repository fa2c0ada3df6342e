// Stuck waits as CloudWatch metrics. AWS has no metric for "a registration waits past its SLA", so on a schedule
// (infra/specs.ts `schedules`) this counts the waits past their SLA per step from the table's waits index
// (countStuck, the query GET /v1/admin/stuck lists from) and publishes one StuckWaits value per step through
// Powertools Metrics (EMF in the function's logs): the stack's stuck-approvals alarm reads Step=approval.
// Counts only: no id, district or person leaves the table.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createWaits, systemClock } from '../adapters/table-factories.js';
import { logger } from '../adapters/logger.js';
import { metricsShape, parseEnv } from '../config.js';
import { countStuck } from '../core/use-cases/stuck.js';
import { stuckWaitsMetric } from '../../infra/specs.js';

const config = parseEnv(metricsShape);
const deps = { waits: createWaits(), clock: systemClock };
const metrics = new Metrics({ namespace: config.POWERTOOLS_METRICS_NAMESPACE, serviceName: stuckWaitsMetric.serviceName });

export const handler = async (): Promise<{ stuck: Awaited<ReturnType<typeof countStuck>> }> => {
  const stuck = await countStuck(deps);
  for (const [step, count] of Object.entries(stuck)) {
    // One EMF document per step: each value carries its own Step dimension.
    const single = metrics.singleMetric();
    single.addDimension(stuckWaitsMetric.stepDimension, step);
    single.addMetric(stuckWaitsMetric.metricName, MetricUnit.Count, count);
  }
  logger.info('stuck waits counted', { stuck });
  return { stuck };
};
