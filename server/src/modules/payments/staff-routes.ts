import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { validationError } from '../../errors.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../db/schema/billing.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { REJECTED_EVENTS_DEFAULT_LIMIT, REJECTED_EVENTS_MAX_LIMIT, listRejectedEvents } from './rejected-events.js';
import { listPayments } from './service.js';
import { confirmPayment, rejectPayment } from './verification.js';
import { unlockPayment } from './release.js';
import { readPaymentSettings, savePaymentSettings, settingsBody } from '../payment-settings/service.js';

/**
 * Staff API of online payment: provider settings (admins), payments and their events, and the
 * refused provider messages (agents too); confirming or rejecting a payment à vérifier, letting a
 * family pay again before a pending attempt's hold ends (admins).
 * No-store, origin and JSON checks come from the staff API's sameOriginJson.
 */
export function paymentStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/payment-settings', admin, async (c) => c.json(await readPaymentSettings(c.get('deps'), c.get('staff').tenantId)))
    .put('/payment-settings', admin, async (c) => c.json(await savePaymentSettings(c.get('deps'), c.get('staff'), await jsonBody(c, settingsBody))))
    .get('/payments', async (c) => {
      const status = c.req.query('status') || undefined;
      const flagged = c.req.query('flagged') || undefined;
      if (status !== undefined && !(PAYMENT_STATUSES as readonly string[]).includes(status)) {
        throw validationError({ status: 'Le statut doit être pending, to_verify, paid, refused, cancelled, expired ou error.' });
      }
      if (flagged !== undefined && flagged !== 'true' && flagged !== 'false') throw validationError({ flagged: 'Le filtre « à régulariser » vaut true ou false.' });
      return c.json(await listPayments(c.get('deps'), c.get('staff').tenantId, { status: status as PaymentStatus | undefined, flagged: flagged === undefined ? undefined : flagged === 'true' }));
    })
    .post('/payments/:id/confirm', admin, async (c) => c.json(await confirmPayment(c.get('deps'), c.get('staff'), idParam(c.req.param('id'), 'Ce paiement est introuvable.'))))
    .post('/payments/:id/reject', admin, async (c) => c.json(await rejectPayment(c.get('deps'), c.get('staff'), idParam(c.req.param('id'), 'Ce paiement est introuvable.'))))
    .post('/payments/:id/unlock', admin, async (c) => c.json(await unlockPayment(c.get('deps'), c.get('staff'), idParam(c.req.param('id'), 'Ce paiement est introuvable.'))))
    .get('/payment-events/rejected', async (c) => {
      const asked = c.req.query('limit');
      const limit = asked === undefined || asked === '' ? REJECTED_EVENTS_DEFAULT_LIMIT : /^\d{1,4}$/.test(asked) ? Number(asked) : NaN;
      if (!Number.isInteger(limit) || limit < 1 || limit > REJECTED_EVENTS_MAX_LIMIT) {
        throw validationError({ limit: `Le nombre de messages demandé va de 1 à ${REJECTED_EVENTS_MAX_LIMIT}.` });
      }
      return c.json(await listRejectedEvents(c.get('deps').database.db, c.get('staff').tenantId, limit));
    });
}
