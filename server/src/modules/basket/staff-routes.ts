import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { bodyOf, idParam, jsonBody } from '../../http/validate.js';
import { basketDetail, listBaskets, readBasketSettings, saveBasketSettings } from './staff.js';
import type { Staff } from '../../contracts/index.js';

const settingsBody = bodyOf<Staff.BasketSettings>()(
  z.strictObject(
    {
      expiryHours: z
        .number({ error: 'Le délai avant expiration du panier est un nombre d’heures.' })
        .int('Le délai avant expiration du panier est un nombre entier d’heures.')
        .min(1, 'Le délai avant expiration du panier est d’au moins 1 heure.')
        .max(720, 'Le délai avant expiration du panier est de 720 heures (30 jours) au plus.'),
    },
    { error: 'Ce champ n’existe pas.' },
  ),
);

/** Staff API of pay at booking: baskets in progress (agents and admins), the basket delay (admins change it). */
export function basketStaffRoutes() {
  const admin = requireAdmin();
  return new Hono<AppEnv>()
    .get('/baskets', async (c) => c.json(await listBaskets(c.get('deps').database.db, c.get('staff').tenantId)))
    .get('/baskets/:id', async (c) => c.json(await basketDetail(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id'), 'Ce panier est introuvable.'))))
    .get('/basket-settings', async (c) => c.json(await readBasketSettings(c.get('deps').database.db, c.get('staff').tenantId)))
    .put('/basket-settings', admin, async (c) => c.json(await saveBasketSettings(c.get('deps').database.db, c.get('staff'), await jsonBody(c, settingsBody))));
}
