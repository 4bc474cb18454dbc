import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import type { AppEnv } from '../../http/context.js';
import { settings } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';

/** Public configuration of a tenant: what the widget needs before anyone logs in. Nothing personal. */
export const configRoutes = new Hono<AppEnv>()
  .get('/config', async (c) => {
    const { db } = c.get('deps').database;
    const tenant = c.get('tenant');
    const [row] = await db.select().from(settings).where(eq(settings.tenantId, tenant.id));
    const base = `${c.get('deps').publicUrl}/v1/t/${tenant.publicKey}`;
    const logoUrl = row?.logoImage ? `${base}/logo?v=${row.updatedAt.getTime()}` : (row?.logoUrl ?? null);
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({
      name: tenant.name,
      logoUrl,
      logo: logoUrl ? { url: logoUrl, width: row?.logoWidth ?? null, height: row?.logoHeight ?? null } : null,
      colors: { primary: row?.primaryColor ?? '#1d4f91', primaryText: row?.primaryTextColor ?? '#ffffff' },
      info: row?.infoMessage ? { message: row.infoMessage, date: row.infoDate } : null,
      contactEmail: row?.contactEmail ?? null,
      locale: row?.locale ?? 'fr',
    });
  })
  .get('/logo', async (c) => {
    const { db } = c.get('deps').database;
    const [row] = await db
      .select({ image: settings.logoImage, mime: settings.logoMime })
      .from(settings)
      .where(eq(settings.tenantId, c.get('tenant').id));
    if (!row?.image || !row.mime) throw notFound('Aucun logo n’est enregistré pour cette commune.');
    return c.body(row.image as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': row.mime,
      'Cache-Control': 'public, max-age=86400',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  });
