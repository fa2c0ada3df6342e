// healthcard report daily: the daily block-wise report of a campaign as at the end of a day, printed as a
// table, its CSV and PDF downloaded from their 15-minute links into --out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as z from 'zod';
import type { DailyReportView } from '../../functions/api/schemas.js';
import type { DailyRow } from '../../functions/core/use-cases/daily-report.js';
import { optional, required } from '../args.js';
import { download } from '../files.js';
import { UsageError } from '../errors.js';
import { count, json, percent, table } from '../format.js';
import { isDay } from '../time.js';
import type { Command } from '../context.js';

/** What GET /v1/admin/campaigns/{id}/reports/daily answers. */
type DailyReport = z.output<typeof DailyReportView>;

export const dailyTable = (rows: readonly DailyRow[], total: DailyRow): string =>
  table(
    [
      { header: 'DISTRICT' },
      { header: 'BLOCK' },
      { header: 'ELIGIBLE', align: 'right' },
      { header: 'CARDS', align: 'right' },
      { header: 'ON DATE', align: 'right' },
      { header: 'SAT.', align: 'right' },
      { header: 'REGISTERED', align: 'right' },
      { header: 'ON DATE', align: 'right' },
      { header: 'PENDING', align: 'right' },
      { header: '>7 DAYS', align: 'right' },
      { header: 'NO MOBILE', align: 'right' },
      { header: 'UPDATE', align: 'right' },
      { header: 'EKYC FAIL', align: 'right' },
      { header: 'REJECTED', align: 'right' },
      { header: 'NOT STARTED', align: 'right' },
    ],
    [...rows, total].map((row) => [
      row.district,
      row.block,
      count(row.eligible),
      count(row.issuedTillDate),
      count(row.issuedOnDate),
      percent(row.saturationPercent),
      count(row.startedTillDate),
      count(row.startedOnDate),
      count(row.pendingApproval),
      count(row.pendingOver7Days),
      count(row.aadhaarMobileNotLinked),
      count(row.aadhaarUpdateNeeded),
      count(row.ekycFailing),
      count(row.rejected),
      count(row.notStarted),
    ]),
  );

const save = async (url: string, file: string) => writeFileSync(file, await download(url, file));

/** The outlook in one sentence: the target, the rates, the projected day (docs/campaigns.md). */
const outlookLine = (outlook: DailyReport['outlook']) => {
  const pace = `${outlook.achievedPerDay} cards a day over its last 7 days`;
  const projected =
    outlook.projectedSaturationOn === null ? 'no projection at no pace' : `saturation projected on ${outlook.projectedSaturationOn}`;
  if (outlook.target === null) return `${outlook.carded} carded, no target set; ${pace}, ${projected}.`;
  const { saturationPercent, endsOn, targetCards } = outlook.target;
  const needed = outlook.neededPerDay === null ? 'the end date has passed' : `${outlook.neededPerDay} a day needed`;
  return `Target ${saturationPercent}% by ${endsOn} (${targetCards} cards): ${outlook.carded} carded, ${outlook.daysLeft} days left, ${needed}; ${pace}, ${projected}.`;
};

export const report: Command = async ({ command, api, values, positionals, json: asJson, io }) => {
  if (positionals[0] !== 'daily')
    throw new UsageError({ message: `Unknown report "${positionals[0]}": the one there is is daily. Usage: ${command.usage}` });
  const campaignId = required(values, 'campaign', command);
  const date = required(values, 'date', command);
  if (!isDay(date)) throw new UsageError({ message: `--date ${date}: a day, YYYY-MM-DD.` });
  const out = resolve(io.cwd, optional(values, 'out') ?? '.');

  const daily = await api.get<DailyReport>(`/v1/admin/campaigns/${encodeURIComponent(campaignId)}/reports/daily?date=${date}`);
  mkdirSync(out, { recursive: true });
  const base = join(out, `daily-${daily.campaign.campaignId}-${daily.date}`);
  const files = { csv: `${base}.csv`, pdf: `${base}.pdf` };
  await Promise.all([save(daily.csvUrl, files.csv), save(daily.pdfUrl, files.pdf)]);

  if (asJson) {
    io.stdout.write(json({ ...daily, files }));
    return 0;
  }
  io.stdout.write(
    [
      `${daily.campaign.name} — daily report for ${daily.date} (as at the end of the day, IST)`,
      '',
      daily.rows.length === 0 ? "No blocks yet: import a roster of the campaign's districts first." : dailyTable(daily.rows, daily.total),
      '',
      outlookLine(daily.outlook),
      '',
      `Saved ${files.csv}`,
      `Saved ${files.pdf}`,
      '',
    ].join('\n'),
  );
  return 0;
};
