// Delegation of charge (core/delegations.ts for the rules): a DDO, or an admin for them, hands a DDO code's queue
// to another DDO code for some days; the delegate sees and decides that queue while it is active, in their own
// name with `onBehalfOf` (core/use-cases/approval.ts). Ending early is the only write after it is made.
import { checkDelegationRequest, delegationState, isActive, type DelegationState } from '../delegations.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { indianDay } from '../progress.js';
import type { ApproverDirectory } from '../../ports/approvers.js';
import type { Delegation, Delegations } from '../../ports/delegations.js';
import { adminSees, isStateAdmin } from './access.js';
import type { Clock } from './deps.js';

export interface DelegationDeps {
  readonly delegations: Delegations;
  /** Where a DDO code's district is known (its queue's entry): a district admin acts only for DDOs of theirs. */
  readonly approvers: Pick<ApproverDirectory, 'get'>;
  readonly clock: Clock;
  readonly newId: () => string;
}

export type DelegationView = Delegation & { readonly state: DelegationState; readonly active: boolean };

/** How far back a list reaches: delegations over for more than this are not listed (they stay in the audit). */
const listedDays = 30;

const viewOf = (delegation: Delegation, now: number): DelegationView => {
  const state = delegationState(delegation, now);
  return { ...delegation, state, active: state === 'active' };
};

/** Whether the caller may hand over or end the charge of `ddoCode`: its DDO, a state admin, or its district's admin. */
const mayActFor = async (deps: Pick<DelegationDeps, 'approvers'>, caller: Caller, ddoCode: string): Promise<boolean> => {
  if (caller.roles.includes('ddo') && caller.ddoCodes.includes(ddoCode)) return true;
  if (isStateAdmin(caller)) return true;
  if (!caller.roles.includes('district-admin')) return false;
  return adminSees(caller, (await deps.approvers.get(`ddo:${ddoCode}`))?.district);
};

export const createDelegation = async (
  deps: DelegationDeps,
  caller: Caller,
  request: { fromDdoCode: string; toDdoCode: string; startsOn: string; endsOn: string; note?: string | undefined },
): Promise<DelegationView> => {
  const now = deps.clock.now();
  checkDelegationRequest(request, now);
  if (!(await mayActFor(deps, caller, request.fromDdoCode)))
    throw new ForbiddenError({
      message: `DDO code ${request.fromDdoCode} is not yours to hand over (its DDO, or an admin of its district, may).`,
    });
  const delegation: Delegation = {
    delegationId: deps.newId(),
    fromDdoCode: request.fromDdoCode,
    toDdoCode: request.toDdoCode,
    startsOn: request.startsOn,
    endsOn: request.endsOn,
    ...(request.note === undefined ? {} : { note: request.note }),
    createdBy: caller.subject,
    createdAt: new Date(now).toISOString(),
  };
  const { overlapping } = await deps.delegations.create(delegation);
  if (overlapping !== undefined)
    throw new ConflictError({
      code: 'DELEGATION_OVERLAPS',
      message: `DDO code ${request.fromDdoCode} is already handed to ${overlapping.toDdoCode} from ${overlapping.startsOn} to ${overlapping.endsOn}; end that one first or choose other days.`,
      details: { delegationId: overlapping.delegationId, startsOn: overlapping.startsOn, endsOn: overlapping.endsOn },
    });
  return viewOf(delegation, now);
};

/** The delegations the caller gave and received (a DDO: of its codes; an admin: of the DDO code asked for). */
export const listDelegations = async (
  deps: DelegationDeps,
  caller: Caller,
  query: { ddoCode?: string | undefined },
): Promise<{ given: DelegationView[]; received: DelegationView[] }> => {
  const now = deps.clock.now();
  let codes: readonly string[];
  if (query.ddoCode !== undefined) {
    if (!(await mayActFor(deps, caller, query.ddoCode)))
      throw new ForbiddenError({ message: `DDO code ${query.ddoCode} is not yours, nor of your districts.` });
    codes = [query.ddoCode];
  } else if (caller.roles.includes('ddo')) {
    codes = caller.ddoCodes;
  } else {
    throw new ValidationError({ code: 'DDO_CODE_REQUIRED', message: 'Say whose delegations: ?ddoCode=<a DDO code of your districts>.' });
  }
  const since = indianDay(now - listedDays * 86_400_000);
  const [given, received] = await Promise.all([
    Promise.all(codes.map((code) => deps.delegations.givenBy(code, since))),
    Promise.all(codes.map((code) => deps.delegations.receivedBy(code, since))),
  ]);
  const byStart = (one: Delegation, other: Delegation) => one.startsOn.localeCompare(other.startsOn);
  return {
    given: given
      .flat()
      .sort(byStart)
      .map((delegation) => viewOf(delegation, now)),
    received: received
      .flat()
      .sort(byStart)
      .map((delegation) => viewOf(delegation, now)),
  };
};

/** Ends a delegation now (its delegator, its delegate or an admin in scope); ending it again answers the same. */
export const endDelegation = async (deps: DelegationDeps, caller: Caller, delegationId: string): Promise<DelegationView> => {
  const found = await deps.delegations.get(delegationId);
  const mine =
    found !== undefined &&
    ((caller.roles.includes('ddo') && caller.ddoCodes.includes(found.toDdoCode)) || (await mayActFor(deps, caller, found.fromDdoCode)));
  // Another's delegation answers as a made-up id does.
  if (found === undefined || !mine) throw new NotFoundError({ code: 'DELEGATION_NOT_FOUND', message: 'No such delegation.' });
  if (found.endedAt !== undefined) return viewOf(found, deps.clock.now());
  const at = new Date(deps.clock.now()).toISOString();
  await deps.delegations.end(delegationId, caller.subject, at);
  const ended = (await deps.delegations.get(delegationId)) ?? { ...found, endedAt: at, endedBy: caller.subject };
  return viewOf(ended, deps.clock.now());
};

/**
 * The queues handed to a DDO by delegations active now (`ddo:<fromDdoCode>`), one query per DDO code it holds.
 * Its own queues are not among them: a code delegated back to its own holder adds nothing.
 */
export const delegatedQueuesOf = async (
  deps: { readonly delegations: Pick<Delegations, 'receivedBy'>; readonly clock: Clock },
  caller: Caller,
): Promise<string[]> => {
  if (!caller.roles.includes('ddo') || caller.ddoCodes.length === 0) return [];
  const now = deps.clock.now();
  const today = indianDay(now);
  const received = await Promise.all(caller.ddoCodes.map((code) => deps.delegations.receivedBy(code, today)));
  const queues = received
    .flat()
    .filter((delegation) => isActive(delegation, now) && !caller.ddoCodes.includes(delegation.fromDdoCode))
    .map((delegation) => `ddo:${delegation.fromDdoCode}`);
  return [...new Set(queues)];
};
