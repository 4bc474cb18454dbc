/**
 * Paybox System (Verifone; same protocol as Crédit Agricole e-Transactions / Up2Pay).
 *
 * Outgoing form: signed with an HMAC shared secret (`PBX_HMAC`). Return and IPN: signed by Paybox
 * with its RSA private key (`K` variable of `PBX_RETOUR`), verified with the Paybox public key.
 */
import { createHmac, createVerify } from 'node:crypto';

export type PayboxHash = 'SHA512' | 'SHA256';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `PBX_HMAC` of a Paybox form.
 *
 * `message` is every posted field except `PBX_HMAC`, in the exact order of the form, written
 * `NAME=value` and joined with `&`, values raw (not URL-encoded) — Paybox recomputes it from the
 * fields it receives, so any other order or encoding is rejected. The secret from the back-office
 * is 128 hex digits and is used as the *binary* key it encodes (PHP `pack('H*', key)`), not as
 * text. `hash` must be the value sent in `PBX_HASH`. Paybox expects upper-case hex.
 *
 * @throws RangeError when `hexKey` is not hex: Node would otherwise silently truncate the key at
 *   the first bad digit and every payment would be refused with an opaque error.
 */
export function payboxHmac(message: string, hexKey: string, hash: PayboxHash = 'SHA512'): string {
  if (!HEX.test(hexKey)) throw new RangeError('Clé HMAC Paybox invalide : chiffres hexadécimaux attendus.');
  const algorithm = hash === 'SHA512' ? 'sha512' : 'sha256';
  return createHmac(algorithm, Buffer.from(hexKey, 'hex')).update(message, 'utf8').digest('hex').toUpperCase();
}

/**
 * True when Paybox signed `signedData` (RSA PKCS#1 v1.5 with SHA-1, the Paybox `pubkey.pem`).
 *
 * `signedData` must be the query string (or POST body) **exactly as received**, up to but
 * excluding `&<signature name>=…`: Paybox signs its own encoding (space as `%20`, `@ / :` left
 * as is), so re-serialising decoded fields does not reproduce it. For the IPN only the
 * `PBX_RETOUR` variables are signed: strip any parameters of our own first.
 *
 * `signatureBase64` is the signature value, base64 that is usually still URL-encoded in the
 * URL: `%2B`, `%2F` and `%3D` are decoded here, and a space is read back as `+` (what a
 * form decoder makes of an unencoded `+`; base64 never contains a space).
 *
 * Returns false, never throws, on a malformed signature or key: the caller answers a forged
 * or garbled notification exactly like a badly signed one.
 */
export function payboxVerify(signedData: string, signatureBase64: string, publicKeyPem: string): boolean {
  const base64 = signatureBase64
    .replace(/%2B/gi, '+')
    .replace(/%2F/gi, '/')
    .replace(/%3D/gi, '=')
    .replaceAll(' ', '+');
  // Buffer.from(…, 'base64') skips characters it does not know; reject them instead.
  if (base64 === '' || !BASE64.test(base64)) return false;
  try {
    return createVerify('RSA-SHA1').update(signedData, 'utf8').verify(publicKeyPem, Buffer.from(base64, 'base64'));
  } catch {
    return false;
  }
}
