// Anomalies: observed as registrations start, listed and reviewed by admins (core/anomalies.ts has the rules).
import { anomalyIdOf, isAnomalous, maskMobile, nextAnomaly, normOf, type AnomalyKind, type ReviewOutcome } from '../anomalies.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Caller } from '../identity.js';
import { familyIdOf } from '../person.js';
import { indianDay } from '../progress.js';
import { findScheme } from '../schemes.js';
import type { Anomalies } from '../../ports/anomalies.js';
import type { Registration } from '../../ports/registry.js';
import { adminSees, listDistrict } from './access.js';
import type { Clock } from './deps.js';

export interface AnomalyDeps {
  readonly anomalies: Anomalies;
  readonly clock: Clock;
}

/** Sets are counted up to this many members: enough to see the scale of a shared mobile without reading it all. */
const setCap = 1000;

interface Observation {
  readonly kind: AnomalyKind;
  /** Identifies the set: a mobile's keyed hash, or an operator and a day. */
  readonly setKey: string;
  readonly subject: string;
  readonly day?: string;
  readonly member: string;
}

/**
 * A registration just started: add it to its mobile's families and its operator's day, and raise or update the
 * anomaly of a set past its norm. Repeating it (a retried request) changes nothing. `mobileToken` is the
 * mobile's keyed hash: the number itself is never a key.
 */
export const observeRegistration = async (deps: AnomalyDeps, registration: Registration, mobileToken: string): Promise<void> => {
  const scheme = findScheme(registration.scheme);
  if (scheme === undefined) return;
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  const day = indianDay(now);
  const observations: Observation[] = [
    { kind: 'shared-mobile', setKey: mobileToken, subject: maskMobile(registration.mobile), member: familyIdOf(registration.personId) },
    ...(registration.operatorId === undefined
      ? []
      : [
          {
            kind: 'operator-volume' as const,
            setKey: `${registration.operatorId}#${day}`,
            subject: registration.operatorId,
            day,
            member: registration.personId,
          },
        ]),
  ];
  for (const observation of observations) {
    const anomalyId = anomalyIdOf(observation.kind, scheme.id, registration.district, observation.setKey);
    const members = await deps.anomalies.addToSet(
      anomalyId,
      { member: observation.member, registrationId: registration.registrationId, at },
      setCap,
    );
    const norm = normOf(scheme, observation.kind);
    if (!isAnomalous(members, norm)) continue;
    // Several registrations of one set may land at once: read, decide, write if unchanged; else read again.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await deps.anomalies.get(anomalyId);
      if (existing !== undefined && existing.members >= members && existing.lastSeenAt >= at) break;
      const next = nextAnomaly(existing, {
        anomalyId,
        kind: observation.kind,
        scheme: scheme.id,
        district: registration.district,
        subject: observation.subject,
        ...(observation.day === undefined ? {} : { day: observation.day }),
        members: Math.max(members, existing?.members ?? 0),
        norm,
        lastRegistrationId: registration.registrationId,
        at,
      });
      if (await deps.anomalies.save(next, existing)) break;
    }
  }
};

const requireAnomaly = async (deps: AnomalyDeps, caller: Caller, anomalyId: string) => {
  const anomaly = await deps.anomalies.get(anomalyId);
  if (anomaly === undefined || !adminSees(caller, anomaly.district))
    throw new NotFoundError({ code: 'ANOMALY_NOT_FOUND', message: 'No such anomaly.' });
  return anomaly;
};

export const listAnomalies = async (
  deps: AnomalyDeps,
  caller: Caller,
  query: { district?: string; state: 'open' | 'reviewed'; kind?: AnomalyKind; limit: number; cursor?: string },
) => {
  const district = listDistrict(caller, query.district);
  return deps.anomalies.list({ ...query, ...(district === undefined ? {} : { district }) });
};

/** One anomaly with the registrations behind it (up to 200), for the review. */
export const anomalyDetail = async (deps: AnomalyDeps, caller: Caller, anomalyId: string) => {
  const anomaly = await requireAnomaly(deps, caller, anomalyId);
  return { ...anomaly, registrations: await deps.anomalies.members(anomalyId, 200) };
};

export const reviewAnomaly = async (
  deps: AnomalyDeps,
  caller: Caller,
  anomalyId: string,
  input: { outcome: ReviewOutcome; note: string },
) => {
  const anomaly = await requireAnomaly(deps, caller, anomalyId);
  const review = { ...input, by: caller.subject, at: new Date(deps.clock.now()).toISOString(), members: anomaly.members };
  if (!(await deps.anomalies.review(anomalyId, review))) {
    throw new ConflictError({
      code: 'ALREADY_REVIEWED',
      message: 'This anomaly was reviewed already.',
      details: { review: anomaly.review },
    });
  }
  return { ...anomaly, state: 'reviewed' as const, review };
};
