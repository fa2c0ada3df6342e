// healthcard status: what a district admin wants at a glance — is the stack up, who am I, and how the
// campaigns stand (saturation, approvals pending, failed executions to look at).
import type * as z from 'zod';
import { workflowNames, type CampaignProgressView, type CampaignView, type WorkflowName } from '../../functions/api/schemas.js';
import { optional } from '../args.js';
import { count, json, percent, table } from '../format.js';
import type { Command } from '../context.js';

interface Health {
  status: string;
  checks: { kind: string; name: string; ok: boolean; error?: string }[];
}
interface Me {
  subject: string;
  roles: string[];
  districts: string[];
  ddoCodes?: string[];
}
type Campaign = z.output<typeof CampaignView>;
type CampaignProgress = z.output<typeof CampaignProgressView>;
type Place = CampaignProgress['total'];

const isAdmin = (me: Me) => me.roles.includes('district-admin') || me.roles.includes('state-admin');

export const status: Command = async ({ api, values, json: asJson, io }) => {
  const health = (await api.request<Health>('GET', '/health', { accept: [503], auth: false })).body;
  const me = await api.get<Me>('/v1/me');
  const healthy = health.status === 'ok';

  let campaigns: (Campaign & { progress: Place; issuedToday: number })[] | undefined;
  let failed: Record<z.output<typeof WorkflowName>, number> | undefined;
  if (isAdmin(me)) {
    const listed = (await api.get<{ items: Campaign[] }>('/v1/admin/campaigns')).items;
    campaigns = await Promise.all(
      listed.map(async (campaign) => {
        const progress = await api.get<CampaignProgress>(`/v1/admin/campaigns/${campaign.campaignId}/progress`);
        const issuedToday = progress.districts.reduce((sum, district) => sum + (district.change?.issued ?? 0), 0);
        return { ...campaign, progress: progress.total, issuedToday };
      }),
    );
    // A state admin lists every district at once; a district admin one district at a time.
    const asked = optional(values, 'district');
    const districts = asked !== undefined ? [asked] : me.roles.includes('state-admin') ? [undefined] : me.districts;
    failed = { registration: 0, rosterImport: 0 };
    for (const workflow of workflowNames) {
      for (const district of districts) {
        const query = new URLSearchParams({ workflow, status: 'FAILED', limit: '100', ...(district === undefined ? {} : { district }) });
        failed[workflow] += (await api.all(`/v1/admin/executions?${query.toString()}`)).length;
      }
    }
  }
  const pending = campaigns?.reduce((sum, campaign) => sum + campaign.progress.pendingApproval, 0);
  const pendingOverWeek = campaigns?.reduce((sum, campaign) => sum + (campaign.progress.pendingByAge['over 7 days'] ?? 0), 0);

  if (asJson) {
    io.stdout.write(
      json({
        api: api.baseUrl,
        health,
        me,
        campaigns,
        pendingApprovals: pending,
        pendingApprovalsOver7Days: pendingOverWeek,
        failedExecutions: failed,
      }),
    );
    return healthy ? 0 : 1;
  }
  const out: string[] = [];
  const down = health.checks.filter((check) => !check.ok);
  out.push(
    `Stack      ${api.baseUrl}: ${healthy ? `ok (${health.checks.length} checks)` : `DEGRADED: ${down.map((check) => `${check.kind} ${check.name} ${check.error ?? ''}`.trim()).join('; ')}`}`,
  );
  out.push(`You        ${me.subject}: ${me.roles.join(', ')}${me.districts.length === 0 ? '' : `; districts ${me.districts.join(', ')}`}`);
  if (campaigns === undefined || failed === undefined) {
    out.push('Campaigns  not shown: they are for district and state admins (--role district-admin).');
  } else {
    out.push(`Approvals  ${count(pending)} pending${pendingOverWeek === 0 ? '' : `, ${count(pendingOverWeek)} for over 7 days`}`);
    out.push(
      `Failed     ${count(failed.registration)} registration, ${count(failed.rosterImport)} roster-import execution(s)${failed.registration + failed.rosterImport === 0 ? '' : ' (healthcard executions --status FAILED)'}`,
    );
    out.push('');
    if (campaigns.length === 0) out.push('No campaigns yet.');
    else {
      out.push(
        table(
          [
            { header: 'CAMPAIGN' },
            { header: 'ID' },
            { header: 'SCHEME' },
            { header: 'DISTRICTS' },
            { header: 'ELIGIBLE', align: 'right' },
            { header: 'CARDS', align: 'right' },
            { header: 'TODAY', align: 'right' },
            { header: 'SATURATION', align: 'right' },
            { header: 'PENDING', align: 'right' },
          ],
          campaigns.map((campaign) => [
            campaign.name,
            campaign.campaignId,
            campaign.scheme,
            campaign.districts.join(', '),
            count(campaign.progress.eligible),
            count(campaign.progress.issued),
            `+${count(campaign.issuedToday)}`,
            percent(campaign.progress.saturationPercent),
            count(campaign.progress.pendingApproval),
          ]),
        ),
      );
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return healthy ? 0 : 1;
};
