/**
 * Systempay (Natixis/BPCE) signature, identical to the Lyra PayZen hosted form ("vads_*").
 *
 * The same rule signs the form we post and authenticates what comes back (IPN and browser return):
 * every field whose name starts with `vads_` — empty ones included, they still produce an empty
 * segment — sorted by name in plain code-unit order (`vads_threeds_cavv` < `vads_threeds_cavvAlgorithm`
 * < `vads_threeds_eci`, so never `localeCompare`), the decoded values joined with `+`, then `+<key>`.
 * The key is the TEST or PRODUCTION "certificat" of the shop, chosen by `vads_ctx_mode`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SystempayAlgorithm = 'SHA1' | 'HMAC-SHA-256';

/**
 * The string Systempay signs: values of the `vads_*` fields sorted by field name, joined with `+`,
 * followed by `+` and the key. Other fields (`signature`, anything a framework adds) are not part
 * of the protocol and are ignored.
 */
function signedString(fields: Record<string, string>, key: string): string {
  const names = Object.keys(fields)
    .filter((name) => name.startsWith('vads_'))
    .sort();
  return [...names.map((name) => fields[name]), key].join('+');
}

/**
 * Signature of a Systempay/PayZen form or notification.
 *
 * - `SHA1` (legacy back-office setting): lower-case hex of SHA-1 of the signed string.
 * - `HMAC-SHA-256` (recommended): base64 of HMAC-SHA-256 keyed with the UTF-8 bytes of the key —
 *   the protocol *also* appends the key to the message, so it appears twice; dropping either
 *   occurrence gives a signature the platform rejects.
 *
 * Values are signed as UTF-8 text exactly as posted, not URL-encoded.
 *
 * @throws RangeError when the key is empty: a SHA-1 "signature" without a secret is forgeable
 *   by anyone, so a missing key is a configuration error, not something to sign with.
 */
export function systempaySignature(
  fields: Record<string, string>,
  key: string,
  algorithm: SystempayAlgorithm,
): string {
  if (key === '') throw new RangeError('Clé Systempay manquante : impossible de signer.');
  const message = signedString(fields, key);
  return algorithm === 'SHA1'
    ? createHash('sha1').update(message, 'utf8').digest('hex')
    : createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

/**
 * True when `signature` is the one Systempay computes over the received `vads_*` fields.
 *
 * Pass every decoded field of the notification as received (the `signature` field itself is
 * ignored with any other non-`vads_` field); a field added or removed in transit changes the
 * signed string and fails verification. The comparison is constant-time so that a forger cannot
 * learn the expected signature byte by byte from response times. Never throws: an empty key
 * or a signature of the wrong length simply does not verify.
 */
export function verifySystempaySignature(
  fields: Record<string, string>,
  signature: string,
  key: string,
  algorithm: SystempayAlgorithm,
): boolean {
  if (key === '') return false;
  const expected = Buffer.from(systempaySignature(fields, key, algorithm), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}
