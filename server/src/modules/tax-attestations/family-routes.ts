import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { requireFamily } from '../../http/family-auth.js';
import { isUuid } from '../../domain/ids.js';
import { pdfAnswer } from '../../http/downloads.js';
import { listFamilyTaxAttestations } from './queries.js';
import { renderTaxAttestationPdf, taxAttestationNotFound } from './document.js';

/** Parents: their published tax attestations (frais de garde) and each one's PDF. */
export const taxAttestationFamilyRoutes = new Hono<AppEnv>()
  .use('/attestations-fiscales', requireFamily())
  .use('/attestations-fiscales/*', requireFamily())
  .get('/attestations-fiscales', async (c) => c.json(await listFamilyTaxAttestations(c.get('deps').database.db, c.get('tenant').id, c.get('family').familyId)))
  .get('/attestations-fiscales/:id/pdf', async (c) => {
    const id = c.req.param('id');
    if (!isUuid(id)) throw taxAttestationNotFound();
    const { pdf, filename } = await renderTaxAttestationPdf(c.get('deps'), c.get('tenant').id, id, { familyId: c.get('family').familyId });
    return pdfAnswer(c, pdf, filename);
  });
