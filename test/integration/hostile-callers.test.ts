// What someone attacking the API tries, on the embedded stack, and the answer the contract gives: an applicant
// token bound to nothing, a district "repeating" a migration it no longer owns, place names that would climb out
// of an object key, an Aadhaar number typed into a note, characters that disguise text, a campaign name that
// would reveal another district's campaign, and the stack's own sockets. Each expected answer is the contract's
// (404 as for a made-up record, 400/409 and a code), the masked form is read off the number typed.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { usedSecrets } from '../support/privacy.js';
import { useRegistrationStack } from '../support/registration.js';
import { scanAll } from '../support/stack.js';

const stack = useRegistrationStack();

const madeUp = '00000000-0000-4000-8000-000000000000';
const sign = (claims: Record<string, unknown>, subject: string) => stack.env.stack.issuer.sign(claims, subject);

// UIDAI's published test UID (valid under the standard Verhoeff check), typed as a person writes it.
const typedAadhaar = '9999 4105 7058';
const maskedAadhaar = `XXXX XXXX ${typedAadhaar.slice(-4)}`;

describe('an applicant token', () => {
  it('bound to no registration reads and acts on none: 404 REGISTRATION_NOT_FOUND, as for a made-up id', async () => {
    const { driver } = stack;
    const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 0)));
    await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    const tokens = {
      'no registration_id claim': await sign({ roles: ['applicant'] }, 'hostile-applicant-unbound'),
      'an empty registration_id': await sign({ roles: ['applicant'], registration_id: '' }, 'hostile-applicant-empty'),
      'the development applicant token': stack.env.endpoints.tokens.applicant,
    };
    const actions: [string, string, unknown?][] = [
      ['GET', ''],
      ['POST', '/mobile-otp/resend'],
      ['POST', '/mobile-otp/verify', { otp: '123456' }],
      ['POST', '/dependents', { relation: 'spouse', name: 'Asha Devi', yearOfBirth: 1982, gender: 'F' }],
      ['POST', '/resubmit', { note: 'Corrected' }],
    ];
    for (const [who, token] of Object.entries(tokens)) {
      for (const [method, suffix, body] of actions) {
        for (const id of [registrationId, madeUp]) {
          const answer = await driver.call(method, `/v1/registrations/${id}${suffix}`, { token, body, idempotencyKey: randomUUID() });
          expect([answer.status, answer.body.code], `${method} ${suffix} with ${who}`).toEqual([404, 'REGISTRATION_NOT_FOUND']);
        }
      }
    }
    // Nothing was sent or changed: one code SMS (the first), the registration still waiting for it.
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'mobile-otp')).toHaveLength(1);
    expect((await driver.view(registrationId)).body.status).toBe('MOBILE_OTP_SENT');
  });
});

describe('a district that migrated a case away', () => {
  it('gets the same answer for the same request, 409 for another, and cannot act on the case again', async () => {
    const { driver } = stack;
    const { registrationId } = await driver.employeeAwaitingDdo(driver.identity('success', 1));
    const path = `/v1/admin/registrations/${registrationId}/migrate`;
    const body = { district: 'Kanpur', block: 'Bilhaur', note: 'Transferred to the Kanpur office' };
    // The development district admin is Lucknow's, where the case is.
    const moved = await driver.call('POST', path, { role: 'district-admin', body });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      district: 'Kanpur Nagar',
      block: 'Bilhaur',
      approvalQueue: 'ddo:DDO-LKO-0001',
      migratedFrom: { district: 'Lucknow' },
    });
    const again = await driver.call('POST', path, { role: 'district-admin', body });
    expect(again).toEqual(moved);

    // A "repeat" that differs in any field is another request: refused, and nothing moves.
    for (const changed of [
      { ...body, ddoCode: 'DDO-KNP-0666' },
      { ...body, block: 'Ghatampur' },
      { ...body, village: 'Araul' },
      { ...body, note: 'Transferred, and now to another DDO' },
    ]) {
      const answer = await driver.call('POST', path, { role: 'district-admin', body: changed });
      expect([answer.status, answer.body.code], JSON.stringify(changed)).toEqual([409, 'MIGRATION_REPEAT_DIFFERS']);
    }
    // Moving it on elsewhere is the holder's to do: to Lucknow it is now a case it cannot see.
    const onward = await driver.call('POST', path, {
      role: 'district-admin',
      body: { district: 'Jalaun', note: 'Moving it on from Lucknow' },
    });
    expect([onward.status, onward.body.code]).toEqual([404, 'REGISTRATION_NOT_FOUND']);

    // The approval still waits on the DDO it waited on; the DDO the refused repeat named sees nothing.
    const otherDdo = await sign({ roles: ['ddo'], ddo_codes: 'DDO-KNP-0666' }, 'hostile-other-ddo');
    const otherQueue = await driver.call('GET', '/v1/approvals?limit=100', { token: otherDdo });
    expect(JSON.stringify(otherQueue.body)).not.toContain(registrationId);
    expect((await driver.pendingApprovals('ddo')).map((task) => task.registrationId)).toContain(registrationId);
    const view = await driver.view(registrationId, 'state-admin');
    expect(view.body).toMatchObject({ status: 'PENDING_APPROVAL', district: 'Kanpur Nagar', block: 'Bilhaur' });
    const audit = await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });
    expect((audit.body.events as { why: string }[]).filter((event) => event.why === 'MIGRATED')).toHaveLength(1);

    // Kanpur Nagar, whose case it is now, moves it on: its admin's claim says "Kanpur", the same district.
    const kanpurAdmin = await sign({ roles: ['district-admin'], districts: 'Kanpur' }, 'hostile-kanpur-admin');
    const byKanpur = await driver.call('POST', path, { token: kanpurAdmin, body: { district: 'Jalaun', note: 'Moved again, to Jalaun' } });
    expect(byKanpur.status, JSON.stringify(byKanpur.body)).toBe(200);
    expect(byKanpur.body).toMatchObject({ district: 'Jalaun', migratedFrom: { district: 'Kanpur Nagar' } });
  });
});

describe('values that become part of an object key', () => {
  it('are place names or a 400 INVALID_PLACE_NAME naming the parameter, wherever they come in', async () => {
    const { driver } = stack;
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { name: 'Hostile callers: worklists', scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect(campaign.status).toBe(201);
    const worklist = (district: string, block: string) =>
      driver.call(
        'GET',
        `/v1/admin/campaigns/${String(campaign.body.campaignId)}/worklist?${new URLSearchParams({ district, block }).toString()}`,
        { role: 'district-admin' },
      );
    const marker = `hostile-${randomUUID()}`;
    const refused = async (answer: Promise<{ status: number; body: Record<string, unknown> }>, parameter: string) => {
      const { status, body } = await answer;
      expect([status, body.code], JSON.stringify(body)).toEqual([400, 'INVALID_PLACE_NAME']);
      expect((body.details as { fields: { field: string }[] }).fields.map((field) => field.field)).toContain(parameter);
    };
    for (const block of ['../../x', 'Mal//x', `../../../../../${marker}`, '..', '.', 'Mal\\x', 'Mal/', '%2e%2e'])
      await refused(worklist('Lucknow', block), 'block');
    await refused(worklist('../Lucknow', 'Mal'), 'district');
    await refused(
      driver.call('POST', '/v1/admin/imports/uploads', {
        role: 'state-admin',
        body: { scheme: 'pmjay', district: '../../x', rosterType: 'ration-card-families', fileName: 'families.csv' },
      }),
      'district',
    );
    await refused(driver.call('GET', '/v1/admin/imports?district=Mal%2F%2Fx', { role: 'state-admin' }), 'district');
    await refused(
      driver.call('POST', `/v1/admin/registrations/${madeUp}/migrate`, {
        role: 'state-admin',
        body: { district: 'Kanpur', block: 'Bilhaur/../../x', note: 'Moved somewhere' },
      }),
      'block',
    );
    await refused(
      driver.call('POST', '/v1/admin/campaigns', {
        role: 'state-admin',
        body: { name: 'Hostile districts', scheme: 'pmjay', districts: ['Lucknow/..'], startDate: '2026-11-01', endDate: '2026-12-31' },
      }),
      'districts.0',
    );
    // Nothing was written beside the bucket (the first of them would have climbed to the temporary directory).
    expect(existsSync(join(tmpdir(), marker))).toBe(false);
    // Names as rosters give them still work: Devanagari with its vowel signs, brackets, the no-block dash. A
    // listed block is answered under the name rosters store it by (मोहनलालगंज is Lucknow's Mohanlalganj block),
    // an unlisted one as written.
    for (const [block, named] of [
      ['मोहनलालगंज', 'Mohanlalganj'],
      ['Mal (Rural)', 'Mal (Rural)'],
      ['-', '-'],
    ] as const) {
      const answer = await worklist('Lucknow', block);
      expect(answer.status, `${block}: ${JSON.stringify(answer.body)}`).toBe(200);
      expect(answer.body.block).toBe(named);
    }
  });
});

describe('free text a person types', () => {
  it('keeps an Aadhaar number typed into it only as XXXX XXXX and its last four digits', async () => {
    const { driver } = stack;
    usedSecrets.aadhaarNumbers.add(typedAadhaar.replace(/ /g, ''));
    // Returned for correction, resubmitted, approved: each with a note holding the number.
    const { registrationId, task } = await driver.employeeAwaitingDdo(driver.identity('success', 2));
    expect(
      (
        await driver.decide(task.taskId, 'ddo', {
          decision: 'return',
          note: `Photo unclear; Aadhaar ${typedAadhaar} is written on the form`,
        })
      ).status,
    ).toBe(200);
    await driver.waitForStatus(registrationId, 'RETURNED_FOR_CORRECTION');
    const resubmitted = await driver.call('POST', `/v1/registrations/${registrationId}/resubmit`, {
      body: { note: `New photo; his Aadhaar is ${typedAadhaar}` },
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    const again = await driver.approvalFor(registrationId, 'ddo');
    expect(
      (await driver.decide(again.taskId, 'ddo', { decision: 'approve', note: `Checked against Aadhaar ${typedAadhaar}` })).status,
    ).toBe(200);

    // Migrated with the number in the note, then stopped with it in the reason.
    const other = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 3)));
    await driver.waitForStatus(other.registrationId, 'MOBILE_OTP_SENT');
    const moved = await driver.call('POST', `/v1/admin/registrations/${other.registrationId}/migrate`, {
      role: 'district-admin',
      body: { district: 'Kanpur', note: `Moved; Aadhaar ${typedAadhaar}` },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const entry = await eventually('the execution in the ledger', async () => {
      const found = await driver.call('GET', `/v1/admin/executions/registration/${other.registrationId}`, { role: 'state-admin' });
      return found.status === 200 ? found.body : undefined;
    });
    const stopped = await driver.call('POST', `/v1/admin/executions/registration/${other.registrationId}/stop`, {
      role: 'state-admin',
      body: { reason: `Duplicate of Aadhaar ${typedAadhaar}` },
    });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);

    const typedForms = [typedAadhaar, typedAadhaar.replace(/ /g, ''), typedAadhaar.slice(0, 9)];
    const notes = JSON.stringify([
      (await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body,
      (await driver.call('GET', `/v1/registrations/${other.registrationId}/audit`, { role: 'state-admin' })).body,
    ]);
    for (const form of typedForms) expect(notes).not.toContain(form);
    expect(notes.split(maskedAadhaar).length - 1).toBeGreaterThanOrEqual(3);
    // Nowhere in the table, nor in the stopped execution's history.
    const table = JSON.stringify((await scanAll(stack.env, {})).items);
    for (const form of typedForms) expect(table).not.toContain(form);
    expect(table).toContain(maskedAadhaar);
    const history = JSON.stringify(
      (await stack.env.sfn.send(new GetExecutionHistoryCommand({ executionArn: String(entry.executionArn), maxResults: 1000 }))).events,
    );
    for (const form of typedForms) expect(history).not.toContain(form);
    expect(history).toContain(maskedAadhaar);
  });
});

describe('text that disguises itself', () => {
  const disguising = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x2060, 0xfeff].map((code) =>
    String.fromCodePoint(code),
  );

  it('is refused in every person-facing field: 400 INVALID_CHARACTERS naming the field; ZWNJ and ZWJ are kept', async () => {
    const { driver } = stack;
    const campaignBody = (name: string) => ({
      name,
      scheme: 'up-sects',
      districts: ['Lucknow'],
      startDate: '2026-11-01',
      endDate: '2026-12-31',
    });
    const refused = async (answer: Promise<{ status: number; body: Record<string, unknown> }>, field: string) => {
      const { status, body } = await answer;
      expect([status, body.code], JSON.stringify(body)).toEqual([400, 'INVALID_CHARACTERS']);
      expect((body.details as { fields: { field: string }[] }).fields.map((entry) => entry.field)).toContain(field);
    };
    for (const character of disguising) {
      await refused(
        driver.call('POST', '/v1/admin/campaigns', { role: 'state-admin', body: campaignBody(`Camp${character}gnalhcuL`) }),
        'name',
      );
    }
    const { registrationId } = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 4)));
    await refused(
      driver.call('POST', `/v1/registrations/${registrationId}/dependents`, {
        body: { relation: 'spouse', name: 'Asha\u202Efdp.exe', yearOfBirth: 1982, gender: 'F' },
        idempotencyKey: randomUUID(),
      }),
      'name',
    );
    await refused(
      driver.call('POST', `/v1/approvals/A-${madeUp}/decision`, {
        role: 'ddo',
        body: { decision: 'reject', reasonCode: 'OTHER', note: 'Rejected \u2066by\u2069 me' },
      }),
      'note',
    );
    await refused(
      driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, {
        role: 'district-admin',
        body: { district: 'Kanpur', note: 'Moved\u200Bhome' },
      }),
      'note',
    );
    await refused(
      driver.call('POST', `/v1/admin/executions/registration/${registrationId}/stop`, {
        role: 'district-admin',
        body: { reason: 'Stopped\u2060now' },
      }),
      'reason',
    );
    await refused(
      driver.call('POST', '/v1/admin/imports/uploads', {
        role: 'district-admin',
        body: { scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families', fileName: 'families\u202Evsc.xlsx' },
      }),
      'fileName',
    );
    // Hindi with a ZWJ (half form) and a ZWNJ (no conjunct) is ordinary text.
    const hindi = 'स्वास्थ्य शिविर क्\u200Dष न्\u200Cह';
    const created = await driver.call('POST', '/v1/admin/campaigns', { role: 'state-admin', body: campaignBody(hindi) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.name).toBe(hindi);
  });
});

describe('a campaign name taken by another district', () => {
  it("is refused without the campaign's id, districts or dates", async () => {
    const { driver } = stack;
    const name = 'Hostile callers: employees drive';
    const lucknow = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name, scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect(lucknow.status).toBe(201);
    const campaignId = String(lucknow.body.campaignId);
    const jalaunAdmin = await sign({ roles: ['district-admin'], districts: 'Jalaun' }, 'hostile-jalaun-admin');
    for (const spelled of [name, `  ${name.toUpperCase()} `]) {
      const clash = await driver.call('POST', '/v1/admin/campaigns', {
        token: jalaunAdmin,
        body: { name: spelled, scheme: 'up-sects', districts: ['Jalaun'], startDate: '2027-01-01', endDate: '2027-02-28' },
      });
      expect([clash.status, clash.body.code]).toEqual([409, 'CAMPAIGN_NAME_TAKEN']);
      const text = JSON.stringify(clash.body);
      for (const secret of [campaignId, 'Lucknow', '2026-11-01', '2026-12-31']) expect(text).not.toContain(secret);
    }
    // Jalaun cannot read it either way: the id it would have learned answers as a made-up one does.
    const read = await driver.call('GET', `/v1/admin/campaigns/${campaignId}`, { token: jalaunAdmin });
    expect([read.status, read.body.code]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
    // Lucknow, who may read it, is told which campaign holds the name.
    const own = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name, scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-02', endDate: '2026-12-31' },
    });
    expect([own.status, own.body.code]).toEqual([409, 'CAMPAIGN_EXISTS']);
    expect(JSON.stringify(own.body)).toContain(campaignId);
  });
});

describe('a lookup by Idempotency-Key', () => {
  it("names another district's registration to no one who may not read it", async () => {
    const { driver } = stack;
    const keys = { lucknow: `hostile-${randomUUID()}`, jalaun: `hostile-${randomUUID()}` };
    // One portal, two registrations: one in Lucknow, one in Jalaun.
    const inLucknow = await driver.startEmployee(await driver.seedEmployee(driver.identity('success', 5)), {
      idempotencyKey: keys.lucknow,
    });
    const inJalaun = await driver.startEmployee(
      await driver.seedEmployee(driver.identity('success', 6), { district: 'Jalaun', block: 'Kalpi' }),
      { idempotencyKey: keys.jalaun },
    );
    const lookup = (role: 'district-admin' | 'state-admin', idempotencyKey: string) =>
      driver.call('POST', '/v1/admin/registrations/lookup', {
        role,
        body: { items: [{ registrationId: inLucknow.registrationId, idempotencyKey }] },
      });
    // Lucknow's admin, asking about Lucknow's registration with the key of Jalaun's: the key names nothing it may read.
    const asked = await lookup('district-admin', keys.jalaun);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect((asked.body.items as { idempotencyKey: unknown }[])[0]?.idempotencyKey).toEqual({ key: keys.jalaun, registrationId: null });
    expect(JSON.stringify(asked.body)).not.toContain(inJalaun.registrationId);
    // Its own key is answered; the state admin, who reads both, is told which registration the other key names.
    expect((await lookup('district-admin', keys.lucknow)).body.items).toMatchObject([
      { idempotencyKey: { key: keys.lucknow, registrationId: inLucknow.registrationId } },
    ]);
    expect((await lookup('state-admin', keys.jalaun)).body.items).toMatchObject([
      { idempotencyKey: { key: keys.jalaun, registrationId: inJalaun.registrationId } },
    ]);
  });
});

// ---- Listening sockets of the stack's processes, read from /proc (Linux) --------------------------------------

/** The process and every process it started, however deep. */
const processTree = (root: number): number[] => {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) {
    for (const [pid, parent] of parents) if (parent === tree[index] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
};

const socketInodes = (pid: number): Set<string> => {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode !== undefined) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // gone meanwhile
  }
  return inodes;
};

/** /proc/net/tcp{,6} addresses: 32-bit words in host (little-endian) byte order. IPv6 as eight hex groups. */
const addressOf = (hex: string): string => {
  const bytes = (word: string) => [6, 4, 2, 0].map((at) => parseInt(word.slice(at, at + 2), 16));
  if (hex.length === 8) return bytes(hex).join('.');
  const all = [0, 8, 16, 24].flatMap((at) => bytes(hex.slice(at, at + 8)));
  if (all.slice(0, 10).every((byte) => byte === 0) && all[10] === 0xff && all[11] === 0xff) return `::ffff:${all.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let at = 0; at < 16; at += 2) groups.push(((all[at] as number) * 256 + (all[at + 1] as number)).toString(16));
  return groups.join(':');
};

const listening = (): { address: string; port: number; inode: string }[] =>
  ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A')
      .map((fields) => {
        const [address, port] = (fields[1] as string).split(':') as [string, string];
        return { address: addressOf(address), port: parseInt(port, 16), inode: fields[9] as string };
      }),
  );

const isLoopback = (address: string) => address.startsWith('127.') || address === '0:0:0:0:0:0:0:1' || address.startsWith('::ffff:127.');

describe('the embedded stack', () => {
  it("listens on loopback only: every listening socket of its processes, DynamoDB Local's included", () => {
    const { endpoints } = stack.env;
    const pids = processTree(process.pid);
    expect(pids).toContain(endpoints.dynamodb.pid);
    const owned = new Set(pids.flatMap((pid) => [...socketInodes(pid)]));
    const sockets = listening().filter((socket) => owned.has(socket.inode));
    // Every server the stack says it runs is among them (so the check below is about them).
    const ports = [
      endpoints.api.url,
      endpoints.stepFunctions.endpoint,
      endpoints.dynamodb.endpoint,
      endpoints.dynamodb.handlerEndpoint,
      endpoints.s3.endpoint,
      endpoints.simulators.sms,
      endpoints.simulators.ekyc,
    ].map((url) => Number(new URL(url).port));
    for (const port of ports)
      expect(
        sockets.map((socket) => socket.port),
        `port ${port}`,
      ).toContain(port);
    expect(sockets.filter((socket) => !isLoopback(socket.address)).map((socket) => `${socket.address}:${socket.port}`)).toEqual([]);
  });
});
