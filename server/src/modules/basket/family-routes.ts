import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../errors.js';
import { requireFamily } from '../../http/family-auth.js';
import { idempotencyKeyOf, requestHash } from '../../http/idempotency-key.js';
import { bodyOf, email, jsonBody } from '../../http/validate.js';
import { basketPaymentView, startBasketCheckout } from '../payments/basket-start.js';
import { lineNotFound, removeLine } from './lines.js';
import { readPanier } from './view.js';
import type { BasketCheckoutBody } from '../../contracts/index.js';

/** The régie and the e-mail for the ticket: never an amount, a price or a list of lines. */
const checkoutBody = bodyOf<BasketCheckoutBody>()(
  z.strictObject(
    {
      regieId: z.uuid({ error: 'Le panier à payer est invalide.' }),
      email: email('L’adresse e-mail pour le ticket de paiement').pipe(z.string().min(6, 'L’adresse e-mail est trop courte.').max(80, 'L’adresse e-mail ne doit pas dépasser 80 caractères.')),
      returnPage: z.string({ error: 'La page de retour doit être un texte.' }).max(2000, 'L’adresse de la page de retour est trop longue.').optional(),
    },
    { error: 'Ce champ n’est pas accepté : le montant à payer est calculé par la commune.' },
  ),
);

const uuidOr = (value: string, error: () => ApiError) => {
  if (!z.uuid().safeParse(value).success) throw error();
  return value;
};

/** Parents' basket (pay at booking): read it, take a day out, pay it (or the debt alone), read a payment's outcome. */
export const basketFamilyRoutes = new Hono<AppEnv>()
  .use('/panier', requireFamily())
  .use('/panier/*', requireFamily())
  .get('/panier', async (c) => c.json(await readPanier(c.get('deps').database.db, c.get('tenant').id, c.get('family').familyId, c.get('deps').clock.now())))
  .delete('/panier/lignes/:lineId', async (c) =>
    c.json(await removeLine(c.get('deps'), c.get('tenant'), c.get('family').familyId, uuidOr(c.req.param('lineId'), lineNotFound))),
  )
  .post('/panier/paiement', async (c) => {
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const body = await jsonBody(c, checkoutBody);
    const tenantId = c.get('tenant').id;
    const familyId = c.get('family').familyId;
    const idem = { tenantId, actor: `family:${familyId}`, key, hash: requestHash({ route: 'panier/paiement', ...body }) };
    const answer = await startBasketCheckout(c.get('deps'), c.get('tenant'), familyId, body, idem);
    return c.json(answer, answer.outcome === 'redirect' ? 201 : 200);
  })
  .get('/panier/paiements/:id', async (c) => {
    const id = uuidOr(c.req.param('id'), () => new ApiError(404, 'paiement_introuvable', 'Ce paiement est introuvable.'));
    return c.json(await basketPaymentView(c.get('deps'), c.get('tenant').id, c.get('family').familyId, id));
  });
