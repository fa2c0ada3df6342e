// Parking a wait when the event it waited for came while it parked (core/use-cases/parking.ts): the park task runs in
// the workflow and may not start it, so it hands the case to the wait sweep, whose next run resumes it once. Played
// step by step with in-memory ports; what counts is what the ports are asked to do (resume the case after e-KYC, once).
import { describe, expect, it } from 'vitest';
import { parkWait, sweepWaits } from '../../functions/core/use-cases/parking.js';
import type { RegistrationStatus } from '../../functions/core/registration.js';
import type { Wait } from '../../functions/core/waits.js';
import type { ApprovalTask, Approvals } from '../../functions/ports/approvals.js';
import type { Registration, Registry } from '../../functions/ports/registry.js';
import type { WaitingStepName, WorkflowCallbacks } from '../../functions/ports/workflow.js';

const registrationId = '6b1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
const resume = { scheme: 'up-sects', parkAfterSeconds: 86_400 };

const world = (status: RegistrationStatus) => {
  const calls: string[] = [];
  let wait: Wait | undefined;
  const registry = {
    getRegistration: async () => ({ registrationId, status, scheme: 'up-sects', district: 'Lucknow' }) as unknown as Registration,
    annotate: async (_id: string, request: { why: string }) => void calls.push(`annotate ${request.why}`),
  } as unknown as Registry;
  const approvals = { get: async () => undefined as ApprovalTask | undefined } as unknown as Approvals;
  const parking = {
    park: async () => {
      calls.push('park');
      wait = {
        registrationId,
        step: 'ekyc',
        district: 'Lucknow',
        since: '2026-12-01T00:00:00.000Z',
        slaDueAt: '2026-12-03T00:00:00.000Z',
        waitingOn: { kind: 'applicant' },
        parkedAt: '2026-12-02T00:00:00.000Z',
      };
    },
    resumeSoon: async () => void calls.push('resume soon'),
  };
  const callbacks = {
    succeed: async (_id: string, step: WaitingStepName) => {
      calls.push(`succeed ${step}`);
      wait = undefined;
      return true;
    },
  } as unknown as WorkflowCallbacks;
  const clock = { now: () => Date.parse('2026-12-03T12:00:00.000Z') };
  const waits = {
    overdue: async () => ({ waits: wait === undefined ? [] : [wait] }),
    relocate: async () => undefined,
  };
  return { calls, deps: { registry, approvals, parking, callbacks, clock, waits } };
};

describe('a wait parked while its event came', () => {
  it('is handed to the wait sweep, which resumes it once', async () => {
    const { calls, deps } = world('EKYC_VERIFIED');
    expect(await parkWait(deps, registrationId, 'ekyc', resume, registrationId)).toEqual({ parked: true });
    // Not marked parked in the timeline: it is about to resume.
    expect(calls).toEqual(['park', 'resume soon']);

    expect(await sweepWaits(deps, { pageSize: 10 })).toEqual({ escalated: 0, expired: 0, resumed: 1 });
    expect(await sweepWaits(deps, { pageSize: 10 })).toEqual({ escalated: 0, expired: 0, resumed: 0 });
    expect(calls.filter((call) => call === 'succeed ekyc')).toHaveLength(1);
  });

  it('parks a wait whose event has not come, with a PARKED event, and the sweep leaves it parked', async () => {
    const { calls, deps } = world('EKYC_PENDING');
    expect(await parkWait(deps, registrationId, 'ekyc', resume, registrationId)).toEqual({ parked: true });
    expect(calls).toEqual(['park', 'annotate PARKED']);
    expect(await sweepWaits(deps, { pageSize: 10 })).toEqual({ escalated: 0, expired: 0, resumed: 0 });
    expect(calls).not.toContain('succeed ekyc');
  });
});
