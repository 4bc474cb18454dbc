import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { allowedOrigins, auditLog, publicKeys, settings, staffUsers, tenants } from '../../db/schema/index.js';
import { ApiError, notFound } from '../../http/errors.js';
import type { StaffContext } from '../../http/context.js';
import { newPublicKey, normaliseOrigin } from '../tenants/service.js';
import { loadWidgetBundle } from '../widget/bundle.js';
import { colourProblems } from './colors.js';
import { MAX_LOGO_BYTES, MAX_LOGO_HEIGHT, MAX_LOGO_WIDTH, sniffImage } from '../../security/images.js';
import { PLANNING_AUDIT_LABELS } from './planning-service.js';
import { FAMILIES_AUDIT_LABELS } from './families-service.js';
import { DOCUMENT_AUDIT_LABELS } from '../documents/service.js';
import { BILLING_AUDIT_LABELS } from '../billing/regies.js';
import { audit } from '../../db/audit.js';

export const MAX_ACTIVE_KEYS = 2;
export const MAX_ORIGINS = 20;


/** Serialises the writes of one tenant's settings (key count, origin count) across API instances. */
async function lockTenant(tx: Tx, tenantId: string) {
  await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
}

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

export async function listOrigins(deps: Deps, tenantId: string) {
  const rows = await deps.database.db
    .select({ id: allowedOrigins.id, origin: allowedOrigins.origin, createdAt: allowedOrigins.createdAt })
    .from(allowedOrigins)
    .where(eq(allowedOrigins.tenantId, tenantId))
    .orderBy(allowedOrigins.origin);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

export const ORIGIN_HINT = 'Indiquez une origine exacte, par exemple https://www.ville.fr (https, sans chemin ni barre finale).';

export async function addOrigin(deps: Deps, staff: StaffContext, typed: string) {
  const origin = normaliseOrigin(typed);
  if (!origin) throw new ApiError(422, 'origine_invalide', `Cette origine n’est pas valable. ${ORIGIN_HINT}`, { fields: { origin: ORIGIN_HINT } });
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const rows = await tx.select({ origin: allowedOrigins.origin }).from(allowedOrigins).where(eq(allowedOrigins.tenantId, staff.tenantId));
    if (rows.some((row) => row.origin === origin)) throw new ApiError(409, 'origine_existante', 'Cette origine est déjà autorisée.', { fields: { origin: 'Cette origine est déjà autorisée.' } });
    if (rows.length >= MAX_ORIGINS) throw new ApiError(409, 'trop_d_origines', `Une commune peut autoriser au plus ${MAX_ORIGINS} origines. Supprimez-en une avant d’en ajouter une autre.`);
    const [row] = await tx.insert(allowedOrigins).values({ tenantId: staff.tenantId, origin }).returning({ id: allowedOrigins.id });
    await audit(tx, staff, 'origine_ajoutee', row.id, { origine: origin });
  });
  return listOrigins(deps, staff.tenantId);
}

export async function removeOrigin(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(allowedOrigins)
      .where(and(eq(allowedOrigins.tenantId, staff.tenantId), eq(allowedOrigins.id, id)))
      .returning({ origin: allowedOrigins.origin });
    if (!row) throw notFound('Cette origine n’existe pas ou a déjà été supprimée.');
    await audit(tx, staff, 'origine_supprimee', id, { origine: row.origin });
  });
  return listOrigins(deps, staff.tenantId);
}

export async function listKeys(deps: Deps, tenantId: string) {
  const rows = await deps.database.db
    .select({ id: publicKeys.id, key: publicKeys.key, label: publicKeys.label, createdAt: publicKeys.createdAt, revokedAt: publicKeys.revokedAt })
    .from(publicKeys)
    .where(eq(publicKeys.tenantId, tenantId))
    .orderBy(desc(publicKeys.createdAt), publicKeys.key);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), revokedAt: row.revokedAt?.toISOString() ?? null, active: !row.revokedAt }));
}

export async function createKey(deps: Deps, staff: StaffContext, label: string | undefined) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const keys = await tx.select({ key: publicKeys.key, revokedAt: publicKeys.revokedAt }).from(publicKeys).where(eq(publicKeys.tenantId, staff.tenantId));
    if (keys.filter((k) => !k.revokedAt).length >= MAX_ACTIVE_KEYS) {
      throw new ApiError(
        409,
        'trop_de_cles',
        'Deux clés sont déjà actives, le maximum pendant une rotation. Mettez à jour le site de la commune avec la nouvelle clé, puis révoquez l’ancienne avant d’en créer une autre.',
      );
    }
    // A demo tenant keeps test keys, a real one live keys.
    const mode = keys.some((k) => k.key.startsWith('pk_test_')) && !keys.some((k) => k.key.startsWith('pk_live_')) ? 'test' : 'live';
    const key = newPublicKey(mode);
    const [row] = await tx
      .insert(publicKeys)
      .values({ tenantId: staff.tenantId, key, label: label ?? `Clé du ${deps.clock.now().toISOString().slice(0, 10)}` })
      .returning({ id: publicKeys.id });
    await audit(tx, staff, 'cle_creee', row.id, { cle: key });
  });
  return listKeys(deps, staff.tenantId);
}

export async function revokeKey(deps: Deps, staff: StaffContext, id: string, confirmLast: boolean) {
  await deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const keys = await tx.select({ id: publicKeys.id, key: publicKeys.key, revokedAt: publicKeys.revokedAt }).from(publicKeys).where(eq(publicKeys.tenantId, staff.tenantId));
    const key = keys.find((k) => k.id === id);
    if (!key) throw notFound('Cette clé n’existe pas.');
    if (key.revokedAt) throw new ApiError(409, 'cle_deja_revoquee', 'Cette clé est déjà révoquée.');
    if (keys.filter((k) => !k.revokedAt).length === 1 && !confirmLast) {
      throw new ApiError(
        409,
        'derniere_cle',
        'C’est la dernière clé active : une fois révoquée, le portail cessera de fonctionner sur le site de la commune. Confirmez pour la révoquer quand même.',
      );
    }
    await tx.update(publicKeys).set({ revokedAt: deps.clock.now() }).where(and(eq(publicKeys.tenantId, staff.tenantId), eq(publicKeys.id, id), isNull(publicKeys.revokedAt)));
    await audit(tx, staff, 'cle_revoquee', id, { cle: key.key, derniere: confirmLast || undefined });
  });
  return listKeys(deps, staff.tenantId);
}

/** Elements a webmaster may place; each goes on the town page where it belongs. */
export const PORTAIL_ELEMENTS = ['portail-login', 'portail-accueil'];

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The exact code to paste in the town's pages, pinned to the current build with SRI when there is one. */
export async function integrationSnippet(deps: Deps, tenantId: string) {
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const bundle = loadWidgetBundle(deps.widgetDir);
  const [key] = await deps.database.db
    .select({ key: publicKeys.key })
    .from(publicKeys)
    .where(and(eq(publicKeys.tenantId, tenantId), isNull(publicKeys.revokedAt)))
    .orderBy(desc(publicKeys.createdAt))
    .limit(1);
  const scriptUrl = bundle ? `${publicUrl}/widget/v1/${bundle.version}/portail.js` : `${publicUrl}/widget/v1/portail.js`;
  const script = key
    ? `<script type="module" src="${escapeAttribute(scriptUrl)}"${bundle ? ` integrity="${bundle.integrity}"` : ''} crossorigin="anonymous" data-portail-key="${key.key}" data-portail-api="${escapeAttribute(publicUrl)}"></script>`
    : null;
  return {
    publicKey: key?.key ?? null,
    version: bundle?.version ?? null,
    integrity: bundle?.integrity ?? null,
    scriptUrl,
    script,
    elements: PORTAIL_ELEMENTS.map((tag) => `<${tag}></${tag}>`),
    html: script ? [script, ...PORTAIL_ELEMENTS.map((tag) => `<${tag}></${tag}>`)].join('\n') : null,
  };
}

const ACTION_LABELS: Record<string, string> = {
  commune_creee: 'Commune créée',
  reglages_modifies: 'Réglages modifiés',
  logo_televerse: 'Logo téléversé',
  logo_adresse: 'Adresse du logo modifiée',
  logo_supprime: 'Logo supprimé',
  origine_ajoutee: 'Origine autorisée ajoutée',
  origine_supprimee: 'Origine autorisée supprimée',
  cle_creee: 'Clé publique créée',
  cle_revoquee: 'Clé publique révoquée',
  personnel_active: 'Compte du personnel activé',
  ...PLANNING_AUDIT_LABELS,
  ...FAMILIES_AUDIT_LABELS,
  ...DOCUMENT_AUDIT_LABELS,
  ...BILLING_AUDIT_LABELS,
};

const FIELD_LABELS: Record<string, string> = {
  name: 'nom de la commune',
  primaryColor: 'couleur principale',
  primaryTextColor: 'couleur du texte',
  infoMessage: 'message d’information',
  infoDate: 'date du message',
  contactEmail: 'e-mail de contact',
  portalUrl: 'adresse du portail',
};

function describe(action: string, details: Record<string, unknown>): string {
  if (Array.isArray(details.champs)) return details.champs.map((field) => FIELD_LABELS[String(field)] ?? String(field)).join(', ');
  if (typeof details.origine === 'string') return details.origine;
  if (typeof details.cle === 'string') return details.cle;
  if (typeof details.url === 'string') return details.url;
  if (action === 'logo_televerse') return `${details.type === 'image/png' ? 'PNG' : 'JPEG'}, ${details.largeur} × ${details.hauteur} px`;
  return '';
}

export async function auditTrail(deps: Deps, tenantId: string, limit = 50) {
  const rows = await deps.database.db
    .select({ id: auditLog.id, action: auditLog.action, target: auditLog.target, details: auditLog.details, at: auditLog.at, staffName: staffUsers.displayName })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(staffUsers.tenantId, auditLog.tenantId), eq(staffUsers.id, auditLog.staffUserId)))
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    label: ACTION_LABELS[row.action] ?? row.action,
    description: describe(row.action, row.details),
    by: row.staffName ?? 'Plateforme',
    at: row.at.toISOString(),
  }));
}
