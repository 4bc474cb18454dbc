/**
 * Paybox System form (HMAC-signed, posted by the browser) and the reading of what Paybox sends back
 * (IPN and browser returns), signed with Paybox's RSA key over the raw query as received.
 */
import { randomInt } from 'node:crypto';
import { payboxHmac, payboxVerify } from './paybox-signature.js';

/** The variables Paybox returns; the signature `K` must come last. */
export const PAYBOX_RETOUR = 'montant:M;reference:R;autorisation:A;erreur:E;appel:T;transaction:S;date:W;heure:Q;signature:K';

export interface PayboxRequest {
  site: string;
  rang: string;
  identifiant: string;
  amountCents: number;
  reference: string;
  email: string;
  time: Date;
  returnUrl: string;
  notificationUrl: string;
}

/** `PBX_TIME`: ISO 8601 in UTC. */
const pbxTime = (date: Date) => `${date.toISOString().slice(0, 19)}+00:00`;

/**
 * The form in the order it is posted; `PBX_HMAC`, last, signs the others in that very order
 * (so the caller must keep the order of the returned object's keys).
 */
export function payboxForm(r: PayboxRequest, hexKey: string): Record<string, string> {
  const fields: [string, string][] = [
    ['PBX_SITE', r.site],
    ['PBX_RANG', r.rang],
    ['PBX_IDENTIFIANT', r.identifiant],
    ['PBX_TOTAL', String(r.amountCents).padStart(3, '0')],
    ['PBX_DEVISE', '978'],
    ['PBX_CMD', r.reference],
    ['PBX_PORTEUR', r.email],
    ['PBX_RETOUR', PAYBOX_RETOUR],
    ['PBX_HASH', 'SHA512'],
    ['PBX_TIME', pbxTime(r.time)],
    ['PBX_EFFECTUE', r.returnUrl],
    ['PBX_REFUSE', r.returnUrl],
    ['PBX_ANNULE', r.returnUrl],
    ['PBX_REPONDRE_A', r.notificationUrl],
  ];
  const hmac = payboxHmac(fields.map(([name, value]) => `${name}=${value}`).join('&'), hexKey, 'SHA512');
  return Object.fromEntries([...fields, ['PBX_HMAC', hmac]]);
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `PBX_CMD` of one attempt: the invoice number and a random part, unique per attempt. */
export const payboxReference = (invoiceNumber: string) => `${invoiceNumber}-${Array.from({ length: 6 }, () => ALNUM[randomInt(ALNUM.length)]).join('')}`;

export interface PayboxResult {
  amountCents: number;
  reference: string;
  authorisation: string;
  error: string;
  call: string;
  transaction: string;
}

export type PayboxReading = { ok: true; result: PayboxResult } | { ok: false; reason: string };

const decode = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
};

/**
 * Verifies and reads a query string or form body exactly as received. `ownParams` are parameters
 * of ours that lead the query (`paiement=…` on a return URL): Paybox signs only what it appended.
 */
export function readPayboxResult(raw: string, publicKeyPem: string, ownParams: string[] = []): PayboxReading {
  let signed = raw;
  for (;;) {
    const name = signed.slice(0, signed.indexOf('='));
    if (!ownParams.includes(name)) break;
    const next = signed.indexOf('&');
    if (next < 0) return { ok: false, reason: 'Aucune donnée Paybox.' };
    signed = signed.slice(next + 1);
  }
  const at = signed.lastIndexOf('&signature=');
  if (at < 0) return { ok: false, reason: 'Signature absente.' };
  const signedData = signed.slice(0, at);
  const signature = signed.slice(at + '&signature='.length);
  if (signature.includes('&') || !payboxVerify(signedData, signature, publicKeyPem)) return { ok: false, reason: 'Signature invalide.' };
  const fields: Record<string, string> = {};
  for (const pair of signedData.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
    if (value === null) return { ok: false, reason: 'Données illisibles.' };
    fields[name] = value;
  }
  const { montant = '', reference = '', autorisation = '', erreur = '', appel = '', transaction = '' } = fields;
  if (!/^[0-9]{1,10}$/.test(montant) || reference === '' || !/^[0-9]{5}$/.test(erreur)) return { ok: false, reason: 'Champs obligatoires absents.' };
  return {
    ok: true,
    result: { amountCents: Number(montant), reference, authorisation: autorisation.slice(0, 64), error: erreur, call: appel.slice(0, 64), transaction: transaction.slice(0, 64) },
  };
}

export type PayboxOutcome = 'paid' | 'refused' | 'cancelled' | 'error' | 'pending';

/** The meaning of `E` (erreur); paid needs an authorisation number too. */
export function payboxOutcome(error: string, authorisation: string): PayboxOutcome {
  if (error === '00000') return authorisation.trim() ? 'paid' : 'error';
  if (error === '00001') return 'cancelled';
  if (error === '99999') return 'pending';
  if (['00021', '00033', '00040'].includes(error)) return 'refused';
  if (/^001[0-9]{2}$/.test(error)) {
    const cb = error.slice(3);
    if (cb === '17') return 'cancelled';
    return cb === '00' ? 'error' : 'refused';
  }
  return 'error';
}
