/**
 * The commune as families see it: its name, logo, colours, banner message and contact, edited by
 * staff and read by the widget before anyone signs in.
 */
import { eq, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { settings, tenants } from '../../db/schema/index.js';
import { ApiError, notFound } from '../../errors.js';
import type { StaffContext, TenantContext } from '../../actors.js';
import { lockTenant } from '../tenants/service.js';
import { colourProblems } from './colors.js';
import { MAX_LOGO_BYTES, MAX_LOGO_HEIGHT, MAX_LOGO_WIDTH, sniffImage } from '../../security/images.js';
import { audit } from '../../db/audit.js';

export async function readSettings(deps: Deps, tenantId: string) {
  const [row] = await deps.database.db
    .select({
      name: tenants.name,
      logoUrl: settings.logoUrl,
      hasImage: sql<boolean>`${settings.logoImage} is not null`,
      logoMime: settings.logoMime,
      logoWidth: settings.logoWidth,
      logoHeight: settings.logoHeight,
      primaryColor: settings.primaryColor,
      primaryTextColor: settings.primaryTextColor,
      infoMessage: settings.infoMessage,
      infoDate: settings.infoDate,
      contactEmail: settings.contactEmail,
      portalUrl: settings.portalUrl,
      updatedAt: settings.updatedAt,
    })
    .from(tenants)
    .innerJoin(settings, eq(settings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  if (!row) throw notFound('Les réglages de cette commune sont introuvables.');
  const logo = row.hasImage
    ? { kind: 'image' as const, url: `/admin/api/settings/logo?v=${row.updatedAt.getTime()}`, mime: row.logoMime, width: row.logoWidth, height: row.logoHeight }
    : row.logoUrl
      ? { kind: 'url' as const, url: row.logoUrl, mime: null, width: null, height: null }
      : null;
  return {
    name: row.name,
    logo,
    primaryColor: row.primaryColor,
    primaryTextColor: row.primaryTextColor,
    infoMessage: row.infoMessage,
    infoDate: row.infoDate,
    contactEmail: row.contactEmail,
    portalUrl: row.portalUrl,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface SettingsChange {
  name?: string;
  primaryColor?: string;
  primaryTextColor?: string;
  infoMessage?: string | null;
  infoDate?: string | null;
  contactEmail?: string | null;
  portalUrl?: string | null;
}

export async function updateSettings(deps: Deps, staff: StaffContext, change: SettingsChange) {
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const [current] = await tx.select().from(settings).where(eq(settings.tenantId, staff.tenantId));
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, staff.tenantId));
    if (!current || !tenant) throw notFound('Les réglages de cette commune sont introuvables.');

    const primary = change.primaryColor ?? current.primaryColor;
    const primaryText = change.primaryTextColor ?? current.primaryTextColor;
    if (change.primaryColor !== undefined || change.primaryTextColor !== undefined) {
      const fields = colourProblems(primary, primaryText);
      if (Object.keys(fields).length) {
        throw new ApiError(422, 'contraste_insuffisant', Object.values(fields).join(' '), { fields });
      }
    }
    const { name, ...rest } = change;
    const changed = Object.entries(rest)
      .filter(([key, value]) => value !== undefined && value !== current[key as keyof typeof current])
      .map(([key]) => key);
    if (name !== undefined && name !== tenant.name) {
      await tx.update(tenants).set({ name }).where(eq(tenants.id, staff.tenantId));
      changed.unshift('name');
    }
    if (!changed.length) return;
    await tx.update(settings).set({ ...rest, updatedAt: now }).where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'reglages_modifies', null, { champs: changed });
  });
  return readSettings(deps, staff.tenantId);
}

export function decodeBase64Image(data: string): Uint8Array {
  const payload = data.replace(/^data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 === 1) {
    throw new ApiError(422, 'image_invalide', 'Le fichier envoyé n’a pas pu être lu. Choisissez une image PNG ou JPEG.', { fields: { data: 'Le fichier n’a pas pu être lu.' } });
  }
  return new Uint8Array(Buffer.from(payload, 'base64'));
}

export async function uploadLogo(deps: Deps, staff: StaffContext, bytes: Uint8Array) {
  if (bytes.length > MAX_LOGO_BYTES) throw new ApiError(413, 'image_trop_lourde', 'Le logo ne doit pas dépasser 2 Mo.', { fields: { data: 'Le logo ne doit pas dépasser 2 Mo.' } });
  const info = sniffImage(bytes);
  if (!info) {
    throw new ApiError(422, 'format_image', 'Le logo doit être une image PNG ou JPEG (les autres formats, dont SVG, sont refusés).', { fields: { data: 'Format non accepté : PNG ou JPEG uniquement.' } });
  }
  if (info.width > MAX_LOGO_WIDTH || info.height > MAX_LOGO_HEIGHT) {
    const message = `Le logo mesure ${info.width} × ${info.height} pixels : il ne doit pas dépasser ${MAX_LOGO_WIDTH} pixels de large ni ${MAX_LOGO_HEIGHT} pixels de haut.`;
    throw new ApiError(422, 'image_trop_grande', message, { fields: { data: message } });
  }
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(settings)
      .set({ logoImage: bytes, logoMime: info.mime, logoWidth: info.width, logoHeight: info.height, logoUrl: null, updatedAt: deps.clock.now() })
      .where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'logo_televerse', null, { type: info.mime, largeur: info.width, hauteur: info.height, octets: bytes.length });
  });
  return readSettings(deps, staff.tenantId);
}

export async function setLogoUrl(deps: Deps, staff: StaffContext, url: string) {
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(settings)
      .set({ logoUrl: url, logoImage: null, logoMime: null, logoWidth: null, logoHeight: null, updatedAt: deps.clock.now() })
      .where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'logo_adresse', null, { url });
  });
  return readSettings(deps, staff.tenantId);
}

export async function removeLogo(deps: Deps, staff: StaffContext) {
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(settings)
      .set({ logoUrl: null, logoImage: null, logoMime: null, logoWidth: null, logoHeight: null, updatedAt: deps.clock.now() })
      .where(eq(settings.tenantId, staff.tenantId));
    await audit(tx, staff, 'logo_supprime', null);
  });
  return readSettings(deps, staff.tenantId);
}

export async function readLogo(deps: Deps, tenantId: string) {
  const [row] = await deps.database.db.select({ image: settings.logoImage, mime: settings.logoMime }).from(settings).where(eq(settings.tenantId, tenantId));
  if (!row?.image || !row.mime) throw notFound('Aucun logo n’est enregistré pour cette commune.');
  return { image: row.image, mime: row.mime };
}

/** Public configuration of a tenant: what the widget needs before anyone logs in. Nothing personal. */
export async function publicConfig(deps: Deps, tenant: TenantContext) {
  const [row] = await deps.database.db.select().from(settings).where(eq(settings.tenantId, tenant.id));
  const base = `${deps.publicUrl}/v1/t/${tenant.publicKey}`;
  const logoUrl = row?.logoImage ? `${base}/logo?v=${row.updatedAt.getTime()}` : (row?.logoUrl ?? null);
  return {
    name: tenant.name,
    logoUrl,
    logo: logoUrl ? { url: logoUrl, width: row?.logoWidth ?? null, height: row?.logoHeight ?? null } : null,
    colors: { primary: row?.primaryColor ?? '#1d4f91', primaryText: row?.primaryTextColor ?? '#ffffff' },
    info: row?.infoMessage ? { message: row.infoMessage, date: row.infoDate } : null,
    contactEmail: row?.contactEmail ?? null,
    locale: row?.locale ?? 'fr',
  };
}
