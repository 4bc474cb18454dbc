import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

export const FAMILY_GROUPS = [
  'responsable',
  'conjoint',
  'contact',
  'fiscal',
  'bank',
  'notifications',
  'household',
  'child_identity',
  'child_health',
  'child_pickup',
  'child_complementary',
] as const;
export type FamilyGroup = (typeof FAMILY_GROUPS)[number];
export type GroupPolicy = 'direct' | 'validation';
export type FamilyFilePolicy = Record<FamilyGroup, GroupPolicy>;

export const CHILD_GROUPS: ReadonlySet<FamilyGroup> = new Set(['child_identity', 'child_health', 'child_pickup', 'child_complementary']);

export const isFamilyGroup = (value: string): value is FamilyGroup => (FAMILY_GROUPS as readonly string[]).includes(value);

/** Money and health go through the commune first; everything else the parents keep up to date themselves. */
export const DEFAULT_POLICY: Readonly<FamilyFilePolicy> = {
  responsable: 'direct',
  conjoint: 'direct',
  contact: 'direct',
  fiscal: 'validation',
  bank: 'validation',
  notifications: 'direct',
  household: 'direct',
  child_identity: 'direct',
  child_health: 'validation',
  child_pickup: 'direct',
  child_complementary: 'direct',
};

/** French names of the groups, for e-mails and the history. */
export const GROUP_LABELS: Readonly<Record<FamilyGroup | 'login_email', string>> = {
  responsable: 'Responsable légal',
  conjoint: 'Conjoint',
  contact: 'Coordonnées',
  fiscal: 'Informations fiscales',
  bank: 'Coordonnées bancaires',
  notifications: 'Adresses de notification',
  household: 'Composition du foyer',
  child_identity: 'Identité de l’enfant',
  child_health: 'Santé de l’enfant',
  child_pickup: 'Personnes autorisées',
  child_complementary: 'Informations complémentaires',
  login_email: 'Adresse e-mail de connexion',
};

/** The defaults overridden by the commune's settings; unknown groups or values in the settings are ignored. */
export function mergePolicy(overrides: Record<string, unknown> | null | undefined): FamilyFilePolicy {
  const policy = { ...DEFAULT_POLICY };
  for (const [group, value] of Object.entries(overrides ?? {})) {
    if (isFamilyGroup(group) && (value === 'direct' || value === 'validation')) policy[group] = value;
  }
  return policy;
}

export async function readPolicy(db: Db | Tx, tenantId: string): Promise<FamilyFilePolicy> {
  const [row] = await db.select({ policy: settings.familyFilePolicy }).from(settings).where(eq(settings.tenantId, tenantId));
  return mergePolicy(row?.policy);
}
