import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { DEFAULT_MESSAGE_TOPICS, messageSettings, settings, tenants } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import type { HelpContent, Staff } from '../../contracts/index.js';
import { audit } from '../../db/audit.js';
import { helpParagraphs } from '../../domain/help-text.js';
import { notFound } from '../../errors.js';
import { MESSAGE_SETTING_LABELS } from './audit-labels.js';

/** The commune's message settings, its defaults when the town hall never saved them. */
export async function readMessageSettings(db: Db | Tx, tenantId: string): Promise<Staff.MessageSettings> {
  const [row] = await db.select().from(messageSettings).where(eq(messageSettings.tenantId, tenantId));
  return {
    serviceName: row?.serviceName ?? 'Service enfance',
    address: row?.address ?? null,
    openingHours: row?.openingHours ?? null,
    phone: row?.phone ?? null,
    email: row?.email ?? null,
    infoMessage: row?.infoMessage ?? null,
    helpText: row?.helpText ?? null,
    topics: row?.topics ?? DEFAULT_MESSAGE_TOPICS,
    mailContent: row?.mailContent ?? 'full',
    messagesPageUrl: row?.messagesPageUrl ?? null,
    retentionMonths: row?.retentionMonths ?? 24,
  };
}

const withHelp = (value: Staff.MessageSettings): Staff.MessageSettingsAnswer => ({ ...value, help: helpParagraphs(value.helpText) });

export const staffMessageSettings = async (deps: Deps, tenantId: string) => withHelp(await readMessageSettings(deps.database.db, tenantId));

/** Saves every setting at once; the audit names the fields that changed, never their text. */
export async function saveMessageSettings(deps: Deps, staff: StaffContext, wanted: Staff.MessageSettings): Promise<Staff.MessageSettingsAnswer> {
  return deps.database.db.transaction(async (tx) => {
    const before = await readMessageSettings(tx, staff.tenantId);
    const values = { ...wanted, updatedAt: deps.clock.now() };
    await tx
      .insert(messageSettings)
      .values({ tenantId: staff.tenantId, ...values })
      .onConflictDoUpdate({ target: messageSettings.tenantId, set: values });
    const changed = (Object.keys(wanted) as (keyof Staff.MessageSettings)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(wanted[key]));
    if (changed.length) await audit(tx, staff, 'messages_reglages_modifies', null, { champs: changed.map((key) => MESSAGE_SETTING_LABELS[key] ?? key) });
    return withHelp(wanted);
  });
}

/** What <portail-aide> shows: the service's contact, the information message, the help cut into paragraphs and links. */
export async function helpContent(deps: Deps, tenantId: string): Promise<HelpContent> {
  const value = await readMessageSettings(deps.database.db, tenantId);
  return {
    contact: { name: value.serviceName, address: value.address, openingHours: value.openingHours, phone: value.phone, email: value.email },
    infoMessage: value.infoMessage,
    help: helpParagraphs(value.helpText),
    topics: value.topics,
  };
}

export interface MessageMailSetup {
  townName: string;
  serviceName: string;
  mailContent: Staff.MessageMailContent;
  /** The page holding <portail-messages>: the commune's choice, else its portal page, else none. */
  pageUrl: string | null;
}

export async function mailSetup(tx: Db | Tx, tenantId: string): Promise<MessageMailSetup> {
  const [row] = await tx
    .select({
      townName: tenants.name,
      serviceName: sql<string>`coalesce(${messageSettings.serviceName}, 'Service enfance')`,
      mailContent: sql<Staff.MessageMailContent>`coalesce(${messageSettings.mailContent}, 'full')`,
      pageUrl: sql<string | null>`coalesce(${messageSettings.messagesPageUrl}, ${settings.portalUrl})`,
    })
    .from(tenants)
    .leftJoin(messageSettings, eq(messageSettings.tenantId, tenants.id))
    .leftJoin(settings, eq(settings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  if (!row) throw notFound('Cette commune est introuvable.');
  return row;
}
