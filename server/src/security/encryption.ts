import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Application-level encryption of the data a database dump must not reveal (health data, IBAN):
 * AES-256-GCM, a fresh 96-bit IV per value, the key id in front so keys can be rotated.
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export interface Encryption {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export class EncryptionKeyError extends Error {}

export function aesGcm(key: Buffer, keyId = 'v1'): Encryption {
  if (key.length !== 32) throw new EncryptionKeyError('La clé de chiffrement doit faire 32 octets (256 bits), encodée en base64.');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [id, iv, tag, body] = sealed.split('.');
      if (id !== keyId || !iv || !tag || body === undefined) throw new EncryptionKeyError('Donnée chiffrée illisible avec la clé actuelle.');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** Reads DATA_ENCRYPTION_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`). */
export function encryptionFromBase64(value: string): Encryption {
  return aesGcm(Buffer.from(value, 'base64'));
}
