import { describe, expect, it } from 'vitest';
import { argon2Hasher, OWASP_ARGON2ID } from '../../server/src/security/passwords.js';
import { newActivationCode, normaliseActivationCode } from '../../server/src/security/tokens.js';

describe('password hashing', () => {
  it('uses argon2id with OWASP parameters (m = 19 MiB, t = 2, p = 1)', async () => {
    expect(OWASP_ARGON2ID).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const stored = await argon2Hasher().hash('un mot de passe de parent');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('un mot de passe');
    expect(await argon2Hasher().verify('un mot de passe de parent', stored)).toBe(true);
    expect(await argon2Hasher().verify('un autre mot de passe', stored)).toBe(false);
  });

  it('salts every hash, and refuses a missing or foreign hash', async () => {
    const hasher = argon2Hasher();
    const a = await hasher.hash('même mot de passe');
    const b = await hasher.hash('même mot de passe');
    expect(a).not.toBe(b);
    expect(await hasher.verify('même mot de passe', null)).toBe(false);
    expect(await hasher.verify('même mot de passe', 'plain:même mot de passe')).toBe(false);
  });

  it('treats the same password typed with composed or decomposed accents alike', async () => {
    const hasher = argon2Hasher();
    const stored = await hasher.hash('été à la cantine');
    expect(await hasher.verify('e\u0301te\u0301 a\u0300 la cantine', stored)).toBe(true);
  });
});

describe('activation codes', () => {
  it('carries at least 128 bits in 26 unambiguous characters grouped by five', () => {
    const code = newActivationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z]$/);
    const codes = new Set(Array.from({ length: 1000 }, newActivationCode));
    expect(codes.size).toBe(1000);
  });

  it('accepts what a parent types: lower case, spaces, O for 0, I or L for 1', () => {
    expect(normaliseActivationCode('ab0cd 1efgh-jk')).toBe('AB0CD-1EFGH-JK');
    expect(normaliseActivationCode('abOcd iefgh lk')).toBe('AB0CD-1EFGH-1K');
  });
});
