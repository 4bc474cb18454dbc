import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../errors.js';
import { requireFamily } from '../../http/family-auth.js';
import { idempotencyKeyOf, requestHash } from '../../http/idempotency-key.js';
import { email, jsonBody } from '../../http/validate.js';
import { pdfAnswer } from '../../http/downloads.js';
import { paymentView } from './service.js';
import { renderPaymentAttestation } from './attestation.js';
import { startPayment } from './start.js';

/** Only the invoice and the e-mail for the ticket: the amount is the invoice's, never the client's. */
const startBody = z.strictObject(
  {
    invoiceId: z.uuid({ error: 'La facture à payer est invalide.' }),
    email: email('L’adresse e-mail pour le ticket de paiement').pipe(z.string().min(6, 'L’adresse e-mail est trop courte.').max(80, 'L’adresse e-mail ne doit pas dépasser 80 caractères.')),
    /** The page the payment is started from; kept as the return page only on an allowed origin. */
    returnPage: z.string({ error: 'La page de retour doit être un texte.' }).max(2000, 'L’adresse de la page de retour est trop longue.').optional(),
  },
  { error: 'Ce champ n’est pas accepté : le montant à payer est celui de la facture.' },
);

const paymentId = (value: string) => {
  if (!z.uuid().safeParse(value).success) throw new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.');
  return value;
};

/** Parents' online payments: start one (redirect to the provider), read its verified result, download its attestation. */
export const paymentFamilyRoutes = new Hono<AppEnv>()
  .use('/paiements', requireFamily())
  .use('/paiements/*', requireFamily())
  .post('/paiements', async (c) => {
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const body = await jsonBody(c, startBody);
    const tenantId = c.get('tenant').id;
    const familyId = c.get('family').familyId;
    const idem = { tenantId, actor: `family:${familyId}`, key, hash: requestHash({ route: 'paiements', ...body }) };
    return c.json(await startPayment(c.get('deps'), tenantId, familyId, body, idem), 201);
  })
  .get('/paiements/:id', async (c) => c.json(await paymentView(c.get('deps'), c.get('tenant').id, c.get('family').familyId, paymentId(c.req.param('id')))))
  .get('/paiements/:id/attestation.pdf', async (c) => {
    const { pdf, filename } = await renderPaymentAttestation(c.get('deps'), c.get('tenant').id, c.get('family').familyId, paymentId(c.req.param('id')));
    return pdfAnswer(c, pdf, filename);
  });
