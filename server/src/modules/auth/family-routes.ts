import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { email, jsonBody, password, text } from '../../http/validate.js';
import { bearerToken, requireFamily } from '../../http/family-auth.js';
import { clientIp } from '../../http/client-ip.js';
import * as auth from './service.js';

const loginBody = z.object({ login: text('L’identifiant', 254), password: z.string({ error: 'Le mot de passe est obligatoire.' }).min(1, 'Le mot de passe est obligatoire.').max(128, 'Identifiant ou mot de passe incorrect.') });
const activationBody = z.object({
  familyNumber: text('Le numéro de famille', 40),
  code: text('Le code d’activation', 60),
  email: email(),
  password: password(),
});
const forgotBody = z.object({ login: text('L’identifiant', 254) });
const resetBody = z.object({ token: text('Le lien', 128), password: password('Le nouveau mot de passe') });
const changeBody = z.object({
  currentPassword: z.string({ error: 'Le mot de passe actuel est obligatoire.' }).min(1, 'Le mot de passe actuel est obligatoire.').max(128),
  newPassword: password('Le nouveau mot de passe'),
});

/** Parent accounts: login, first connection, password reset and change, session. */
export const authFamilyRoutes = new Hono<AppEnv>()
  .post('/session', async (c) => {
    const body = await jsonBody(c, loginBody);
    return c.json(await auth.login(c.get('deps'), c.get('tenant'), body, clientIp(c)), 201);
  })
  .delete('/session', requireFamily(), async (c) => {
    await auth.logout(c.get('deps'), c.get('family'));
    return c.body(null, 204);
  })
  .post('/session/prolong', requireFamily('always'), (c) => c.json(auth.sessionAnswer(c.get('family'), bearerToken(c.req.header('authorization'))!)))
  .get('/me', requireFamily(), async (c) => c.json(await auth.home(c.get('deps'), c.get('tenant').id, c.get('family'))))
  .post('/activation', async (c) => {
    const body = await jsonBody(c, activationBody);
    return c.json(await auth.activate(c.get('deps'), c.get('tenant'), body, clientIp(c)), 201);
  })
  .post('/password/forgot', async (c) => {
    const body = await jsonBody(c, forgotBody);
    await auth.forgotPassword(c.get('deps'), c.get('tenant'), body, clientIp(c));
    return c.json({ message: auth.FORGOT_ANSWER }, 202);
  })
  .post('/password/reset', async (c) => {
    const body = await jsonBody(c, resetBody);
    await auth.resetPassword(c.get('deps'), c.get('tenant'), body);
    return c.json({ message: 'Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter.' });
  })
  .post('/password/change', requireFamily(), async (c) => {
    const body = await jsonBody(c, changeBody);
    return c.json(await auth.changePassword(c.get('deps'), c.get('tenant'), c.get('family'), body, clientIp(c)));
  });
