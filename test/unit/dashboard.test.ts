// The dashboard's logic that is not drawing: the OIDC + PKCE steps, the runtime config check, the label
// dictionaries, hash routes, and what views derive from the API's answers (shading, order, selection).
import { describe, expect, it } from 'vitest';
import {
  authorizationUrl,
  beginSignIn,
  codeChallenge,
  completeSignIn,
  discoverEndpoints,
  logoutUrl,
  SignInError,
  type OidcEndpoints,
} from '../../web/src/auth/oidc.js';
import { jwtPayload, sessionFor } from '../../web/src/auth/session.js';
import type { Campaign, ExecutionDetail, Me, PlaceProgress } from '../../web/src/api-types.js';
import { heatLevel, pendingRow, reasonsOf, resolveSelection, slowestFirst, timelineEntries } from '../../web/src/derived.js';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { labelFor, translator } from '../../web/src/i18n/index.js';
import { href, parseHash } from '../../web/src/router.js';
import { parseRuntimeConfig, type OidcAuth } from '../../web/src/runtime-config.js';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const auth: OidcAuth = {
  mode: 'oidc',
  issuer: 'https://cognito-idp.ap-south-1.amazonaws.com/ap-south-1_Example',
  clientId: 'dashboard-client',
  redirectUri: 'https://d1234.cloudfront.net/',
  scopes: ['openid', 'email', 'profile'],
  tokenUse: 'id_token',
};
const endpoints: OidcEndpoints = {
  authorizationEndpoint: 'https://healthcard.auth.ap-south-1.amazoncognito.com/oauth2/authorize',
  tokenEndpoint: 'https://healthcard.auth.ap-south-1.amazoncognito.com/oauth2/token',
  logoutEndpoint: 'https://healthcard.auth.ap-south-1.amazoncognito.com/logout',
};

describe('dashboard sign-in: OIDC authorization code with PKCE', () => {
  it('derives the S256 challenge as RFC 7636 does (its own example)', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it("sends the browser to the authorization endpoint with a fresh state and the verifier's challenge, and back", async () => {
    const storage = new MemoryStorage();
    let assigned = '';
    await beginSignIn(auth, endpoints, { storage, assign: (url) => (assigned = url), returnTo: '#/executions?status=FAILED' });
    const url = new URL(assigned);
    expect(`${url.origin}${url.pathname}`).toBe(endpoints.authorizationEndpoint);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'dashboard-client',
      redirect_uri: auth.redirectUri,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    const pending = JSON.parse(storage.getItem('healthcard.oidc.pending') as string) as { state: string; verifier: string };
    expect(params.state).toBe(pending.state);
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.code_challenge).toBe(await codeChallenge(pending.verifier));

    // Back with a code: exchanged at the token endpoint with the verifier; the ID token is the one kept.
    const requests: { url: string; body: string }[] = [];
    const fakeFetch = (async (input: string, init?: RequestInit) => {
      requests.push({ url: input, body: String(init?.body) });
      return new Response(JSON.stringify({ id_token: 'id.jwt', access_token: 'access.jwt', token_type: 'Bearer' }), { status: 200 });
    }) as typeof fetch;
    const done = await completeSignIn(auth, endpoints, { storage, search: `?code=abc123&state=${pending.state}`, fetch: fakeFetch });
    expect(done).toEqual({ token: 'id.jwt', returnTo: '#/executions?status=FAILED' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(endpoints.tokenEndpoint);
    expect(Object.fromEntries(new URLSearchParams(requests[0]?.body))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'dashboard-client',
      code: 'abc123',
      redirect_uri: auth.redirectUri,
      code_verifier: pending.verifier,
    });
    // Used once: the same response again is refused.
    await expect(
      completeSignIn(auth, endpoints, { storage, search: `?code=abc123&state=${pending.state}`, fetch: fakeFetch }),
    ).rejects.toThrow(SignInError);
  });

  it('refuses a response whose state is not ours, says what the issuer refused, and ignores ordinary URLs', async () => {
    const storage = new MemoryStorage();
    await beginSignIn(auth, endpoints, { storage, assign: () => undefined, returnTo: '' });
    const neverCalled = (async () => {
      throw new Error('no token request may be made');
    }) as typeof fetch;
    await expect(completeSignIn(auth, endpoints, { storage, search: '?code=abc&state=forged', fetch: neverCalled })).rejects.toThrow(
      /does not match/,
    );
    await expect(
      completeSignIn(auth, endpoints, { storage, search: '?error=access_denied&error_description=User+cancelled', fetch: neverCalled }),
    ).rejects.toThrow('User cancelled');
    expect(await completeSignIn(auth, endpoints, { storage, search: '', fetch: neverCalled })).toBeUndefined();
    await beginSignIn(auth, endpoints, { storage, assign: () => undefined, returnTo: '' });
    const state = (JSON.parse(storage.getItem('healthcard.oidc.pending') as string) as { state: string }).state;
    const refusing = (async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 })) as unknown as typeof fetch;
    await expect(completeSignIn(auth, endpoints, { storage, search: `?code=old&state=${state}`, fetch: refusing })).rejects.toThrow(
      'the token endpoint answered 400 (invalid_grant)',
    );
  });

  it("reads endpoints from the issuer's discovery document unless the config names them; builds Cognito's logout", async () => {
    const asked: string[] = [];
    const found = await discoverEndpoints(auth, async (url) => {
      asked.push(url);
      return {
        authorization_endpoint: 'https://idp.example/authorize',
        token_endpoint: 'https://idp.example/token',
        end_session_endpoint: 'https://idp.example/logout',
      };
    });
    expect(asked).toEqual([`${auth.issuer}/.well-known/openid-configuration`]);
    expect(found).toEqual({
      authorizationEndpoint: 'https://idp.example/authorize',
      tokenEndpoint: 'https://idp.example/token',
      logoutEndpoint: 'https://idp.example/logout',
    });
    const named = await discoverEndpoints(
      { ...auth, authorizationEndpoint: endpoints.authorizationEndpoint, tokenEndpoint: endpoints.tokenEndpoint },
      async () => {
        throw new Error('not asked');
      },
    );
    expect(named.tokenEndpoint).toBe(endpoints.tokenEndpoint);
    await expect(discoverEndpoints(auth, async () => ({}))).rejects.toThrow(/names no authorization or token endpoint/);
    expect(authorizationUrl(auth, endpoints, 's', 'c')).toContain('code_challenge=c');
    expect(Object.fromEntries(new URL(logoutUrl(auth, endpoints) as string).searchParams)).toEqual({
      client_id: 'dashboard-client',
      logout_uri: auth.redirectUri,
    });
  });

  it("keeps a token's expiry from its exp claim, and nothing else from it", () => {
    const payload = Buffer.from(JSON.stringify({ sub: 'dev-district-admin', exp: 1_900_000_000 })).toString('base64url');
    expect(jwtPayload(`header.${payload}.signature`)).toEqual({ sub: 'dev-district-admin', exp: 1_900_000_000 });
    expect(sessionFor(`header.${payload}.signature`, 'pasted')).toEqual({
      token: `header.${payload}.signature`,
      via: 'pasted',
      expiresAt: 1_900_000_000_000,
    });
    expect(jwtPayload('not a token')).toBeUndefined();
    expect(sessionFor('opaque', 'pasted')).toEqual({ token: 'opaque', via: 'pasted' });
  });
});

describe('dashboard config.json', () => {
  it("takes both engines' files and names the field a wrong one gets wrong", () => {
    expect(
      parseRuntimeConfig({ engine: 'embedded', apiBaseUrl: '', auth: { mode: 'development', devTokensUrl: '/local/dev-tokens' } })
        .apiBaseUrl,
    ).toBe('');
    expect(parseRuntimeConfig({ engine: 'aws', apiBaseUrl: 'https://abc.execute-api.ap-south-1.amazonaws.com/', auth }).apiBaseUrl).toBe(
      'https://abc.execute-api.ap-south-1.amazonaws.com',
    );
    expect(() => parseRuntimeConfig({ engine: 'aws', apiBaseUrl: 'x', auth: { ...auth, clientId: '' } })).toThrow(
      'config.json: auth.clientId is missing or wrong',
    );
    expect(() => parseRuntimeConfig({ engine: 'gcp', apiBaseUrl: '', auth })).toThrow('config.json: engine is missing or wrong');
    expect(() => parseRuntimeConfig({ engine: 'aws', apiBaseUrl: '', auth: { mode: 'saml' } })).toThrow('auth.mode');
    expect(() => parseRuntimeConfig('{}')).toThrow('the whole file');
  });
});

describe('dashboard labels', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it('has every English label in Hindi, in Devanagari, with the same placeholders', () => {
    expect(Object.keys(hi).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const hindi = hi[key as keyof typeof en];
      expect(hindi.trim(), key).not.toBe('');
      expect(placeholders(hindi), key).toEqual(placeholders(english));
    }
    // Words are translated (codes, units and the dash may be the same in both).
    const sameInBoth = Object.keys(en).filter((key) => en[key as keyof typeof en] === hi[key as keyof typeof en]);
    expect(sameInBoth.sort()).toEqual(['none', 'reportCsv']);
    const devanagari = Object.values(hi).filter((text) => /[\u0900-\u097F]/.test(text));
    expect(devanagari.length).toBeGreaterThan(Object.keys(hi).length - 5);
  });

  it('fills placeholders and labels API values by their key, falling back to the value itself', () => {
    const t = translator('hi');
    expect(t('issuedOfEligible', { issued: '3', eligible: '9' })).toBe('9 में से 3');
    expect(labelFor(t, 'reason', 'aadhaar-mobile-not-linked')).toBe(hi.reason_aadhaar_mobile_not_linked);
    expect(labelFor(t, 'status', 'TIMED_OUT')).toBe(hi.status_TIMED_OUT);
    expect(labelFor(t, 'reason', 'a-reason-added-later')).toBe('a-reason-added-later');
    expect(translator('en')('executionTitle', {})).toBe('Execution {name}');
  });
});

describe('dashboard routes', () => {
  it('reads and writes hash routes with their query', () => {
    const route = parseHash('#/executions/registration/abc-123?status=FAILED&district=Lucknow');
    expect(route.segments).toEqual(['executions', 'registration', 'abc-123']);
    expect(route.query.get('status')).toBe('FAILED');
    expect(parseHash('').segments).toEqual([]);
    expect(href(['imports', 'a b'], { district: 'Sant Kabir Nagar', cursor: undefined, status: '' })).toBe(
      '#/imports/a%20b?district=Sant+Kabir+Nagar',
    );
    expect(parseHash(href(['executions'], { from: '2026-11-01T10:00' })).query.get('from')).toBe('2026-11-01T10:00');
  });
});

const place = (name: string, pendingByAge: Record<string, number>, extra: Partial<PlaceProgress> = {}): PlaceProgress => ({
  name,
  eligible: 10,
  started: 5,
  mobileVerified: 4,
  ekycDone: 3,
  pendingApproval: Object.values(pendingByAge).reduce((sum, count) => sum + count, 0),
  pendingByAge,
  issued: 1,
  blocked: {},
  gap: {},
  saturationPercent: 10,
  ...extra,
});

describe('dashboard figures', () => {
  it('puts the DDOs with the oldest cases first, however many young ones others have', () => {
    const rows = [
      place('DDO-A', { '0-1 days': 9 }),
      place('DDO-B', { '0-1 days': 1, 'over 7 days': 1 }),
      place('DDO-C', { '4-7 days': 2 }),
      place('DDO-D', { '4-7 days': 2, '2-3 days': 1 }),
      place('DDO-E', { '0-1 days': 9 }),
    ].map((ddo) => pendingRow(ddo));
    expect(rows.sort(slowestFirst).map((row) => row.key)).toEqual(['DDO-B', 'DDO-D', 'DDO-C', 'DDO-A', 'DDO-E']);
    expect(pendingRow(place('DDO-F', { '2-3 days': 4 })).cells).toEqual({ '0-1 days': 0, '2-3 days': 4, '4-7 days': 0, 'over 7 days': 0 });
  });

  it('shades heat-map cells in four steps of the largest count', () => {
    expect([0, 1, 2, 3, 4, 5, 8].map((value) => heatLevel(value, 8))).toEqual([0, 1, 1, 2, 2, 3, 4]);
    expect(heatLevel(20, 8)).toBe(4);
    expect(heatLevel(3, 0)).toBe(0);
  });

  it('orders gap reasons by size and leaves out the empty ones', () => {
    expect(
      reasonsOf(place('Lucknow', {}, { gap: { 'not-started': 6, rejected: 0, 'awaiting-approval': 3, 'aadhaar-mobile-not-linked': 3 } })),
    ).toEqual(['not-started', 'aadhaar-mobile-not-linked', 'awaiting-approval']);
  });

  it("lays a redriven execution's timeline out in time order: the failure, the redrive, the state run again, the end", () => {
    const detail = {
      workflow: 'registration',
      name: 'r1',
      executionArn: 'arn:aws:states:ap-south-1:000000000000:execution:registration:r1',
      status: 'SUCCEEDED',
      startedAt: '2026-11-20T05:00:00.000Z',
      redriveCount: 1,
      timeline: {
        steps: [
          { state: 'AwaitApproval', enteredAt: '2026-11-20T05:00:01.000Z', outcome: 'done', errors: [] },
          { state: 'IssueCard', enteredAt: '2026-11-20T05:00:02.000Z', outcome: 'failed', errors: ['SmsRejectedError'] },
          { state: 'IssueCard', enteredAt: '2026-11-21T09:00:01.000Z', outcome: 'done', errors: [] },
        ],
        redrives: ['2026-11-21T09:00:00.000Z'],
        end: { type: 'ExecutionSucceeded', at: '2026-11-21T09:00:02.000Z' },
      },
    } satisfies ExecutionDetail;
    expect(
      timelineEntries(detail).map((entry) => (entry.kind === 'step' ? `${entry.step.state}:${entry.step.outcome}` : entry.kind)),
    ).toEqual(['AwaitApproval:done', 'IssueCard:failed', 'redrive', 'IssueCard:done', 'end']);
  });

  it('shows a district admin their districts of a campaign, and picks one where a view needs one', () => {
    const campaigns: Campaign[] = [
      {
        campaignId: 'a',
        name: 'UP drive',
        scheme: 'pmjay',
        districts: ['Lucknow', 'Jhansi', 'Kanpur'],
        rosterTypes: [],
        startDate: '2026-11-01',
        endDate: '2026-12-31',
        createdAt: '2026-10-30T05:00:00.000Z',
        createdBy: 'state-admin',
      },
      {
        campaignId: 'b',
        name: 'Employees',
        scheme: 'up-sects',
        districts: ['Lucknow'],
        rosterTypes: [],
        startDate: '2026-11-01',
        endDate: '2026-12-31',
        createdAt: '2026-10-30T05:00:00.000Z',
        createdBy: 'state-admin',
      },
    ];
    const districtAdmin: Me = { subject: 'x', roles: ['district-admin'], districts: ['Jhansi', 'Kanpur'], ddoCodes: [] };
    const stateAdmin: Me = { subject: 'y', roles: ['state-admin'], districts: [], ddoCodes: [] };
    expect(resolveSelection(campaigns, districtAdmin, {}, false)).toMatchObject({
      campaign: { campaignId: 'a' },
      districts: ['Jhansi', 'Kanpur'],
      district: undefined,
    });
    expect(resolveSelection(campaigns, districtAdmin, {}, true).district).toBe('Jhansi');
    expect(resolveSelection(campaigns, districtAdmin, { campaignId: 'a', district: 'Lucknow' }, true).district).toBe('Jhansi');
    expect(resolveSelection(campaigns, districtAdmin, { campaignId: 'a', district: 'Kanpur' }, false).district).toBe('Kanpur');
    expect(resolveSelection(campaigns, stateAdmin, { campaignId: 'b' }, false)).toMatchObject({
      campaign: { campaignId: 'b' },
      districts: ['Lucknow'],
      district: 'Lucknow',
    });
    expect(resolveSelection([], stateAdmin, {}, true)).toEqual({ campaign: undefined, districts: [], district: undefined });
  });
});
