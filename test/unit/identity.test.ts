import { describe, expect, it } from 'vitest';
import { callerFromClaims, readListClaim } from '../../functions/core/identity.js';
import { handler as preToken } from '../../functions/identity/pre-token.js';

describe('reading the caller from JWT claims', () => {
  it('reads list claims as arrays and as API Gateway flattens them ("[a b]")', () => {
    expect(readListClaim(['ddo', 'verifier'])).toEqual(['ddo', 'verifier']);
    expect(readListClaim('[ddo verifier]')).toEqual(['ddo', 'verifier']);
    expect(readListClaim('ddo')).toEqual(['ddo']);
    // Our issuers write lists comma-separated: district names keep their spaces.
    expect(readListClaim('Sant Kabir Nagar, Lucknow')).toEqual(['Sant Kabir Nagar', 'Lucknow']);
    expect(readListClaim(undefined)).toEqual([]);
    expect(readListClaim(42)).toEqual([]);
  });

  it('keeps known roles only, with scopes', () => {
    const caller = callerFromClaims({
      sub: 'u-1',
      roles: '[ddo superuser]',
      ddo_codes: '[DDO-LKO-0001 DDO-LKO-0002]',
      districts: ['Lucknow'],
    });
    expect(caller).toEqual({
      subject: 'u-1',
      roles: ['ddo'],
      ddoCodes: ['DDO-LKO-0001', 'DDO-LKO-0002'],
      districts: ['Lucknow'],
    });
  });
});

describe('what the issuer puts into tokens', () => {
  const userEvent = (groups: string[], attributes: Record<string, string>) =>
    ({
      version: '3',
      triggerSource: 'TokenGeneration_Authentication',
      region: 'ap-south-1',
      userPoolId: 'ap-south-1_x',
      userName: 'asha',
      callerContext: { awsSdkVersion: '3', clientId: 'staff' },
      request: { userAttributes: attributes, groupConfiguration: { groupsToOverride: groups } },
      response: { claimsAndScopeOverrideDetails: {} },
    }) as never;
  const clientEvent = (scopes: string[], clientMetadata?: Record<string, string>) =>
    ({
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      region: 'ap-south-1',
      userPoolId: 'ap-south-1_x',
      userName: '',
      callerContext: { awsSdkVersion: '3', clientId: 'machine' },
      request: { userAttributes: {}, groupConfiguration: {}, scopes, ...(clientMetadata === undefined ? {} : { clientMetadata }) },
      response: { claimsAndScopeOverrideDetails: {} },
    }) as never;
  const added = (event: {
    response: { claimsAndScopeOverrideDetails: { accessTokenGeneration?: { claimsToAddOrOverride?: Record<string, string> } } };
  }) => event.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride;

  it('gives a person the staff roles of their groups and the districts and DDO codes of their attributes, never applicant', async () => {
    const event = await preToken(
      userEvent(['district-admin', 'applicant', 'portal', 'Admins'], {
        'custom:districts': 'Sant Kabir Nagar, Lucknow',
        'custom:ddo_codes': '',
      }),
    );
    expect(added(event)).toEqual({ roles: 'district-admin', districts: 'Sant Kabir Nagar,Lucknow', ddo_codes: '' });
    const caller = callerFromClaims({ sub: 'asha', ...added(event) });
    expect(caller).toMatchObject({ roles: ['district-admin'], districts: ['Sant Kabir Nagar', 'Lucknow'], ddoCodes: [] });
  });

  it('gives a field worker their worker id from the custom:worker_id attribute', async () => {
    const event = await preToken(userEvent(['field-worker'], { 'custom:districts': 'Lucknow', 'custom:worker_id': ' FW-LKO-0007 ' }));
    expect(added(event)).toEqual({ roles: 'field-worker', districts: 'Lucknow', ddo_codes: '', worker_id: 'FW-LKO-0007' });
    expect(callerFromClaims({ sub: 'geeta', ...added(event) })).toMatchObject({ roles: ['field-worker'], workerId: 'FW-LKO-0007' });
  });

  it('makes a portal of the portal scope, an applicant session of the session scope with its registration, and refuses a session for nothing', async () => {
    expect(added(await preToken(clientEvent(['healthcard/portal'])))).toEqual({ roles: 'portal' });
    const registrationId = '0b9c3f9e-1f0a-4c5e-9d1a-2f6b8e7c4a10';
    expect(added(await preToken(clientEvent(['healthcard/applicant-session'], { registration_id: registrationId })))).toEqual({
      roles: 'applicant',
      registration_id: registrationId,
    });
    await expect(preToken(clientEvent(['healthcard/applicant-session'])) as Promise<unknown>).rejects.toThrow('names the registration');
    await expect(
      preToken(clientEvent(['healthcard/applicant-session'], { registration_id: 'not-an-id' })) as Promise<unknown>,
    ).rejects.toThrow();
    expect(added(await preToken(clientEvent(['openid'])))).toEqual({ roles: '' });
  });
});
