import { and, eq } from 'drizzle-orm';
import { families, familyFileEvents } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { MailPreferences } from '../../contracts/index.js';
import { notFound } from '../../errors.js';

/**
 * Which e-mails a family receives. Invoices keep the switch the invoices page already had; the
 * others are honoured where those mails are written (new messages here, answers to booking
 * requests and waiting-list places in planning). Account mails (activation, password, login
 * address) are not optional.
 */

const columns = { messages: families.mailMessages, invoices: families.invoiceNotifications, bookings: families.mailBookings, waitlist: families.mailWaitlist };

export async function readMailPreferences(deps: Deps, tenantId: string, familyId: string): Promise<MailPreferences> {
  const [row] = await deps.database.db.select(columns).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
  if (!row) throw notFound('Cette famille est introuvable.');
  return row;
}

/** Saves the choice; the family file's history names the switches that moved. */
export async function saveMailPreferences(deps: Deps, tenantId: string, familyId: string, wanted: MailPreferences): Promise<MailPreferences> {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select(columns).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId))).for('update');
    if (!row) throw notFound('Cette famille est introuvable.');
    const changed = (Object.keys(wanted) as (keyof MailPreferences)[]).filter((key) => row[key] !== wanted[key]);
    if (changed.length) {
      await tx
        .update(families)
        .set({ mailMessages: wanted.messages, invoiceNotifications: wanted.invoices, mailBookings: wanted.bookings, mailWaitlist: wanted.waitlist })
        .where(and(eq(families.tenantId, tenantId), eq(families.id, familyId)));
      await tx.insert(familyFileEvents).values({ tenantId, familyId, fieldGroup: 'notifications', action: 'modifie', fields: changed.map((key) => `mail_${key}`), channel: 'internet', at: deps.clock.now() });
    }
    return wanted;
  });
}
