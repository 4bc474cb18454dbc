/**
 * What each payer paid in a year for the childcare of each child under 6 (ADR 19): the régie's
 * invoice payments received in the year, shared among the childcare lines they paid (meals,
 * penalties and lines without a childcare service left out).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { parisInstant } from '../../domain/dates.js';
import { attributePayment, underSixOnFirstJanuary, type AttributedInvoice } from '../../domain/tax-credit.js';

export interface ComputedAttestation {
  familyId: string;
  payerGuardianId: string | null;
  payerName: string;
  payerAddress: string | null;
  childId: string;
  childName: string;
  childBirthDate: string;
  paidCents: number;
}

const joined = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim()).map((p) => p!.trim()).join(' ');

export async function computeAttestations(tx: Tx, tenantId: string, regieId: string, year: number): Promise<ComputedAttestation[]> {
  const from = parisInstant(`${year}-01-01`, '00:00').toISOString();
  const to = parisInstant(`${year + 1}-01-01`, '00:00').toISOString();

  const paid = await rowsOf<{ invoice_id: string; amount_cents: number }>(
    tx,
    sql`select p.invoice_id, p.amount_cents from payments p
         where p.tenant_id = ${tenantId} and p.regie_id = ${regieId} and p.purpose = 'invoice' and p.status = 'paid'
           and p.paid_at >= ${from}::timestamptz and p.paid_at < ${to}::timestamptz`,
  );
  if (!paid.length) return [];

  // Every published invoice of the families who paid: a payment may settle older invoices carried into it.
  const rows = await rowsOf<{
    id: string;
    family_id: string;
    payer_guardian_id: string | null;
    lines_cents: number;
    previous_balance_cents: number;
    total_cents: number;
    paid_cents: number;
    carried_to_invoice_id: string | null;
  }>(
    tx,
    sql`select i.id, i.family_id, i.payer_guardian_id, i.lines_cents, i.previous_balance_cents, i.total_cents, i.paid_cents, i.carried_to_invoice_id
          from invoices i
         where i.tenant_id = ${tenantId} and i.regie_id = ${regieId} and i.kind = 'invoice' and i.status <> 'draft'
           and i.family_id in (select p.family_id from payments p where p.tenant_id = ${tenantId} and p.regie_id = ${regieId} and p.purpose = 'invoice'
                                  and p.status = 'paid' and p.paid_at >= ${from}::timestamptz and p.paid_at < ${to}::timestamptz)`,
  );
  const eligible = await rowsOf<{ invoice_id: string; child_id: string; cents: number }>(
    tx,
    sql`select l.invoice_id, l.child_id, sum(l.total_cents)::int as cents
          from invoice_lines l
          join services s on s.tenant_id = l.tenant_id and s.id = l.service_id and s.childcare_tax_credit
          join children c on c.tenant_id = l.tenant_id and c.id = l.child_id
          join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
         where l.tenant_id = ${tenantId} and i.regie_id = ${regieId} and i.kind = 'invoice' and i.status <> 'draft'
           and not l.penalty and c.birth_date >= ${`${year - 6}-01-01`}::date
           and i.family_id in (select p.family_id from payments p where p.tenant_id = ${tenantId} and p.regie_id = ${regieId} and p.purpose = 'invoice'
                                  and p.status = 'paid' and p.paid_at >= ${from}::timestamptz and p.paid_at < ${to}::timestamptz)
         group by l.invoice_id, l.child_id`,
  );

  const byChild = new Map<string, Map<string, number>>();
  for (const e of eligible) {
    const map = byChild.get(e.invoice_id) ?? new Map<string, number>();
    map.set(e.child_id, Number(e.cents));
    byChild.set(e.invoice_id, map);
  }
  const invoices = new Map<string, AttributedInvoice & { familyId: string; payerGuardianId: string | null }>();
  const carriedInto = new Map<string, string[]>();
  for (const r of rows) {
    invoices.set(r.id, {
      id: r.id,
      familyId: r.family_id,
      payerGuardianId: r.payer_guardian_id,
      linesCents: Number(r.lines_cents),
      previousBalanceCents: Number(r.previous_balance_cents),
      totalCents: Number(r.total_cents),
      paidCents: Number(r.paid_cents),
      carriedToInvoiceId: r.carried_to_invoice_id,
      eligibleByChild: byChild.get(r.id) ?? new Map(),
    });
    if (r.carried_to_invoice_id) carriedInto.set(r.carried_to_invoice_id, [...(carriedInto.get(r.carried_to_invoice_id) ?? []), r.id]);
  }

  // Key: family, payer of the invoice the payment was made on (who paid), child.
  const totals = new Map<string, { familyId: string; payer: string | null; childId: string; cents: number }>();
  for (const p of paid) {
    const invoice = invoices.get(p.invoice_id);
    if (!invoice) continue;
    attributePayment(invoices, carriedInto, invoice.id, Number(p.amount_cents), (_line, childId, cents) => {
      const key = `${invoice.familyId}|${invoice.payerGuardianId ?? ''}|${childId}`;
      const entry = totals.get(key) ?? { familyId: invoice.familyId, payer: invoice.payerGuardianId, childId, cents: 0 };
      entry.cents += cents;
      totals.set(key, entry);
    });
  }
  if (!totals.size) return [];

  const familyIds = [...new Set([...totals.values()].map((t) => t.familyId))];
  const people = await rowsOf<{
    family_id: string;
    family_name: string;
    guardian_id: string | null;
    role: string | null;
    civility: string | null;
    first_name: string | null;
    last_name: string | null;
    address_line1: string | null;
    address_line2: string | null;
    postal_code: string | null;
    city: string | null;
  }>(
    tx,
    sql`select f.id as family_id, f.name as family_name, g.id as guardian_id, g.role, g.civility, g.first_name, g.last_name,
               g.address_line1, g.address_line2, g.postal_code, g.city
          from families f left join guardians g on g.tenant_id = f.tenant_id and g.family_id = f.id
         where f.tenant_id = ${tenantId} and f.id in (select jsonb_array_elements_text(${JSON.stringify(familyIds)}::jsonb)::uuid)`,
  );
  const kids = await rowsOf<{ id: string; first_name: string; last_name: string; birth_date: string }>(
    tx,
    sql`select c.id, c.first_name, c.last_name, c.birth_date::text as birth_date from children c
         where c.tenant_id = ${tenantId} and c.family_id in (select jsonb_array_elements_text(${JSON.stringify(familyIds)}::jsonb)::uuid)`,
  );
  const child = new Map(kids.map((k) => [k.id, k]));

  const result: ComputedAttestation[] = [];
  for (const t of totals.values()) {
    const cents = Math.round(t.cents);
    const kid = child.get(t.childId);
    if (cents <= 0 || !kid || !underSixOnFirstJanuary(kid.birth_date, year)) continue;
    const ofFamily = people.filter((p) => p.family_id === t.familyId);
    // null payer on the invoice: the family's responsable (ADR 19).
    const guardian = ofFamily.find((p) => p.guardian_id && (t.payer ? p.guardian_id === t.payer : p.role === 'responsable'));
    const address = guardian ? [guardian.address_line1, guardian.address_line2, joined(guardian.postal_code, guardian.city)].filter((l) => l && l.trim()).join('\n') : '';
    result.push({
      familyId: t.familyId,
      payerGuardianId: guardian?.guardian_id ?? null,
      payerName: guardian ? joined(guardian.civility, guardian.first_name, guardian.last_name) : (ofFamily[0]?.family_name ?? ''),
      payerAddress: address || null,
      childId: t.childId,
      childName: joined(kid.first_name, kid.last_name),
      childBirthDate: kid.birth_date,
      paidCents: cents,
    });
  }
  return result;
}
