import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { clientIp } from '../../http/client-ip.js';
import { email, jsonBody, password } from '../../http/validate.js';
import { clearStaffCookie, setStaffCookie, staffCookie } from '../../http/staff-auth.js';
import { activateStaff, sessionAnswer, sessionExpired, staffAuthenticate, staffLogin, staffLogout } from './staff-session.js';

const loginBody = z.object({
  email: email(),
  password: z.string({ error: 'Le mot de passe est obligatoire.' }).min(1, 'Le mot de passe est obligatoire.').max(128, 'Adresse e-mail ou mot de passe incorrect.'),
});
const activationBody = z.object({
  token: z.string({ error: 'Le lien d’activation est incomplet.' }).regex(/^[A-Za-z0-9_-]{20,128}$/, 'Le lien d’activation est incomplet ou mal copié.'),
  password: password(),
});

/** Staff accounts: sign in and out, first password from the activation link, the current session. No session needed. */
export const authStaffRoutes = new Hono<AppEnv>()
  .post('/session', async (c) => {
    const body = await jsonBody(c, loginBody);
    const { token, session } = await staffLogin(c.get('deps'), body, clientIp(c));
    setStaffCookie(c, token);
    return c.json(sessionAnswer(session), 201);
  })
  .delete('/session', async (c) => {
    const token = staffCookie(c);
    if (token) await staffLogout(c.get('deps'), token);
    clearStaffCookie(c);
    return c.body(null, 204);
  })
  .post('/activation', async (c) => {
    const body = await jsonBody(c, activationBody);
    await activateStaff(c.get('deps'), body, clientIp(c));
    return c.json({ message: 'Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.' });
  })
  .get('/session', async (c) => {
    const token = staffCookie(c);
    if (!token) throw sessionExpired();
    return c.json(sessionAnswer(await staffAuthenticate(c.get('deps'), token)));
  });
