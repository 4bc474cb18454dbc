import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { deadlineFor, type DeadlineRule } from '../../domain/deadlines.js';
import { MINIMUM_ONLINE_CENTS, PAYMENT_IN_PROGRESS_MS } from '../../domain/online-payment.js';
import { loadCalendar } from '../planning/calendar.js';
import { cagnotteBalance } from './cagnotte.js';
import type { Basket, BasketLine, BasketPayability, Panier } from '../../contracts/index.js';

// The family's baskets as the basket page shows them: lines, cagnotte, debt, total, how to pay.

interface LineRow {
  id: string;
  basket_id: string;
  booking_id: string;
  child_id: string;
  first_name: string;
  last_name: string;
  school_id: string | null;
  service_id: string;
  service_label: string;
  booking_deadline: DeadlineRule;
  day: string;
  price_cents: number;
}

/** The lines of a basket, by child, service and day. */
export async function basketLines(db: Db | Tx, tenantId: string, basketId: string): Promise<LineRow[]> {
  return rowsOf<LineRow>(db, sql`
    select l.id, l.basket_id, l.booking_id, l.child_id, c.first_name, c.last_name, c.school_id, l.service_id, s.label as service_label,
           s.booking_deadline, to_char(l.day, 'YYYY-MM-DD') as day, l.price_cents
      from basket_lines l
      join children c on c.tenant_id = l.tenant_id and c.id = l.child_id
      join services s on s.tenant_id = l.tenant_id and s.id = l.service_id
     where l.tenant_id = ${tenantId} and l.basket_id = ${basketId}
     order by c.birth_date nulls last, c.first_name, s.position, s.label, l.day`);
}

/** The contract's lines, with each day's booking deadline. */
export async function lineViews(db: Db | Tx, tenantId: string, rows: LineRow[]): Promise<BasketLine[]> {
  if (rows.length === 0) return [];
  const days = rows.map((r) => r.day).sort();
  const calendar = await loadCalendar(db, tenantId, days[0]!, days[days.length - 1]!);
  return rows.map((r) => ({
    id: r.id,
    child: { id: r.child_id, firstName: r.first_name, lastName: r.last_name },
    service: { id: r.service_id, label: r.service_label },
    date: r.day,
    priceCents: r.price_cents,
    bookUntil: deadlineFor(r.booking_deadline, r.day, calendar)?.toISOString() ?? null,
  }));
}

/** The family's debt in a régie: its account's balance when positive (unpaid invoices and bookings). */
export async function debtOf(db: Db | Tx, tenantId: string, familyId: string, regieId: string): Promise<number> {
  const [row] = await rowsOf<{ balance: number }>(db, sql`
    select coalesce(sum(amount_cents), 0)::int as balance from ledger_entries where tenant_id = ${tenantId} and family_id = ${familyId} and regie_id = ${regieId}`);
  return Math.max(0, row?.balance ?? 0);
}

/** lines − cagnotte used + debt, the cagnotte used never more than what is owed. */
export function basketAmounts(linesCents: number, cagnotteBalanceCents: number, debtCents: number) {
  const cagnotteUsedCents = Math.min(Math.max(0, cagnotteBalanceCents), linesCents + debtCents);
  return { linesCents, cagnotteUsedCents, debtCents, totalCents: linesCents - cagnotteUsedCents + debtCents };
}

interface RegieRow {
  id: string;
  code: string;
  name: string;
  basket_id: string | null;
  status: 'open' | 'paying' | null;
  expires_at: string | null;
  payment_created_at: string | null;
}

/**
 * GET /panier: per régie running prepaid services, the family's current basket, cagnotte and debt;
 * a régie with none of the three is left out.
 */
export async function readPanier(db: Db | Tx, tenantId: string, familyId: string, now: Date): Promise<Panier> {
  const regies = await rowsOf<RegieRow>(db, sql`
    select r.id, r.code, r.name, b.id as basket_id, b.status, b.expires_at, p.created_at as payment_created_at
      from regies r
      left join baskets b on b.tenant_id = r.tenant_id and b.regie_id = r.id and b.family_id = ${familyId} and b.status in ('open', 'paying')
      left join payments p on p.tenant_id = b.tenant_id and p.id = b.payment_id and b.status = 'paying'
     where r.tenant_id = ${tenantId}
       and exists (select 1 from services s where s.tenant_id = r.tenant_id and s.active and s.billing_mode = 'prepaid'
                     and coalesce(s.regie_id, (select d.id from regies d where d.tenant_id = r.tenant_id and d.active order by d.created_at, d.id limit 1)) = r.id)
     order by r.created_at, r.id`);
  const [settings] = await rowsOf<{ hours: number }>(db, sql`select basket_expiry_hours as hours from settings where tenant_id = ${tenantId}`);
  const baskets: Basket[] = [];
  for (const regie of regies) {
    const rows = regie.basket_id ? await basketLines(db, tenantId, regie.basket_id) : [];
    const [cagnotte, debt] = await Promise.all([cagnotteBalance(db, tenantId, familyId, regie.id), debtOf(db, tenantId, familyId, regie.id)]);
    if (rows.length === 0 && cagnotte <= 0 && debt <= 0) continue;
    const amounts = basketAmounts(rows.reduce((sum, r) => sum + r.price_cents, 0), cagnotte, debt);
    const paying = regie.status === 'paying';
    const retryAt = paying && regie.payment_created_at ? new Date(new Date(regie.payment_created_at).getTime() + PAYMENT_IN_PROGRESS_MS) : null;
    baskets.push({
      id: rows.length ? regie.basket_id : null,
      regie: { id: regie.id, code: regie.code, name: regie.name },
      status: paying ? 'paying' : 'open',
      lines: await lineViews(db, tenantId, rows),
      expiresAt: rows.length && regie.expires_at ? new Date(regie.expires_at).toISOString() : null,
      linesCents: amounts.linesCents,
      cagnotteBalanceCents: cagnotte,
      cagnotteUsedCents: amounts.cagnotteUsedCents,
      debtCents: amounts.debtCents,
      totalCents: amounts.totalCents,
      payable: payability(paying, rows.length, amounts),
      retryAt: retryAt && retryAt > now ? retryAt.toISOString() : null,
    });
  }
  return { baskets, expiryHours: settings?.hours ?? 48 };
}

function payability(paying: boolean, lineCount: number, amounts: ReturnType<typeof basketAmounts>): BasketPayability {
  if (paying) return 'in_progress';
  if (lineCount === 0 && amounts.debtCents === 0) return 'nothing';
  if (amounts.totalCents === 0) return 'without_payment';
  return amounts.totalCents < MINIMUM_ONLINE_CENTS ? 'below_minimum' : 'online';
}
