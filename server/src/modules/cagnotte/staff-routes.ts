import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { listBalances, readFamilyCagnotte } from './accounts.js';
import { correctCagnotte } from './corrections.js';
import { correctionBody, regieFilter } from './schemas.js';

const familyId = (value: string) => idParam(value, 'Cette famille est introuvable.');

/**
 * Staff API of the cagnotte, mounted behind requireStaff: agents read the balances and a family's
 * movements; only admins adjust or refund a cagnotte (money leaves the régie or is given).
 */
export function cagnotteStaffRoutes() {
  return new Hono<AppEnv>()
    .get('/cagnotte/balances', async (c) => c.json(await listBalances(c.get('deps').database.db, c.get('staff').tenantId, regieFilter(c.req.query('regieId')))))
    .get('/families/:id/cagnotte', async (c) => c.json(await readFamilyCagnotte(c.get('deps').database.db, c.get('staff').tenantId, familyId(c.req.param('id')))))
    .post('/families/:id/cagnotte', requireAdmin(), async (c) => {
      const id = familyId(c.req.param('id'));
      return c.json(await correctCagnotte(c.get('deps'), c.get('staff'), id, await jsonBody(c, correctionBody)), 201);
    });
}
