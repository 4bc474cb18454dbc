import { Hono } from 'hono';
import { desc, eq } from 'drizzle-orm';
import { html } from 'hono/html';
import type { AppEnv } from '../../http/context.js';
import { outbox, tenants } from '../../db/schema/index.js';

/** Demo mode only: the local mailbox where mail lands when no SMTP server is configured. */
export const mailboxRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { db } = c.get('deps').database;
  const rows = await db
    .select({ id: outbox.id, to: outbox.recipient, subject: outbox.subject, text: outbox.text, status: outbox.status, at: outbox.createdAt, town: tenants.name })
    .from(outbox)
    .innerJoin(tenants, eq(tenants.id, outbox.tenantId))
    .orderBy(desc(outbox.createdAt))
    .limit(100);
  c.header('Cache-Control', 'no-store');
  const linkify = (text: string) =>
    text.split(/(https?:\/\/\S+)/g).map((part, i) => (i % 2 ? html`<a href="${part}">${part}</a>` : part));
  return c.html(html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Boîte aux lettres de démonstration – Portail Famille</title>
        <link rel="icon" href="data:," />
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60em; padding: 1em; color: #1a1a1a; }
          article { border: 1px solid #888; border-radius: 6px; padding: 1em; margin: 1em 0; }
          pre { white-space: pre-wrap; font: inherit; }
          .meta { color: #444; font-size: 0.9em; }
        </style>
      </head>
      <body>
        <main>
          <h1>Boîte aux lettres de démonstration</h1>
          <p>Les e-mails envoyés par le portail en mode démonstration arrivent ici (aucun serveur SMTP n’est configuré).</p>
          ${rows.length === 0 ? html`<p>Aucun e-mail pour le moment.</p>` : ''}
          ${rows.map(
            (m) => html`<article>
              <h2>${m.subject}</h2>
              <p class="meta">À : ${m.to} · ${m.town} · ${m.at.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })} · ${m.status === 'sent' ? 'distribué' : 'en attente'}</p>
              <pre>${linkify(m.text)}</pre>
            </article>`,
          )}
        </main>
      </body>
    </html>`);
});
