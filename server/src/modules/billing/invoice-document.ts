import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Deps } from '../../deps.js';
import { families, guardians, invoiceLines, invoices, payments, regies, settings, tenants } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { invoicePdf } from '../../pdf/index.js';
import { PROVIDER_LABELS } from '../../payments/providers.js';
import { activeProvider } from '../payment-settings/service.js';
import { paymentMethodLabel, remainingCents } from './ledger.js';
import { postalAddress } from '../families/letters.js';

export const invoiceNotFound = () => new ApiError(404, 'facture_introuvable', 'Cette facture est introuvable.');

export interface InvoiceDocumentScope {
  /** A parent's request: only this family's invoices exist. */
  familyId?: string;
  /** Staff may print a draft of a run still in preview; parents never see drafts. */
  drafts?: boolean;
}

const carried = alias(invoices, 'carried_to');
const credited = alias(invoices, 'credited');

const joined = (...parts: (string | null | undefined)[]) => parts.filter((part) => part && part.trim()).map((part) => part!.trim()).join(' ');

/**
 * The PDF of one invoice or credit note, from four queries run together: the invoice with
 * everything around it (régie, family, responsable guardian's address, town, logo, linked
 * invoices), its lines, the payments received and the town's active payment provider. Another commune's invoice, another family's (when
 * `scope.familyId` is given), a draft (unless `scope.drafts`): 404 `facture_introuvable`, the
 * same answer for all (and for a malformed id, refused by the route), so nothing can be probed.
 */
export async function renderInvoicePdf(deps: Deps, tenantId: string, invoiceId: string, scope: InvoiceDocumentScope = {}): Promise<{ pdf: Uint8Array; filename: string }> {
  const { db } = deps.database;
  const [[row], lines, received, active] = await Promise.all([
    db
      .select({
        invoice: invoices,
        carriedTo: carried.number,
        creditedNumber: credited.number,
        regie: { name: regies.name, numcli: regies.payfipNumcli, instructions: regies.paymentInstructions },
        family: { number: families.familyNumber, name: families.name },
        guardian: postalAddress,
        townName: tenants.name,
        town: { logo: settings.logoImage, logoMime: settings.logoMime, portalUrl: settings.portalUrl },
      })
      .from(invoices)
      .innerJoin(regies, and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId)))
      .innerJoin(families, and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId)))
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .leftJoin(guardians, and(eq(guardians.tenantId, invoices.tenantId), eq(guardians.familyId, invoices.familyId), eq(guardians.role, 'responsable')))
      .leftJoin(settings, eq(settings.tenantId, invoices.tenantId))
      .leftJoin(carried, and(eq(carried.tenantId, invoices.tenantId), eq(carried.id, invoices.carriedToInvoiceId)))
      .leftJoin(credited, and(eq(credited.tenantId, invoices.tenantId), eq(credited.id, invoices.creditedInvoiceId)))
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId), scope.familyId ? eq(invoices.familyId, scope.familyId) : undefined)),
    db
      .select({ label: invoiceLines.label, quantity: invoiceLines.quantity, unitCents: invoiceLines.unitCents, totalCents: invoiceLines.totalCents })
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
      .orderBy(asc(invoiceLines.position)),
    db
      .select({ method: payments.method, amountCents: payments.amountCents, paidAt: payments.paidAt })
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.invoiceId, invoiceId), eq(payments.status, 'paid')))
      .orderBy(asc(payments.paidAt)),
    activeProvider(deps, db, tenantId),
  ]);
  if (!row || (row.invoice.status === 'draft' && !scope.drafts)) throw invoiceNotFound();

  const { invoice, guardian } = row;
  // The invoice offers online payment exactly when the portal would start one.
  const provider = active?.settings.provider ?? null;
  const dgfip = provider === 'payfip' || provider === 'tipi';
  const addressLines = guardian
    ? [joined(guardian.civility, guardian.firstName, guardian.lastName), guardian.addressLine1, guardian.addressLine2, joined(guardian.postalCode, guardian.city)].filter(
        (line): line is string => !!line && line.trim() !== '',
      )
    : [row.family.name];

  const pdf = await invoicePdf({
    townName: row.townName,
    editedAt: deps.clock.now(),
    logo: row.town?.logo && row.town.logoMime ? { bytes: row.town.logo, mime: row.town.logoMime } : null,
    regie: { name: row.regie.name, paymentInstructions: row.regie.instructions },
    family: { number: row.family.number, name: row.family.name, addressLines },
    invoice: {
      kind: invoice.kind,
      number: invoice.number,
      refdet: invoice.refdet,
      label: invoice.label,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      status: invoice.status,
      linesCents: invoice.linesCents,
      previousBalanceCents: invoice.previousBalanceCents,
      totalCents: invoice.totalCents,
      paidCents: invoice.paidCents,
      remainingCents: remainingCents(invoice),
      paidAt: invoice.paidAt,
      carriedTo: row.carriedTo,
      creditedNumber: row.creditedNumber,
    },
    lines,
    payments: received.flatMap((p) => (p.paidAt ? [{ methodLabel: paymentMethodLabel(p.method), amountCents: p.amountCents, paidAt: p.paidAt }] : [])),
    online: provider
      ? {
          providerLabel: PROVIDER_LABELS[provider],
          portalUrl: active?.returnUrl ?? row.town?.portalUrl ?? null,
          numcli: dgfip ? (row.regie.numcli ?? (active?.settings.config as { numcli?: string } | undefined)?.numcli ?? null) : null,
        }
      : null,
  });
  const filename = invoice.number ? `facture-${invoice.number}.pdf` : `projet-facture-${invoice.id.slice(0, 8)}.pdf`;
  return { pdf, filename };
}
