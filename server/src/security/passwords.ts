import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing with argon2id at OWASP's parameters (m = 19 MiB, t = 2, p = 1). The encoded
 * hash carries its parameters, so they can be raised later; only the hash is ever stored.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string | null): Promise<boolean>;
}

export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Cost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function argon2Hasher(cost: Argon2Cost = OWASP_ARGON2ID): PasswordHasher {
  // 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
  const options = { algorithm: 2, ...cost };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password.normalize('NFC'), options),
    async verify(password, stored) {
      if (!stored?.startsWith('$argon2id$')) {
        // Same work for an unknown account, so timing does not reveal whether it exists.
        dummy ??= hash('compte inexistant', options);
        await verify(await dummy, password.normalize('NFC')).catch(() => false);
        return false;
      }
      return verify(stored, password.normalize('NFC')).catch(() => false);
    },
  };
}
