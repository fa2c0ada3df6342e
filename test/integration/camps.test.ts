// A camp from plan to outcome on the embedded stack, as a district's admin, the camp's operator and the people
// invited would go through it. The roster is a ration-card list as the food department exports it (card, member,
// name, gender, year of birth, village, block, district, mobile), dropped in the roster bucket; every expected
// figure is read off that roster and off what the test itself did at the camp (who was checked in, turned away,
// registered), and the registration figures off the registrations read back through the API.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';

const stack = useRegistrationStack();

const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);

interface Member {
  readonly key: string;
  readonly card: string;
  readonly name: string;
  readonly gender: string;
  readonly yearOfBirth: number;
  readonly village: string;
  readonly mobile: string;
}

const rosterCsv = (members: readonly Member[]) =>
  [
    'Ration Card No,Member ID,Name,Gender,Year of Birth,Village,Block,District,Mobile',
    ...members.map((m) => `${m.card},01,${m.name},${m.gender},${m.yearOfBirth},${m.village},Mal,Lucknow,${m.mobile}`),
  ].join('\n');

const invitationsTo = async (mobile: string) =>
  (await stack.driver.outbox(mobile)).filter((message) => message.template === 'camp-invitation');

describe('a camp planned from a catchment', () => {
  it('gets its target list, invites once, and its outcome and follow-up list are what happened at it', async () => {
    const { driver, env } = stack;
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const member = (letter: string, village: string, identity?: SimulatedIdentity, mobile = driver.newMobile()): Member => ({
      key: `rc:UPCAMP${tag}${letter}:01`,
      card: `UPCAMP${tag}${letter}`,
      name: identity?.name ?? `Camp Person ${letter}`,
      gender: identity?.gender ?? 'F',
      yearOfBirth: identity?.yearOfBirth ?? 1980,
      village,
      mobile,
    });
    // Nagwa and Rahimabad are the camp's villages; Atari is not.
    const carded = member('A', 'Nagwa', driver.identity('success', 2));
    const started = member('B', 'Nagwa', driver.identity('success', 3));
    const stayedHome = member('C', 'Rahimabad');
    const optedOut = member('D', 'Rahimabad');
    const noMobile = member('E', 'Rahimabad', undefined, '');
    const outside = member('F', 'Atari');
    const turnedAway = member('G', 'Nagwa');
    // Another family on the stay-at-home's phone: one SMS reaches both.
    const sharesPhone = member('H', 'Rahimabad', undefined, stayedHome.mobile);
    const roster = [carded, started, stayedHome, optedOut, noMobile, outside, turnedAway, sharesPhone];

    const rosters = rosterClient(env);
    const key = `rosters/pmjay/Lucknow/ration-card-families/camp-${tag}.csv`;
    await rosters.upload(key, rosterCsv(roster));
    expect(await rosters.finished('Lucknow', key)).toMatchObject({ status: 'DONE', counts: { inserted: 8, rejected: 0 } });
    rosters.close();

    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: `Camp drive ${tag}`, scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-01-01', endDate: '2027-12-31' },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const nodalMobile = driver.newMobile();
    const plan = {
      campaignId: String(campaign.body.campaignId),
      name: `Nagwa panchayat bhawan camp ${tag}`,
      placeKind: 'panchayat-bhawan',
      address: 'Panchayat Bhawan, Nagwa',
      district: 'Lucknow',
      block: 'Mal',
      village: 'Nagwa',
      startsOn: today,
      endsOn: today,
      opensAt: '09:00',
      closesAt: '17:00',
      nodalOfficer: { name: 'Sunita Verma', mobile: nodalMobile },
      operators: ['dev-operator'],
      catchment: { villages: ['Nagwa', 'Rahimabad'] },
    };

    // Refused plans: no catchment, days the wrong way round.
    expect(
      await driver.call('POST', '/v1/admin/camps', {
        role: 'district-admin',
        idempotencyKey: randomUUID(),
        body: { ...plan, catchment: {} },
      }),
    ).toMatchObject({ status: 400, body: { code: 'CAMP_CATCHMENT_EMPTY' } });
    expect(
      await driver.call('POST', '/v1/admin/camps', {
        role: 'district-admin',
        idempotencyKey: randomUUID(),
        body: { ...plan, startsOn: '2027-02-02', endsOn: '2027-02-01' },
      }),
    ).toMatchObject({ status: 400, body: { code: 'CAMP_DATES_INVALID' } });

    const planKey = randomUUID();
    const planned = await driver.call('POST', '/v1/admin/camps', { role: 'district-admin', idempotencyKey: planKey, body: plan });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    expect(planned.body).toMatchObject({
      status: 'OPEN',
      nodalOfficer: { name: 'Sunita Verma', mobileMasked: `******${nodalMobile.slice(-4)}` },
    });
    expect(JSON.stringify(planned.body)).not.toContain(nodalMobile);
    const campId = String(planned.body.campId);
    const again = await driver.call('POST', '/v1/admin/camps', { role: 'district-admin', idempotencyKey: planKey, body: plan });
    expect({ status: again.status, campId: again.body.campId }).toEqual({ status: 200, campId });

    // The target list: the catchment's eligible people without a card (everyone but Atari's), not started yet.
    const list = async (state: string) => {
      const answer = await driver.call('GET', `/v1/admin/camps/${campId}/targets?state=${state}&limit=100`, { role: 'district-admin' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body as { items: { personKey: string; name?: string; reason: string }[]; total: number };
    };
    const targets = await list('all');
    const onList = [carded, started, stayedHome, optedOut, noMobile, turnedAway, sharesPhone];
    expect(targets.items.map((item) => item.personKey).sort()).toEqual(onList.map((m) => m.key).sort());
    expect(targets.total).toBe(onList.length);
    expect(new Set(targets.items.map((item) => item.reason))).toEqual(new Set(['not-started']));
    // The district's own admin reads whole names.
    expect(targets.items.find((item) => item.personKey === stayedHome.key)?.name).toBe(stayedHome.name);

    // One person opts out (the public route: no token); then the invitations go, once.
    const optOut = await env.api('/v1/sms/opt-out', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mobile: optedOut.mobile }),
    });
    expect(optOut.status).toBe(200);
    const first = await driver.call('POST', `/v1/admin/camps/${campId}/invitations`, { role: 'district-admin' });
    expect(first.body).toEqual({ sent: 4, sharedMobile: 1, alreadyInvited: 0, optedOut: 1, noMobile: 1, deferredByLimit: 0, failed: 0 });
    const second = await driver.call('POST', `/v1/admin/camps/${campId}/invitations`, { role: 'district-admin' });
    expect(second.body).toEqual({ sent: 0, sharedMobile: 0, alreadyInvited: 5, optedOut: 1, noMobile: 1, deferredByLimit: 0, failed: 0 });
    for (const invited of [carded, started, stayedHome, turnedAway]) {
      const messages = await invitationsTo(invited.mobile);
      expect(messages, invited.key).toHaveLength(1);
      expect(messages[0]?.text).toContain('Panchayat Bhawan, Nagwa');
    }
    expect(await invitationsTo(optedOut.mobile)).toEqual([]);
    expect(await invitationsTo(outside.mobile)).toEqual([]);

    // At the camp: the operator named on it finds people by name or card and checks them in (once); another
    // operator of the district does not see the camp at all.
    const queue = await driver.call('GET', `/v1/camps/${campId}/queue?q=${encodeURIComponent(carded.card.toLowerCase())}`, {
      role: 'operator',
    });
    expect((queue.body.items as { personKey: string }[]).map((item) => item.personKey)).toEqual([carded.key]);
    const checkIn = (body: unknown, token?: string) =>
      driver.call('POST', `/v1/camps/${campId}/check-ins`, token === undefined ? { role: 'operator', body } : { token, body });
    const firstCheckIn = await checkIn({ personKey: carded.key });
    expect(firstCheckIn.status, JSON.stringify(firstCheckIn.body)).toBe(200);
    expect((await checkIn({ personKey: carded.key })).body).toEqual(firstCheckIn.body);
    expect((await checkIn({ personKey: started.key })).status).toBe(200);
    const otherOperator = await env.stack.issuer.sign({ roles: ['operator'], districts: 'Lucknow' }, 'operator-not-on-camp');
    expect(await checkIn({ personKey: started.key }, otherOperator)).toMatchObject({ status: 404, body: { code: 'CAMP_NOT_FOUND' } });
    expect(
      (
        await checkIn({
          personKey: turnedAway.key,
          turnedAway: { reasonCode: 'AADHAAR_MOBILE_NOT_LINKED', note: 'Link at the Aadhaar centre' },
        })
      ).body,
    ).toMatchObject({ personKey: turnedAway.key, turnedAway: { reasonCode: 'AADHAAR_MOBILE_NOT_LINKED' } });
    expect(await checkIn({ personKey: outside.key })).toMatchObject({ status: 422, body: { code: 'NOT_ON_CAMP_LIST' } });
    expect((await checkIn({ personKey: outside.key, turnedAway: { reasonCode: 'NOT_ON_LIST' } })).status).toBe(200);

    // Registrations started at the camp carry it; an unknown camp is refused before anything starts.
    const register = (person: Member, camp: string) =>
      driver.start(
        {
          scheme: 'pmjay',
          mobile: person.mobile,
          roster: { rosterType: 'ration-card-families', rationCardNumber: person.card, memberId: '01' },
          channel: 'camp',
          campId: camp,
        },
        { role: 'operator' },
      );
    expect(await register(started, '0123456789abcdef')).toMatchObject({ status: 400, body: { code: 'UNKNOWN_CAMP' } });
    const cardedStart = await register(carded, campId);
    expect(cardedStart.status, JSON.stringify(cardedStart.body)).toBe(202);
    const startedStart = await register(started, campId);
    expect(startedStart.status).toBe(202);
    const cardedId = String(cardedStart.body.registrationId);
    const startedId = String(startedStart.body.registrationId);
    // One goes all the way to a card (mobile, e-KYC; PM-JAY approves a clean match itself); the other verifies the mobile only.
    expect((await driver.verifyMobile(cardedId, carded.mobile, 'operator')).status).toBe(200);
    expect((await driver.ekycByOtp(cardedId, driver.identity('success', 2), 'operator')).body.status).toBe('EKYC_VERIFIED');
    await driver.waitForStatus(cardedId, 'CARD_ISSUED', 'state-admin');
    expect((await driver.verifyMobile(startedId, started.mobile, 'operator')).status).toBe(200);

    // The outcome against what happened: figures of the list from the steps above, registration figures from the
    // registrations read back (e-KYC done: a status past e-KYC in the workflow; cards: CARD_ISSUED).
    const statuses = await Promise.all([cardedId, startedId].map(async (id) => String((await driver.view(id, 'state-admin')).body.status)));
    const pastEkyc = new Set(['EKYC_VERIFIED', 'PENDING_APPROVAL', 'APPROVED', 'CARD_MADE', 'CARD_ISSUED']);
    const outcome = await driver.call('GET', `/v1/admin/camps/${campId}/outcome`, { role: 'district-admin' });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({
      targeted: 7,
      invited: 5,
      came: 2,
      turnedAway: { total: 2, byReason: { AADHAAR_MOBILE_NOT_LINKED: 1, NOT_ON_LIST: 1 } },
      started: statuses.length,
      ekycDone: statuses.filter((status) => pastEkyc.has(status)).length,
      blocked: { total: 0 },
      cards: statuses.filter((status) => status === 'CARD_ISSUED').length,
      notCome: 2,
    });
    expect(outcome.body.cards).toBe(1);

    // The follow-up list: invited, did not come.
    expect((await list('not-come')).items.map((item) => item.personKey)).toEqual([stayedHome.key, sharesPhone.key]);
    const followUp = await driver.call('GET', `/v1/admin/camps/${campId}/follow-up.csv`, { role: 'district-admin' });
    expect(followUp.body).toMatchObject({ campId, people: 2 });
    const followUpCsv = await (await fetch(String(followUp.body.url))).text();
    expect(followUpCsv).toContain(stayedHome.key);
    expect(followUpCsv).not.toContain(carded.key);

    // The outcome as files, and the camp in the district's calendar with the same counts.
    const asCsv = await driver.call('GET', `/v1/admin/camps/${campId}/outcome?format=csv`, { role: 'district-admin' });
    const csv = await (await fetch(String(asCsv.body.url))).text();
    expect(csv).toContain('targeted,7');
    expect(csv).toContain('cards,1');
    const asPdf = await driver.call('GET', `/v1/admin/camps/${campId}/outcome?format=pdf`, { role: 'district-admin' });
    const pdf = Buffer.from(await (await fetch(String(asPdf.body.url))).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const calendar = await driver.call('GET', `/v1/admin/camps?district=Lucknow&from=${today}&to=${today}`, { role: 'district-admin' });
    expect(calendar.status).toBe(200);
    const inCalendar = (calendar.body.items as { campId: string; counts: Record<string, number> }[]).find((item) => item.campId === campId);
    expect(inCalendar?.counts).toEqual({ targeted: 7, invited: 5, came: 2, turnedAway: 2, started: 2, ekycDone: 1, cards: 1 });
    // A state admin sees the same camp with names as initials.
    const stateView = await driver.call('GET', `/v1/admin/camps/${campId}/targets?state=not-come`, { role: 'state-admin' });
    expect((stateView.body.items as { name?: string }[])[0]?.name).not.toBe(stayedHome.name);
  });
});
