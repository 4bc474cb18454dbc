import { createHash, randomBytes } from 'node:crypto';

/** 256-bit opaque token, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A 130-bit single-use code a parent can type from a letter: 26 Crockford base-32 characters
 * in groups of 4 or 5 (no I, L, O, U to avoid misreadings).
 */
export function newActivationCode(): string {
  const bytes = randomBytes(17);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out += CROCKFORD[Number(bits & 31n)];
    bits >>= 5n;
  }
  return out.match(/.{1,5}/g)!.join('-');
}

/** Normalises what a parent typed (spaces, dashes, case, confusable letters) before hashing. */
export function normaliseActivationCode(typed: string): string {
  const compact = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return compact.match(/.{1,5}/g)?.join('-') ?? '';
}
