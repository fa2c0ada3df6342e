// Beneficiary categories on the embedded stack: a ration-card roster of Lalitpur exported as NFSA lists are, with
// Hindi headers, a tribe column (Sahariya families, written both ways) and a designation column (ASHA, anganwadi
// worker and helper, and an ASHA sangini who is neither), people over and under 70 by date of birth and by year
// alone. The category slices' eligible figures are the rows counted by hand below; registrations carded through
// the API move them from pending to carded.
import { describe, expect, it } from 'vitest';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { countedResponse } from '../support/progress.js';
import { eventually } from '../support/eventually.js';

const stack = useRegistrationStack();

interface Slice {
  category: string;
  label: { en: string; hi: string };
  eligible: number;
  carded: number;
  pending: number;
  started: number;
}

/** dd/mm/yyyy, as NFSA exports write dates, `days` from the day 70 years before today in India. */
const seventiethBirthdayPlus = (days: number) => {
  const today = new Date(Date.now() + 330 * 60_000);
  const born = new Date(Date.UTC(today.getUTCFullYear() - 70, today.getUTCMonth(), today.getUTCDate() + days));
  return `${String(born.getUTCDate()).padStart(2, '0')}/${String(born.getUTCMonth() + 1).padStart(2, '0')}/${born.getUTCFullYear()}`;
};

describe('beneficiary categories: eligible from the roster, carded from the registrations', () => {
  it('counts each category as the rows say, and moves carded people out of pending', async () => {
    const { driver } = stack;
    const { issuer } = stack.env.stack;
    const admin = await issuer.sign({ roles: ['district-admin'], districts: ['Lalitpur'] }, 'admin-lalitpur');
    const verifier = await issuer.sign({ roles: ['verifier'], districts: ['Lalitpur'] }, 'verifier-lalitpur');
    const [ramesh, sunita, shyamLal] = [driver.identity('success', 0), driver.identity('success', 1), driver.identity('success', 3)];

    const header = 'क्रम सं.,राशन कार्ड संख्या,सदस्य आईडी,सदस्य का नाम,पिता/पति का नाम,लिंग,जन्म तिथि,मुखिया से संबंध,ग्राम,विकास खंड,जनपद,जनजाति,पदनाम';
    const rows = [
      // A Sahariya family of Madawara: the head (carded below), his mother (76) and his daughter.
      `1,LTP0000001,01,${ramesh.name},Bhagwan Das,पुरुष,${ramesh.yearOfBirth},मुखिया,Saidpur,Madawara,ललितपुर,सहरिया,`,
      '2,LTP0000001,02,Kamla Bai,Bhagwan Das,महिला,1950,माता,Saidpur,Madawara,ललितपुर,सहरिया,',
      '3,LTP0000001,03,Sunita Sahariya,' + `${ramesh.name},महिला,14/08/2001,पुत्री,Saidpur,Madawara,ललितपुर,सहरिया,`,
      // Another, the tribe written in English; the wife is the village's ASHA.
      '4,LTP0000002,01,Halke Saharia,Mulua,पुरुष,1985,मुखिया,Sonrai,Madawara,ललितपुर,Saharia,',
      '5,LTP0000002,02,Rani Saharia,Halke Saharia,महिला,1988,पत्नी,Sonrai,Madawara,ललितपुर,Saharia,आशा',
      // A family of Birdha: the anganwadi worker (carded below), her mother-in-law ten days past 70, her
      // father-in-law ten days short of it, an uncle born in 1950 (year only), the anganwadi helper.
      `6,LTP0000003,01,${sunita.name},Ram Sevak,महिला,${sunita.yearOfBirth},मुखिया,Jakhaura,Birdha,ललितपुर,,आंगनबाड़ी कार्यकर्त्री`,
      `7,LTP0000003,02,Ram Dulari,Ram Autar,महिला,${seventiethBirthdayPlus(-10)},सास,Jakhaura,Birdha,ललितपुर,,`,
      `8,LTP0000003,03,Ram Autar,Shiv Prasad,पुरुष,${seventiethBirthdayPlus(10)},ससुर,Jakhaura,Birdha,ललितपुर,,`,
      '9,LTP0000003,04,Shiv Narayan,Shiv Prasad,पुरुष,1950,अन्य,Jakhaura,Birdha,ललितपुर,,',
      '10,LTP0000003,05,Geeta Devi,Ram Sevak,महिला,1990,पुत्रवधू,Jakhaura,Birdha,ललितपुर,,आंगनबाड़ी सहायिका',
      // A man the roster says was born in 1954 (carded below after the verifier approves: e-KYC gives 1960), one
      // born in 1957 (69 this year), and an ASHA sangini (the ASHAs' supervisor, not an ASHA).
      `11,LTP0000004,01,${shyamLal.name},Chhote Lal,पुरुष,1954,मुखिया,Jakhaura,Birdha,ललितपुर,,`,
      '12,LTP0000004,02,Babu Lal,Chhote Lal,पुरुष,1957,भाई,Jakhaura,Birdha,ललितपुर,,',
      '13,LTP0000005,01,Meena Kushwaha,Raju Kushwaha,महिला,1984,मुखिया,Jakhaura,Birdha,ललितपुर,,आशा संगिनी',
    ];
    // Counted by hand from the rows: PVTG rows 1-5; 70 or older rows 2, 7, 9, 11; ASHA and anganwadi rows 5, 6, 10.
    const eligible = { 'pm-janman': 5, 'vay-vandana': 4, 'asha-anganwadi': 3 };

    const rosters = rosterClient(stack.env);
    const key = 'rosters/pmjay/Lalitpur/ration-card-families/nfsa-lalitpur-categories.csv';
    await rosters.upload(key, `\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`);
    expect((await rosters.finished('Lalitpur', key)).counts).toMatchObject({ inserted: 13, rejected: 0 });

    const created = await driver.call('POST', '/v1/admin/campaigns', {
      token: admin,
      body: { name: 'Lalitpur categories drive', scheme: 'pmjay', districts: ['Lalitpur'], startDate: '2026-01-01', endDate: '2027-03-31' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaignId = String(created.body.campaignId);
    const slices = async (since?: number) => {
      const call = () => driver.call('GET', `/v1/admin/campaigns/${campaignId}/categories?district=ललितपुर`, { token: admin });
      const response = since === undefined ? await call() : await countedResponse(call, since);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return Object.fromEntries((response.body.items as Slice[]).map((slice) => [slice.category, slice]));
    };

    const before = await slices();
    for (const [category, count] of Object.entries(eligible)) {
      expect(before[category], category).toMatchObject({ eligible: count, carded: 0, pending: count, started: 0 });
    }
    expect(before['asha-anganwadi']?.label).toEqual({
      en: 'ASHA and anganwadi workers and helpers',
      hi: 'आशा, आंगनबाड़ी कार्यकर्त्री एवं सहायिका',
    });

    // Ramesh (Sahariya) and Sunita (anganwadi worker) match their e-KYC: approved by the match, carded. Shyam Lal's
    // year differs from e-KYC's: the verifier approves him. Halke starts and stops at the mobile code.
    const register = async (rationCardNumber: string, memberId: string) => {
      const mobile = driver.newMobile();
      const started = await driver.start({
        scheme: 'pmjay',
        mobile,
        roster: { rosterType: 'ration-card-families', rationCardNumber, memberId },
        channel: 'camp',
      });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      return { registrationId: String(started.body.registrationId), mobile };
    };
    const throughEkyc = async (rationCardNumber: string, identity: typeof ramesh) => {
      const { registrationId, mobile } = await register(rationCardNumber, '01');
      expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
      await driver.ekycByOtp(registrationId, identity);
      return registrationId;
    };
    const [rameshId, sunitaId, shyamLalId] = await Promise.all([
      throughEkyc('LTP0000001', ramesh),
      throughEkyc('LTP0000003', sunita),
      throughEkyc('LTP0000004', shyamLal),
    ]);
    const halke = await register('LTP0000002', '01');
    await driver.waitForStatus(halke.registrationId, 'MOBILE_OTP_SENT');
    await driver.waitForStatus(rameshId, 'CARD_ISSUED');
    await driver.waitForStatus(sunitaId, 'CARD_ISSUED');
    await driver.waitForStatus(shyamLalId, 'PENDING_APPROVAL');
    const task = await eventually('the 1954 row in the verifier queue', async () => {
      const { body } = await driver.call('GET', '/v1/approvals?limit=100', { token: verifier });
      return (body.items as { taskId: string; registrationId: string }[] | undefined)?.find((item) => item.registrationId === shyamLalId);
    });
    const decided = await driver.call('POST', `/v1/approvals/${task.taskId}/decision`, { token: verifier, body: { decision: 'approve' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await driver.waitForStatus(shyamLalId, 'CARD_ISSUED');

    const after = await slices(Date.now());
    expect(after['pm-janman']).toMatchObject({ eligible: 5, carded: 1, pending: 4, started: 2 });
    expect(after['vay-vandana']).toMatchObject({ eligible: 4, carded: 1, pending: 3, started: 1 });
    expect(after['asha-anganwadi']).toMatchObject({ eligible: 3, carded: 1, pending: 2, started: 1 });

    // The same file again: the scope holds people now, so Summarize counts it back from the table; nothing moves.
    await rosters.upload(key, `\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`);
    expect((await rosters.finished('Lalitpur', key, 2)).counts).toMatchObject({ unchanged: 13, rejected: 0 });
    rosters.close();
    expect(await slices(Date.now())).toEqual(after);

    // District-scoped: Lucknow's admin is told the district is not theirs, as for a made-up campaign.
    const lucknow = await driver.call('GET', `/v1/admin/campaigns/${campaignId}/categories?district=Lalitpur`, { role: 'district-admin' });
    expect(lucknow.status).toBe(404);
  });
});
