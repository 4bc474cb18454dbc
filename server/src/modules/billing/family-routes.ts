import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { email, jsonBody } from '../../http/validate.js';
import { isUuid } from '../../domain/ids.js';
import { pdfAnswer } from '../../http/downloads.js';
import { listFamilyInvoices, updateNotifications } from './family-invoices.js';
import { invoiceNotFound, renderInvoicePdf } from './invoice-document.js';

const MAX_EXTRA_EMAILS = 3;

const notificationsBody = z.strictObject(
  {
    enabled: z.boolean({ error: 'Indiquez si vous souhaitez être prévenu par e-mail (oui ou non).' }),
    extraEmails: z
      .array(email('L’adresse supplémentaire'), { error: 'La liste des adresses supplémentaires est obligatoire (elle peut être vide).' })
      .max(MAX_EXTRA_EMAILS, `Pas plus de ${MAX_EXTRA_EMAILS} adresses en plus de celle de la famille.`)
      .refine((list) => new Set(list).size === list.length, 'Chaque adresse ne doit figurer qu’une fois.'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Des champs inconnus ont été envoyés.' : 'Ces informations doivent être envoyées sous forme d’objet.') },
);

/** Parents' invoices: list and statement, PDF, invoice e-mail subscription. */
export const billingFamilyRoutes = new Hono<AppEnv>()
  .use('/factures', requireFamily())
  .use('/factures/*', requireFamily())
  .get('/factures', async (c) => c.json(await listFamilyInvoices(c.get('deps'), c.get('tenant').id, c.get('family').familyId)))
  .put('/factures/notifications', async (c) => {
    const body = await jsonBody(c, notificationsBody);
    return c.json(await updateNotifications(c.get('deps'), c.get('tenant').id, c.get('family').familyId, body));
  })
  .get('/factures/:id/pdf', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw invoiceNotFound();
    const { pdf, filename } = await renderInvoicePdf(c.get('deps'), c.get('tenant').id, id, { familyId: c.get('family').familyId });
    return pdfAnswer(c, pdf, filename);
  });
