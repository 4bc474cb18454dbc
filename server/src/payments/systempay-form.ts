/**
 * Systempay / PayZen hosted payment form ("vads_*"): the signed form the browser posts, and the
 * reading of what comes back (IPN and browser return), signed with the same rule.
 */
import { randomInt } from 'node:crypto';
import { systempaySignature, verifySystempaySignature, type SystempayAlgorithm } from './systempay-signature.js';

export interface SystempayRequest {
  siteId: string;
  ctxMode: 'TEST' | 'PRODUCTION';
  amountCents: number;
  transId: string;
  transDate: Date;
  orderId: string;
  email: string;
  returnUrl: string;
  notificationUrl: string;
}

/** `YYYYMMDDHHMMSS` in UTC, as `vads_trans_date` wants it. */
export const utcStamp = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(0, 14);

const FIRST = '012345678abcdefghijklmnopqrstuvwxyz';
const NEXT = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A `vads_trans_id`: six of [0-9a-z], never starting with 9 (the platform keeps 9xxxxx for itself). */
export const systempayTransId = () => FIRST[randomInt(FIRST.length)] + Array.from({ length: 5 }, () => NEXT[randomInt(NEXT.length)]).join('');

/** Our reference of an attempt: the UTC day of the transaction and its id, unique per shop. */
export const systempayReference = (transDate: string, transId: string) => `${transDate.slice(0, 8)}${transId}`;

/** Every mandatory field, the customer's e-mail, the return and notification URLs, and the signature. */
export function systempayForm(r: SystempayRequest, key: string, algorithm: SystempayAlgorithm): Record<string, string> {
  const fields: Record<string, string> = {
    vads_action_mode: 'INTERACTIVE',
    vads_amount: String(r.amountCents),
    vads_ctx_mode: r.ctxMode,
    vads_currency: '978',
    vads_cust_email: r.email,
    vads_language: 'fr',
    vads_order_id: r.orderId,
    vads_page_action: 'PAYMENT',
    vads_payment_config: 'SINGLE',
    vads_return_mode: 'GET',
    vads_site_id: r.siteId,
    vads_trans_date: utcStamp(r.transDate),
    vads_trans_id: r.transId,
    vads_url_cancel: r.returnUrl,
    vads_url_check: r.notificationUrl,
    vads_url_refused: r.returnUrl,
    vads_url_return: r.returnUrl,
    vads_url_success: r.returnUrl,
    vads_version: 'V2',
  };
  return { ...fields, signature: systempaySignature(fields, key, algorithm) };
}

export type SystempayOutcome = 'paid' | 'refused' | 'cancelled' | 'expired' | 'pending';

/** The decision on `vads_trans_status`; anything not final (UNDER_VERIFICATION, WAITING_*…) stays pending. */
export function systempayOutcome(status: string): SystempayOutcome {
  switch (status) {
    case 'AUTHORISED':
    case 'CAPTURED':
    case 'AUTHORISED_TO_VALIDATE':
      return 'paid';
    case 'REFUSED':
      return 'refused';
    case 'ABANDONED':
    case 'CANCELLED':
      return 'cancelled';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'pending';
  }
}

export interface SystempayResult {
  siteId: string;
  ctxMode: string;
  reference: string;
  amountCents: number;
  status: string;
  transUuid: string;
  authNumber: string;
}

export type SystempayReading = { ok: true; result: SystempayResult } | { ok: false; reason: string };

/**
 * Checks and reads a notification or return: signature (constant time) with the key of the mode
 * it claims, then the fields every result carries.
 */
export function readSystempayResult(fields: Record<string, string>, key: string, algorithm: SystempayAlgorithm): SystempayReading {
  const signature = fields.signature ?? '';
  if (!signature) return { ok: false, reason: 'Signature absente.' };
  if (!verifySystempaySignature(fields, signature, key, algorithm)) return { ok: false, reason: 'Signature invalide.' };
  const { vads_site_id = '', vads_ctx_mode = '', vads_trans_id = '', vads_trans_date = '', vads_amount = '', vads_effective_amount = '', vads_trans_status = '' } = fields;
  if (!/^[0-9]{14}$/.test(vads_trans_date) || !/^[0-9a-zA-Z]{6}$/.test(vads_trans_id)) return { ok: false, reason: 'Transaction illisible.' };
  const amount = vads_effective_amount || vads_amount;
  if (!/^[0-9]{1,12}$/.test(amount)) return { ok: false, reason: 'Montant illisible.' };
  return {
    ok: true,
    result: {
      siteId: vads_site_id,
      ctxMode: vads_ctx_mode,
      reference: systempayReference(vads_trans_date, vads_trans_id),
      amountCents: Number(amount),
      status: vads_trans_status,
      transUuid: (fields.vads_trans_uuid ?? '').slice(0, 64),
      authNumber: (fields.vads_auth_number ?? '').slice(0, 64),
    },
  };
}
