/**
 * Texts of the billing e-mails. They say what is due, by when and where to see and pay it; never a
 * password, never bank details, never a payment link with a secret in it.
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { paymentSettings, settings, tenants } from '../../db/schema/index.js';
import { formatEuros } from '../../domain/money.js';
import { formatDayLong } from '../../domain/dates.js';

export interface BillingMailContext {
  townName: string;
  contactEmail: string | null;
  /** The town page where families see and pay their invoices. */
  invoicesUrl: string | null;
}

/** The invoices page: the payment return page (it holds <portail-factures>) or else the portal page. */
export async function billingMailContext(db: Db | Tx, tenantId: string): Promise<BillingMailContext> {
  const [row] = await db
    .select({ townName: tenants.name, contactEmail: settings.contactEmail, portalUrl: settings.portalUrl, returnUrl: paymentSettings.returnUrl })
    .from(tenants)
    .leftJoin(settings, eq(settings.tenantId, tenants.id))
    .leftJoin(paymentSettings, eq(paymentSettings.tenantId, tenants.id))
    .where(eq(tenants.id, tenantId));
  return { townName: row?.townName ?? '', contactEmail: row?.contactEmail ?? null, invoicesUrl: row?.returnUrl ?? row?.portalUrl ?? null };
}

export interface PublishedInvoiceMail {
  familyName: string;
  number: string;
  label: string;
  totalCents: number;
  dueDate: string;
}

/** "Votre facture 2026-PERI-000012 est disponible", sent when a run is published. */
export function invoicePublished(ctx: BillingMailContext, invoice: PublishedInvoiceMail) {
  const due =
    invoice.totalCents > 0
      ? `Montant à payer : ${formatEuros(invoice.totalCents)}, avant le ${formatDayLong(invoice.dueDate)}.`
      : 'Aucun montant n’est à payer sur cette facture.';
  const where = ctx.invoicesUrl
    ? `Vous pouvez la consulter, la télécharger et la payer en ligne dans votre espace famille :\n${ctx.invoicesUrl}`
    : 'Vous pouvez la consulter, la télécharger et la payer en ligne dans votre espace famille.';
  return {
    subject: `Votre facture ${invoice.number} est disponible`,
    text:
      `Bonjour ${invoice.familyName},\n\nVotre facture ${invoice.number} « ${invoice.label} » est disponible.\n${due}\n\n${where}` +
      `\n\nVous recevez ce message car vous avez demandé à être prévenu de la mise en ligne de vos factures ; vous pouvez changer ce choix dans votre espace famille.` +
      `\n\n${ctx.townName}${ctx.contactEmail ? `\nContact : ${ctx.contactEmail}` : ''}\n\nCet e-mail est envoyé automatiquement, merci de ne pas y répondre.`,
  };
}
