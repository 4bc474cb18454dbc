import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';

const KEY = /^[A-Za-z0-9_-]{8,100}$/;

export function idempotencyKeyOf(header: string | undefined): string {
  if (!header || !KEY.test(header)) {
    throw new ApiError(400, 'cle_idempotence_manquante', 'Cette requête doit porter un en-tête Idempotency-Key (8 à 100 caractères : lettres, chiffres, - et _).');
  }
  return header;
}

export const requestHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
