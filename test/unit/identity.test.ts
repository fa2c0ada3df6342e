import { describe, expect, it } from 'vitest';
import { callerFromClaims, readListClaim } from '../../functions/core/identity.js';

describe('reading the caller from JWT claims', () => {
  it('reads list claims as arrays and as API Gateway flattens them ("[a b]")', () => {
    expect(readListClaim(['ddo', 'verifier'])).toEqual(['ddo', 'verifier']);
    expect(readListClaim('[ddo verifier]')).toEqual(['ddo', 'verifier']);
    expect(readListClaim('ddo')).toEqual(['ddo']);
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
