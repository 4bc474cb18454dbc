/**
 * Monthly invoicing of a régie. A run is first computed as a preview (draft invoices without
 * numbers, recomputed as often as staff ask), then published at once: numbers without gaps, the
 * families' accounts debited, older unpaid invoices carried into the new ones, notification mail
 * queued. Everything is computed with a few set-based statements, so that a commune of 10 000
 * families is invoiced in seconds.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { absenceReasons, invoices, invoicingRuns, services } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { addDays, eachDay, endOfMonth, formatMonth, parisDay, parisInstant } from '../../domain/dates.js';
import { deadlineFor } from '../../domain/deadlines.js';
import { invoiceLines as linesOfDays, unitPrice, type BillingRules, type BookingState, type PricedServiceDay } from '../../domain/pricing.js';
import { invoiceNumber, payfipReference } from '../../domain/invoice-reference.js';
import { prepaidDeductions, type PrepaidDay } from '../../domain/prepaid.js';
import { sumCents } from '../../domain/money.js';
import { loadCalendar } from '../planning/calendar.js';
import { defaultRegieId, findRegie } from './regies.js';
import { audit } from '../../db/audit.js';
import { tariffOf } from './tariffs.js';
import { billingMailContext, invoicePublished } from './mails.js';
import { BATCH_ROWS, chunks, rowsOf } from '../../db/rows.js';
import type { RunRequest } from '../../contracts/staff/index.js';

/** The lines of one family's invoice in a preview, before they are written. */
interface DraftInvoice {
  familyId: string;
  lines: { childId: string | null; serviceId: string | null; label: string; quantity: number; unitCents: number; totalCents: number }[];
  linesCents: number;
  previousBalanceCents: number;
}

interface BilledGroup {
  family_id: string;
  child_id: string;
  first_name: string;
  rank: number;
  quotient_familial: number | null;
  service_id: string;
  state: BookingState;
  absence_reason_id: string | null;
  late: boolean;
  days: number;
  /** Prices paid at booking for the group's days (pay at booking), one per paid day. */
  paid: number[];
}

/**
 * The invoices of a régie for a period, as they would be published now: for each family, the
 * billed days of each child in each service of the régie, priced for the family's quotient
 * familial and the child's rank (1 = eldest), plus the family's balance in the régie.
 */
async function computeDrafts(tx: Tx, tenantId: string, regieId: string, periodStart: string, periodEnd: string): Promise<DraftInvoice[]> {
  const isDefault = (await defaultRegieId(tx, tenantId)) === regieId;
  const serviceRows = await tx
    .select()
    .from(services)
    .where(and(eq(services.tenantId, tenantId), isDefault ? sql`(${services.regieId} = ${regieId} or ${services.regieId} is null)` : eq(services.regieId, regieId)));
  const byService = new Map(serviceRows.map((s) => [s.id, s]));
  const reasons = await tx.select({ id: absenceReasons.id, billed: absenceReasons.billed }).from(absenceReasons).where(eq(absenceReasons.tenantId, tenantId));
  const billedReason = new Map(reasons.map((r) => [r.id, r.billed]));

  // A cancellation is late when it was written after the cancellation deadline of its day
  // (without a deadline, after the day itself). Only the services that bill late cancellations need it.
  const calendar = await loadCalendar(tx, tenantId, periodStart, periodEnd);
  const deadlines = serviceRows
    .filter((s) => s.lateCancellationBilled)
    .flatMap((s) =>
      eachDay(periodStart, periodEnd).map((day) => ({
        service_id: s.id,
        day,
        deadline: (deadlineFor(s.cancellationDeadline, day, calendar) ?? parisInstant(addDays(day, 1), '00:00')).toISOString(),
      })),
    );

  const groups = serviceRows.length
    ? await rowsOf<BilledGroup>(
        tx,
        sql`
      with late as (
        select * from jsonb_to_recordset(${JSON.stringify(deadlines)}::jsonb) as d(service_id uuid, day date, deadline timestamptz)
      ),
      paid as (
        -- Days paid at booking whose price did not go back to the cagnotte.
        select distinct on (bl.booking_id) bl.booking_id, bl.price_cents
          from basket_lines bl
          join baskets k on k.tenant_id = bl.tenant_id and k.id = bl.basket_id and k.status = 'paid'
         where bl.tenant_id = ${tenantId} and bl.day between ${periodStart} and ${periodEnd}
           and not exists (select 1 from cagnotte_movements m
                            where m.tenant_id = bl.tenant_id and m.booking_id = bl.booking_id and m.basket_id = bl.basket_id
                              and m.kind = 'cancellation')
         order by bl.booking_id, k.closed_at desc nulls last
      ),
      billed as (
        select b.child_id, b.service_id, b.state, b.absence_reason_id,
               (b.state = 'cancelled' and l.deadline is not null and b.updated_at >= l.deadline) as late,
               count(*)::int as days,
               coalesce(jsonb_agg(p.price_cents order by b.day) filter (where p.price_cents is not null), '[]'::jsonb) as paid
          from bookings b
          join services s on s.tenant_id = b.tenant_id and s.id = b.service_id
          left join late l on l.service_id = b.service_id and l.day = b.day
          left join paid p on p.booking_id = b.id
         where b.tenant_id = ${tenantId}
           and (s.regie_id = ${regieId} or (s.regie_id is null and ${isDefault}))
           and b.day between ${periodStart} and ${periodEnd}
           and b.state in ('booked', 'absent', 'cancelled', 'waitlisted')
         group by 1, 2, 3, 4, 5
      ),
      ranked as (
        select c.id, c.family_id, c.first_name,
               row_number() over (partition by c.family_id order by c.birth_date nulls last, c.created_at, c.id)::int as rank
          from children c
         where c.tenant_id = ${tenantId}
           and c.family_id in (select k.family_id from children k where k.tenant_id = ${tenantId} and k.id in (select child_id from billed))
      )
      select r.family_id, b.child_id, r.first_name, r.rank, f.quotient_familial, b.service_id, b.state, b.absence_reason_id, b.late, b.days, b.paid
        from billed b
        join ranked r on r.id = b.child_id
        join families f on f.tenant_id = ${tenantId} and f.id = r.family_id`,
      )
    : [];

  const balances = await rowsOf<{ family_id: string; balance: number }>(
    tx,
    sql`select family_id, sum(amount_cents)::int as balance from ledger_entries
         where tenant_id = ${tenantId} and regie_id = ${regieId} group by family_id having sum(amount_cents) <> 0`,
  );

  // child × service → its days, in the order lines are printed (child rank, then service position).
  const perFamily = new Map<string, Map<string, { group: BilledGroup; days: PricedServiceDay[]; prepaid: PrepaidDay[] }>>();
  for (const group of groups) {
    const service = byService.get(group.service_id)!;
    const unitCents = unitPrice(tariffOf(service), group.quotient_familial, group.rank);
    const key = `${group.child_id}:${group.service_id}`;
    const family = perFamily.get(group.family_id) ?? new Map();
    perFamily.set(group.family_id, family);
    const entry = family.get(key) ?? { group, days: [], prepaid: [] };
    family.set(key, entry);
    const day: PricedServiceDay = {
      state: group.state,
      unitCents,
      ...(group.absence_reason_id ? { absenceReasonId: group.absence_reason_id } : {}),
      ...(group.state === 'cancelled' ? { cancelledLate: group.late } : {}),
    };
    for (let i = 0; i < group.days; i++) entry.days.push(day);
    for (const paidCents of group.paid) entry.prepaid.push({ ...day, paidCents: Number(paidCents) });
  }

  const drafts = new Map<string, DraftInvoice>();
  for (const [familyId, entries] of perFamily) {
    const ordered = [...entries.values()].sort(
      (a, b) => a.group.rank - b.group.rank || byService.get(a.group.service_id)!.position - byService.get(b.group.service_id)!.position || byService.get(a.group.service_id)!.label.localeCompare(byService.get(b.group.service_id)!.label),
    );
    const lines = ordered.flatMap(({ group, days, prepaid }) => {
      const service = byService.get(group.service_id)!;
      const rules: BillingRules = {
        absenceBilled: (reasonId) => billedReason.get(reasonId) ?? true,
        lateCancellationBilled: service.lateCancellationBilled,
        waitlistedBilled: service.waitlistedBilled,
      };
      const label = `${service.label} – ${group.first_name}`;
      return [...linesOfDays(label, days, rules), ...prepaidDeductions(label, prepaid, rules)].map((line) => ({ ...line, childId: group.child_id, serviceId: service.id }));
    });
    if (lines.length) drafts.set(familyId, { familyId, lines, linesCents: sumCents(lines.map((l) => l.totalCents)), previousBalanceCents: 0 });
  }
  for (const { family_id: familyId, balance } of balances) {
    const draft = drafts.get(familyId);
    if (draft) draft.previousBalanceCents = Number(balance);
    else if (Number(balance) > 0) drafts.set(familyId, { familyId, lines: [], linesCents: 0, previousBalanceCents: Number(balance) });
  }
  return [...drafts.values()];
}

interface DraftRun {
  tenantId: string;
  runId: string;
  regieId: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  now: Date;
}

/**
 * Writes the drafts of a run. A recomputed preview keeps the invoice rows of the families still
 * invoiced (updated in place) and replaces their lines: deleting and re-creating 10 000 invoices
 * would cost far more than the computation. Rows travel as one JSON parameter per statement.
 */
async function writeDrafts(tx: Tx, run: DraftRun, drafts: DraftInvoice[]) {
  const { tenantId, runId } = run;
  const existing = await rowsOf<{ id: string; family_id: string }>(tx, sql`select id, family_id from invoices where tenant_id = ${tenantId} and run_id = ${runId}`);
  await tx.execute(sql`
    delete from invoice_lines l using invoices i
     where i.tenant_id = ${tenantId} and i.run_id = ${runId} and l.tenant_id = i.tenant_id and l.invoice_id = i.id`);
  const idOf = new Map(existing.map((e) => [e.family_id, e.id]));
  const wanted = new Set(drafts.map((d) => d.familyId));
  const gone = existing.filter((e) => !wanted.has(e.family_id)).map((e) => e.id);
  for (const batch of chunks(gone)) {
    await tx.execute(sql`delete from invoices where tenant_id = ${tenantId} and id in (select jsonb_array_elements_text(${JSON.stringify(batch)}::jsonb)::uuid)`);
  }
  const figures = (d: DraftInvoice) => ({ lines_cents: d.linesCents, previous_balance_cents: d.previousBalanceCents });
  for (const batch of chunks(drafts.filter((d) => idOf.has(d.familyId)))) {
    await tx.execute(sql`
      update invoices i
         set label = ${run.label}, issue_date = ${run.issueDate}, due_date = ${run.dueDate}, created_at = ${run.now.toISOString()}::timestamptz,
             lines_cents = x.lines_cents, previous_balance_cents = x.previous_balance_cents, total_cents = x.lines_cents + x.previous_balance_cents
        from jsonb_to_recordset(${JSON.stringify(batch.map((d) => ({ id: idOf.get(d.familyId), ...figures(d) })))}::jsonb)
             as x(id uuid, lines_cents int, previous_balance_cents int)
       where i.tenant_id = ${tenantId} and i.id = x.id`);
  }
  for (const batch of chunks(drafts.filter((d) => !idOf.has(d.familyId)))) {
    const written = await rowsOf<{ id: string; family_id: string }>(
      tx,
      sql`
      insert into invoices (tenant_id, run_id, regie_id, family_id, kind, status, label, period_start, period_end, issue_date, due_date,
                            lines_cents, previous_balance_cents, total_cents, created_at)
      select ${tenantId}, ${runId}, ${run.regieId}, x.family_id, 'invoice', 'draft', ${run.label}, ${run.periodStart}, ${run.periodEnd}, ${run.issueDate}, ${run.dueDate},
             x.lines_cents, x.previous_balance_cents, x.lines_cents + x.previous_balance_cents, ${run.now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(batch.map((d) => ({ family_id: d.familyId, ...figures(d) })))}::jsonb)
             as x(family_id uuid, lines_cents int, previous_balance_cents int)
      returning id, family_id`,
    );
    for (const row of written) idOf.set(row.family_id, row.id);
  }
  const lines = drafts.flatMap((d) =>
    d.lines.map((line, index) => ({
      invoice_id: idOf.get(d.familyId)!,
      position: index + 1,
      child_id: line.childId,
      service_id: line.serviceId,
      label: line.label,
      quantity: line.quantity,
      unit_cents: line.unitCents,
      total_cents: line.totalCents,
    })),
  );
  for (const batch of chunks(lines, 5 * BATCH_ROWS)) {
    await tx.execute(sql`
      insert into invoice_lines (tenant_id, invoice_id, position, child_id, service_id, label, quantity, unit_cents, total_cents)
      select ${tenantId}, x.invoice_id, x.position, x.child_id, x.service_id, x.label, x.quantity, x.unit_cents, x.total_cents
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
             as x(invoice_id uuid, position int, child_id uuid, service_id uuid, label text, quantity int, unit_cents int, total_cents int)`);
  }
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function periodOf(month: string) {
  if (!MONTH.test(month)) throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { month: 'Le mois doit être au format AAAA-MM, par exemple 2026-09.' } });
  const periodStart = `${month}-01`;
  return { periodStart, periodEnd: endOfMonth(periodStart) };
}

const alreadyPublished = () => new ApiError(409, 'deja_publiee', 'Cette facturation est déjà publiée : ses factures ne changent plus (corrigez-les par un avoir).');

/**
 * Computes (or recomputes) the preview of a régie's invoices for a month. Returns the run id.
 * The régie row is locked, so two staff members computing the same month get one run.
 */
export async function previewRun(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, request: RunRequest): Promise<string> {
  const { periodStart, periodEnd } = periodOf(request.month);
  const now = deps.clock.now();
  return transactionWithRetry(deps.database.db, async (tx) => {
    const regie = await findRegie(tx, staff.tenantId, request.regieId, true);
    if (!regie.active) throw new ApiError(422, 'regie_inactive', 'Cette régie est désactivée : elle n’émet plus de factures.');
    const issueDate = request.issueDate ?? parisDay(now);
    const dueDate = request.dueDate ?? addDays(issueDate, regie.dueDays);
    if (dueDate < issueDate) {
      throw new ApiError(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { fields: { dueDate: 'L’échéance ne peut pas précéder la date de la facture.' } });
    }
    const label = `${regie.name} – ${formatMonth(periodStart)}`;

    const existing = await tx
      .select()
      .from(invoicingRuns)
      .where(and(eq(invoicingRuns.tenantId, staff.tenantId), eq(invoicingRuns.regieId, regie.id), eq(invoicingRuns.periodStart, periodStart), inArray(invoicingRuns.state, ['preview', 'published'])))
      .for('update');
    if (existing.some((r) => r.state === 'published')) throw alreadyPublished();
    let runId = existing[0]?.id;
    if (runId) {
      await tx.update(invoicingRuns).set({ label, issueDate, dueDate, createdBy: staff.staffUserId, createdAt: now }).where(and(eq(invoicingRuns.tenantId, staff.tenantId), eq(invoicingRuns.id, runId)));
    } else {
      const [run] = await tx
        .insert(invoicingRuns)
        .values({ tenantId: staff.tenantId, regieId: regie.id, periodStart, periodEnd, label, issueDate, dueDate, createdBy: staff.staffUserId, createdAt: now })
        .returning({ id: invoicingRuns.id });
      runId = run.id;
    }
    const drafts = await computeDrafts(tx, staff.tenantId, regie.id, periodStart, periodEnd);
    await writeDrafts(tx, { tenantId: staff.tenantId, runId, regieId: regie.id, label, periodStart, periodEnd, issueDate, dueDate, now }, drafts);
    const totalCents = sumCents(drafts.map((d) => d.linesCents + d.previousBalanceCents));
    await tx.update(invoicingRuns).set({ invoiceCount: drafts.length, totalCents }).where(and(eq(invoicingRuns.tenantId, staff.tenantId), eq(invoicingRuns.id, runId)));
    await audit(tx, staff, 'facturation_calculee', runId, { regie: regie.code, mois: request.month, factures: drafts.length, totalCents });
    return runId;
  });
}

async function runOrFail(tx: Tx, tenantId: string, runId: string) {
  const [run] = await tx.select().from(invoicingRuns).where(and(eq(invoicingRuns.tenantId, tenantId), eq(invoicingRuns.id, runId)));
  if (!run) throw notFound('Cette facturation est introuvable.');
  return run;
}

/**
 * Publishes a preview in one transaction. The conditional update of the run is the guard: of two
 * concurrent publications one wins, the other finds the run published and gets a 409.
 */
export async function publishRun(deps: Pick<Deps, 'database' | 'clock' | 'onMailQueued'>, staff: StaffContext, runId: string): Promise<void> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const mails = await transactionWithRetry(deps.database.db, async (tx) => {
    const tenantId = staff.tenantId;
    const [run] = await tx
      .update(invoicingRuns)
      .set({ state: 'published', publishedBy: staff.staffUserId, publishedAt: now })
      .where(and(eq(invoicingRuns.tenantId, tenantId), eq(invoicingRuns.id, runId), eq(invoicingRuns.state, 'preview')))
      .returning();
    if (!run) {
      const current = await runOrFail(tx, tenantId, runId);
      if (current.state === 'discarded') throw new ApiError(409, 'apercu_abandonne', 'Cet aperçu a été abandonné : calculez une nouvelle facturation.');
      throw alreadyPublished();
    }
    const regie = await findRegie(tx, tenantId, run.regieId);

    // The open invoices of these families are locked first: a payment arriving now either is
    // already in the account (and in the balance below) or waits and then follows the carry.
    await tx.execute(sql`
      select o.id from invoices o
       where o.tenant_id = ${tenantId} and o.regie_id = ${regie.id} and o.status = 'unpaid'
         and o.family_id in (select d.family_id from invoices d where d.tenant_id = ${tenantId} and d.run_id = ${runId})
       order by o.id for update`);

    // The previous balance is the account as it stands now, not as it stood at preview time.
    await tx.execute(sql`
      update invoices i set previous_balance_cents = b.balance, total_cents = i.lines_cents + b.balance
        from (select d.id, coalesce(a.balance, 0)::int as balance
                from invoices d
                left join (select family_id, sum(amount_cents) as balance from ledger_entries
                            where tenant_id = ${tenantId} and regie_id = ${regie.id} group by family_id) a on a.family_id = d.family_id
               where d.tenant_id = ${tenantId} and d.run_id = ${runId}) b
       where i.tenant_id = ${tenantId} and i.id = b.id`);
    await tx.execute(sql`
      delete from invoices i
       where i.tenant_id = ${tenantId} and i.run_id = ${runId} and i.previous_balance_cents <= 0
         and not exists (select 1 from invoice_lines l where l.tenant_id = i.tenant_id and l.invoice_id = i.id)`);

    const ordered = await rowsOf<{ id: string }>(
      tx,
      sql`select i.id from invoices i join families f on f.tenant_id = i.tenant_id and f.id = i.family_id
           where i.tenant_id = ${tenantId} and i.run_id = ${runId} order by f.family_number, i.id`,
    );
    const year = Number(run.issueDate.slice(0, 4));
    let first = 1;
    if (ordered.length) {
      const [sequence] = await rowsOf<{ last: number }>(
        tx,
        sql`insert into invoice_sequences (tenant_id, regie_id, year, last) values (${tenantId}, ${regie.id}, ${year}, ${ordered.length})
            on conflict (tenant_id, regie_id, year) do update set last = invoice_sequences.last + excluded.last
            returning last`,
      );
      first = Number(sequence.last) - ordered.length + 1;
    }
    for (const batch of chunks(ordered.map((row, index) => ({ id: row.id, sequence: first + index })))) {
      const numbers = batch.map(({ id, sequence }) => ({ id, sequence, number: invoiceNumber(regie.code, year, sequence), refdet: payfipReference(regie.code, year, sequence) }));
      await tx.execute(sql`
        update invoices i
           set year = ${year}, sequence = x.sequence, number = x.number, refdet = x.refdet, published_at = ${at}::timestamptz,
               status = case when i.total_cents <= 0 then 'paid' else 'unpaid' end,
               paid_at = case when i.total_cents <= 0 then ${at}::timestamptz end
          from jsonb_to_recordset(${JSON.stringify(numbers)}::jsonb) as x(id uuid, sequence int, number text, refdet text)
         where i.tenant_id = ${tenantId} and i.id = x.id`);
    }

    // Older unpaid invoices hand their debt over: it is in the new invoice's previous balance.
    await tx.execute(sql`
      update invoices o set status = 'carried', carried_to_invoice_id = n.id
        from invoices n
       where n.tenant_id = ${tenantId} and n.run_id = ${runId}
         and o.tenant_id = ${tenantId} and o.regie_id = ${regie.id} and o.family_id = n.family_id
         and o.status = 'unpaid' and o.run_id is distinct from ${runId}`);

    // The account is debited with the lines only: the previous balance is already in it.
    await tx.execute(sql`
      insert into ledger_entries (tenant_id, family_id, regie_id, kind, invoice_id, label, amount_cents, at)
      select tenant_id, family_id, regie_id, 'invoice', id, 'Facture ' || number || ' – ' || ${formatMonth(run.periodStart)}, lines_cents, ${at}::timestamptz
        from invoices where tenant_id = ${tenantId} and run_id = ${runId}`);

    const [totals] = await rowsOf<{ count: number; total: number }>(
      tx,
      sql`select count(*)::int as count, coalesce(sum(total_cents), 0)::bigint as total from invoices where tenant_id = ${tenantId} and run_id = ${runId}`,
    );
    await tx
      .update(invoicingRuns)
      .set({ invoiceCount: Number(totals.count), totalCents: Number(totals.total) })
      .where(and(eq(invoicingRuns.tenantId, tenantId), eq(invoicingRuns.id, runId)));

    // One mail per subscribed family, to its address and its extra addresses.
    const context = await billingMailContext(tx, tenantId);
    const recipients = await rowsOf<{ number: string; label: string; total_cents: number; due_date: string; name: string; email: string | null; extra: string[] | null }>(
      tx,
      sql`select i.number, i.label, i.total_cents, i.due_date::text as due_date, f.name, f.email, f.notification_emails as extra
            from invoices i join families f on f.tenant_id = i.tenant_id and f.id = i.family_id
           where i.tenant_id = ${tenantId} and i.run_id = ${runId} and f.invoice_notifications`,
    );
    const queued = recipients.flatMap((r) => {
      const mail = invoicePublished(context, { familyName: r.name, number: r.number, label: r.label, totalCents: Number(r.total_cents), dueDate: r.due_date });
      const addresses = [...new Set([r.email, ...(r.extra ?? [])].filter((a): a is string => Boolean(a)))];
      return addresses.map((to) => ({ recipient: to, subject: mail.subject, text: mail.text }));
    });
    for (const batch of chunks(queued, 5 * BATCH_ROWS)) {
      await tx.execute(sql`
        insert into outbox (tenant_id, recipient, subject, text, created_at, next_attempt_at)
        select ${tenantId}, x.recipient, x.subject, x.text, ${at}::timestamptz, ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(recipient text, subject text, text text)`);
    }

    await audit(tx, staff, 'facturation_publiee', runId, { regie: regie.code, factures: Number(totals.count), totalCents: Number(totals.total), mails: queued.length });
    return queued.length;
  });
  if (mails > 0) deps.onMailQueued?.();
}

/** Discards a preview; a published run stays (its invoices are final). */
export async function discardRun(deps: Pick<Deps, 'database'>, staff: StaffContext, runId: string): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const [run] = await tx
      .update(invoicingRuns)
      .set({ state: 'discarded', invoiceCount: 0, totalCents: 0 })
      .where(and(eq(invoicingRuns.tenantId, staff.tenantId), eq(invoicingRuns.id, runId), eq(invoicingRuns.state, 'preview')))
      .returning();
    if (!run) {
      const current = await runOrFail(tx, staff.tenantId, runId);
      if (current.state === 'published') throw alreadyPublished();
      return;
    }
    await tx.delete(invoices).where(and(eq(invoices.tenantId, staff.tenantId), eq(invoices.runId, runId), eq(invoices.status, 'draft')));
    await audit(tx, staff, 'facturation_abandonnee', runId, { mois: run.periodStart.slice(0, 7) });
  });
}
