import { describe, expect, it } from 'vitest';
import { OWASP_SCRYPT, scryptHasher } from '../../server/src/security/passwords.js';
import { newActivationCode, normaliseActivationCode } from '../../server/src/security/tokens.js';

describe('password hashing', () => {
  it('uses scrypt with OWASP parameters in production (N = 2^17, r = 8, p = 1)', async () => {
    expect(OWASP_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    const stored = await scryptHasher().hash('un mot de passe de parent');
    expect(stored).toMatch(/^scrypt\$N=131072,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await scryptHasher().verify('un mot de passe de parent', stored)).toBe(true);
    expect(await scryptHasher().verify('un autre mot de passe', stored)).toBe(false);
  });

  it('salts every hash and verifies with the parameters stored beside it', async () => {
    const cheap = scryptHasher({ N: 1024, r: 8, p: 1 });
    const a = await cheap.hash('même mot de passe');
    const b = await cheap.hash('même mot de passe');
    expect(a).not.toBe(b);
    expect(await scryptHasher().verify('même mot de passe', a)).toBe(true);
    expect(await cheap.verify('même mot de passe', null)).toBe(false);
  });
});

describe('activation codes', () => {
  it('carries at least 128 bits in 26 unambiguous characters grouped by five', () => {
    const code = newActivationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z]$/);
    expect(26 * 5).toBeGreaterThanOrEqual(128);
    const codes = new Set(Array.from({ length: 1000 }, newActivationCode));
    expect(codes.size).toBe(1000);
  });

  it('accepts what a parent types: lower case, spaces, O for 0, I or L for 1', () => {
    expect(normaliseActivationCode('ab0cd 1efgh-jk')).toBe('AB0CD-1EFGH-JK');
    expect(normaliseActivationCode('abOcd iefgh lk')).toBe('AB0CD-1EFGH-1K');
  });
});
