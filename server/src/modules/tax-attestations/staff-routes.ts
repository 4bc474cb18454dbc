import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { pdfAnswer } from '../../http/downloads.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { discardTaxAttestations, previewTaxAttestations, publishTaxAttestations, setAttestationAid } from './runs.js';
import { listTaxAttestationRuns, readTaxAttestationRun } from './queries.js';
import { renderTaxAttestationPdf, taxAttestationNotFound } from './document.js';

const STRICT = { error: 'Ce champ n’existe pas.' };

const runBody = z.strictObject(
  {
    regieId: z.uuid({ error: 'La régie est invalide.' }),
    year: z
      .number({ error: 'L’année doit être un nombre entier.' })
      .int('L’année doit être un nombre entier.')
      .min(2005, 'Le crédit d’impôt pour frais de garde s’applique aux dépenses payées depuis 2005.')
      .max(2100, 'L’année est trop grande.'),
  },
  STRICT,
);

const aidBody = z.strictObject(
  {
    aidCents: z
      .number({ error: 'Les aides doivent être un montant en centimes.' })
      .int('Les aides doivent être un nombre entier de centimes.')
      .min(0, 'Les aides ne peuvent pas être négatives.')
      .max(100_000_000, 'Les aides sont trop grandes.'),
  },
  STRICT,
);

/**
 * Staff: yearly tax attestations (ADR 19). Agents read and download; admins compute the preview,
 * enter aids, publish and discard.
 */
export function taxAttestationStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/tax-attestation-runs', async (c) => c.json(await listTaxAttestationRuns(c.get('deps').database.db, c.get('staff').tenantId)))
    .post('/tax-attestation-runs', admin, async (c) => {
      const deps = c.get('deps');
      const staff = c.get('staff');
      const runId = await previewTaxAttestations(deps, staff, await jsonBody(c, runBody));
      return c.json(await readTaxAttestationRun(deps.database.db, staff.tenantId, runId), 201);
    })
    .get('/tax-attestation-runs/:id', async (c) => c.json(await readTaxAttestationRun(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
    .post('/tax-attestation-runs/:id/publish', admin, async (c) => {
      const id = idParam(c.req.param('id'));
      await jsonBody(c, z.strictObject({}, STRICT));
      const deps = c.get('deps');
      await publishTaxAttestations(deps, c.get('staff'), id);
      return c.json(await readTaxAttestationRun(deps.database.db, c.get('staff').tenantId, id));
    })
    .delete('/tax-attestation-runs/:id', admin, async (c) => {
      const id = idParam(c.req.param('id'));
      await discardTaxAttestations(c.get('deps'), c.get('staff'), id);
      return c.body(null, 204);
    })
    .patch('/tax-attestations/:id', admin, async (c) => {
      const id = idParam(c.req.param('id'));
      const deps = c.get('deps');
      const runId = await setAttestationAid(deps, c.get('staff'), id, (await jsonBody(c, aidBody)).aidCents);
      return c.json(await readTaxAttestationRun(deps.database.db, c.get('staff').tenantId, runId));
    })
    .get('/tax-attestations/:id/pdf', async (c) => {
      const id = c.req.param('id');
      if (!z.uuid().safeParse(id).success) throw taxAttestationNotFound();
      const { pdf, filename } = await renderTaxAttestationPdf(c.get('deps'), c.get('staff').tenantId, id);
      return pdfAnswer(c, pdf, filename);
    });
}
