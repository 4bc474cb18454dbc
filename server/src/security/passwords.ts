import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt with OWASP's parameters (N = 2^17, r = 8, p = 1). The parameters are stored with the
 * hash so that they can be raised later; only the hash is ever stored.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string | null): Promise<boolean>;
}

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const OWASP_SCRYPT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const derive = (password: string, salt: Buffer, cost: ScryptCost) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );

export function scryptHasher(cost: ScryptCost = OWASP_SCRYPT): PasswordHasher {
  const dummySalt = randomBytes(16);
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, cost);
      return `scrypt$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, stored) {
      const parts = stored?.split('$');
      if (!parts || parts.length !== 4 || parts[0] !== 'scrypt') {
        // Same work for an unknown account, so timing does not reveal whether it exists.
        await derive(password, dummySalt, cost);
        return false;
      }
      const params = Object.fromEntries(parts[1].split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
      const expected = Buffer.from(parts[3], 'base64');
      const key = await derive(password, Buffer.from(parts[2], 'base64'), { N: params.N, r: params.r, p: params.p });
      return key.length === expected.length && timingSafeEqual(key, expected);
    },
  };
}
