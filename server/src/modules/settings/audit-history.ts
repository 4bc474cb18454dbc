import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { auditLog, staffUsers } from '../../db/schema/index.js';
import { PLANNING_AUDIT_LABELS } from '../planning/audit-labels.js';
import { FAMILIES_AUDIT_LABELS } from '../families/audit-labels.js';
import { DOCUMENT_AUDIT_LABELS } from '../documents/service.js';
import { BILLING_AUDIT_LABELS } from '../billing/regies.js';
import { MESSAGES_AUDIT_LABELS } from '../messages/audit-labels.js';
import { fieldList } from './field-labels.js';

/** French names of the actions the commune's history shows; each area names its own. */
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
  ...MESSAGES_AUDIT_LABELS,
};

function describe(action: string, details: Record<string, unknown>): string {
  if (Array.isArray(details.champs)) {
    const fields = fieldList(action, details.champs);
    const what = typeof details.libelle === 'string' ? details.libelle : typeof details.service === 'string' ? details.service : typeof details.code === 'string' ? details.code : null;
    return what ? `${what} : ${fields}` : fields;
  }
  if (typeof details.origine === 'string') return details.origine;
  if (typeof details.cle === 'string') return details.cle;
  if (typeof details.url === 'string') return details.url;
  if (action === 'message_groupe_envoye') return `« ${details.objet} » – ${details.destinataires} (${details.familles} familles)`;
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
