// The approver directory: who holds each approval queue, the mobile their reminders go to and in which language.
// Kept by district and state admins in scope; read by the wait sweep's reminders (core/use-cases/reminders.ts).
// The mobile is stored as a registration's is (an attribute of the item) and answered masked, as anomalies mask it.
import { maskMobile } from '../anomalies.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { normalizeIndianMobile } from '../otp.js';
import { checkDistrict } from '../place-names.js';
import { indianDay } from '../progress.js';
import type { Approver, ApproverDirectory } from '../../ports/approvers.js';
import { isStateAdmin, listDistrict, requireAdminDistrict } from './access.js';
import type { Clock } from './deps.js';

export interface ApproverDeps {
  readonly approvers: Pick<ApproverDirectory, 'put' | 'get' | 'list'>;
  readonly clock: Clock;
}

export type ApproverView = Omit<Approver, 'mobile'> & { readonly mobile: string };

const viewOf = (approver: Approver): ApproverView => ({ ...approver, mobile: maskMobile(approver.mobile) });

const ddoCodePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** A queue name read: its kind and what it names; a queue no approval task can be in is a 400 INVALID_QUEUE. */
export const parseQueue = (
  queue: string,
): { kind: 'ddo'; ddoCode: string } | { kind: 'verifier' | 'district-admin'; district: string } | { kind: 'state-admin' } => {
  const [kind, ...rest] = queue.split(':');
  const value = rest.join(':');
  if (kind === 'ddo' && ddoCodePattern.test(value)) return { kind, ddoCode: value };
  if (kind === 'state-admin' && value === 'all') return { kind };
  if (kind === 'verifier' || kind === 'district-admin') {
    const district = checkDistrict(value);
    if (district.ok) return { kind, district: district.name };
  }
  throw new ValidationError({
    code: 'INVALID_QUEUE',
    message: `Not an approval queue: ${queue}. Queues are ddo:<DDO code>, verifier:<district>, district-admin:<district>, state-admin:all.`,
  });
};

/** Canonical queue name (a district under its gazetteer name). */
const queueName = (parsed: ReturnType<typeof parseQueue>): string => {
  switch (parsed.kind) {
    case 'ddo':
      return `ddo:${parsed.ddoCode}`;
    case 'state-admin':
      return 'state-admin:all';
    default:
      return `${parsed.kind}:${parsed.district}`;
  }
};

export const putApprover = async (
  deps: ApproverDeps,
  caller: Caller,
  queue: string,
  body: { name: string; office?: string | undefined; mobile: string; language: 'en' | 'hi'; district?: string | undefined },
): Promise<ApproverView> => {
  const parsed = parseQueue(queue);
  let district: string | undefined;
  if (parsed.kind === 'state-admin') {
    if (!isStateAdmin(caller)) throw new ForbiddenError({ message: "Only a state admin keeps the state admins' queue." });
  } else {
    if (parsed.kind === 'ddo') {
      if (body.district === undefined)
        throw new ValidationError({ code: 'DISTRICT_REQUIRED', message: "Say which district this DDO's office is in: district." });
      district = body.district;
    } else {
      if (body.district !== undefined && body.district !== parsed.district)
        throw new ValidationError({
          code: 'DISTRICT_MISMATCH',
          message: `The queue ${queue} is of ${parsed.district}, not of ${body.district}.`,
        });
      district = parsed.district;
    }
    requireAdminDistrict(caller, district);
  }
  const mobile = normalizeIndianMobile(body.mobile);
  if (mobile === undefined)
    throw new ValidationError({ code: 'INVALID_MOBILE', message: 'The mobile number must be a 10-digit Indian mobile number.' });
  const now = deps.clock.now();
  const approver: Approver = {
    queue: queueName(parsed),
    ...(district === undefined ? {} : { district }),
    name: body.name,
    ...(body.office === undefined ? {} : { office: body.office }),
    mobile,
    language: body.language,
    updatedAt: new Date(now).toISOString(),
    updatedBy: caller.subject,
  };
  // A new approver's first digest can go out today.
  await deps.approvers.put(approver, indianDay(now));
  return viewOf(approver);
};

export const listApprovers = async (
  deps: ApproverDeps,
  caller: Caller,
  query: { district?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: ApproverView[]; cursor?: string }> => {
  const district = listDistrict(caller, query.district);
  const page = await deps.approvers.list({
    ...(district === undefined ? {} : { district }),
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { items: page.items.map(viewOf), ...(page.cursor === undefined ? {} : { cursor: page.cursor }) };
};
