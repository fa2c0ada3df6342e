// What each role sees of a registration and its audit trail (core/views.ts): only the fields its work needs.
import { describe, expect, it } from 'vitest';
import { roles, type Caller, type Role } from '../../functions/core/identity.js';
import { auditView, registrationView, visibilityOf } from '../../functions/core/views.js';
import type { AuditEvent, Registration } from '../../functions/ports/registry.js';

const registration: Registration = {
  registrationId: '11111111-1111-4111-8111-111111111111',
  scheme: 'pmjay',
  status: 'DUPLICATE',
  personId: 'rc:UP0001:01',
  rosterType: 'ration-card-families',
  district: 'Lucknow',
  block: 'Mal',
  mobile: '9876543210',
  channel: 'portal',
  operatorId: 'OP-77',
  campId: 'CAMP-9',
  clientId: 'portal-a',
  aadhaarToken: 'f'.repeat(64),
  aadhaarLast4: '4321',
  ekyc: {
    mode: 'otp',
    name: 'Ram Prasad',
    nameLocal: 'राम प्रसाद',
    yearOfBirth: 1970,
    gender: 'M',
    verifiedAt: '2026-11-02T10:00:00.000Z',
    photoKey: 'photos/abc.png',
  },
  match: { outcome: 'match', nameScore: 0.97, reasons: [] },
  approval: { taskId: 'A-11111111-1111-4111-8111-111111111111', approverKind: 'verifier', queue: 'verifier:Lucknow', level: 1 },
  duplicateOf: { registrationId: '22222222-2222-4222-8222-222222222222', cardNumber: 'PMJ-0000001-7' },
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
};

const audit: AuditEvent[] = [
  { at: '2026-11-02T09:00:00.000Z', actor: { id: 'portal-a', role: 'portal' }, from: null, to: 'STARTED', why: 'STARTED' },
  {
    at: '2026-11-02T09:01:00.000Z',
    actor: { id: 'system', role: 'workflow' },
    from: 'STARTED',
    to: 'MOBILE_OTP_SENT',
    why: 'MOBILE_OTP_SENT',
  },
  {
    at: '2026-11-02T09:30:00.000Z',
    actor: { id: 'verifier.lko@up.gov.in', role: 'verifier' },
    from: 'PENDING_APPROVAL',
    to: 'RETURNED_FOR_CORRECTION',
    why: 'RETURNED_FOR_CORRECTION',
    note: 'Photo unclear',
  },
];

const as = (roles: Role[], subject = 'someone'): Caller => ({ subject, roles, ddoCodes: [], districts: ['Lucknow'] });

describe('role-shaped views', () => {
  it('never carry the mobile or Aadhaar number, the Aadhaar token, the photo key, match scores or operator ids, to any role', () => {
    for (const role of roles) {
      const text = JSON.stringify(registrationView(registration, audit, as([role]), []));
      for (const secret of ['9876543210', 'f'.repeat(64), 'photos/abc.png', 'nameScore', 'OP-77', 'CAMP-9', 'clientId'])
        expect(text, `${role}: ${secret}`).not.toContain(secret);
      expect(text).toContain('XXXX XXXX 4321');
      expect(text).toContain('XXXXXX3210');
    }
  });

  it("give a portal no e-KYC person, approval task id or other registration's id, but the card the person already has", () => {
    const view = registrationView(registration, audit, as(['portal']), []);
    expect(view).not.toHaveProperty('person');
    expect(view.approval).toEqual({ approverKind: 'verifier', level: 1 });
    expect(view.duplicateOf).toEqual({ cardNumber: 'PMJ-0000001-7' });
  });

  it('give an operator and the applicant the person as e-KYC returned them, and approvers everything they act on', () => {
    for (const role of ['operator', 'applicant'] as Role[]) {
      const view = registrationView(registration, audit, as([role]), []);
      expect(view.person).toEqual({ name: 'Ram Prasad', nameLocal: 'राम प्रसाद', yearOfBirth: 1970, gender: 'M' });
      expect(view.approval).not.toHaveProperty('taskId');
    }
    for (const role of ['ddo', 'verifier', 'district-admin', 'state-admin'] as Role[]) {
      const view = registrationView(registration, audit, as([role]), []);
      expect(view.person?.name).toBe('Ram Prasad');
      expect(view.approval?.taskId).toBe('A-11111111-1111-4111-8111-111111111111');
      expect(view.duplicateOf?.registrationId).toBe('22222222-2222-4222-8222-222222222222');
    }
  });

  it("take the widest of a caller's roles", () => {
    expect(visibilityOf(as(['portal', 'verifier']))).toEqual({ ekycPerson: true, approverIds: true, actorIds: true });
    expect(visibilityOf(as(['portal']))).toEqual({ ekycPerson: false, approverIds: false, actorIds: false });
  });

  it("show a portal its own and the system's actions by id, officials by role only; approvers see every id", () => {
    const forPortal = auditView(registration.registrationId, audit, as(['portal'], 'portal-a')).events.map((event) => event.actor);
    expect(forPortal).toEqual([{ id: 'portal-a', role: 'portal' }, { id: 'system', role: 'workflow' }, { role: 'verifier' }]);
    const forOtherOperator = auditView(registration.registrationId, audit, as(['operator'], 'operator-1')).events.map(
      (event) => event.actor,
    );
    expect(forOtherOperator[0]).toEqual({ role: 'portal' });
    const forAdmin = auditView(registration.registrationId, audit, as(['district-admin'])).events;
    expect(forAdmin.map((event) => event.actor.id)).toEqual(['portal-a', 'system', 'verifier.lko@up.gov.in']);
    // The note for the applicant stays: it says what to correct.
    expect(forPortal).toHaveLength(3);
    expect(auditView(registration.registrationId, audit, as(['portal'], 'portal-a')).events[2]?.note).toBe('Photo unclear');
  });
});
