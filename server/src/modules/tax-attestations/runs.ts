/**
 * The yearly batch of tax attestations of a régie: computed as a preview (recomputed as often as
 * staff ask, keeping the aids they entered), then published at once — frozen figures, one e-mail
 * per family through the outbox (ADR 19).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { taxAttestationRuns, taxAttestations } from '../../db/schema/index.js';
import { transactionWithRetry } from '../../db/retry.js';
import { audit } from '../../db/audit.js';
import { chunks, rowsOf } from '../../db/rows.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { parisDay } from '../../domain/dates.js';
import { findRegie } from '../billing/regies.js';
import { billingMailContext } from '../billing/mails.js';
import { computeAttestations } from './computation.js';
import { taxAttestationsPublished } from './mails.js';
import type { Staff } from '../../contracts/index.js';

const alreadyPublished = () =>
  new ApiError(409, 'attestations_publiees', 'Les attestations fiscales de cette année sont déjà publiées : elles ne changent plus.');
export const runNotFound = () => notFound('Ces attestations fiscales sont introuvables.');

/** The year must be over: an attestation certifies what was paid during a whole year. */
export function assertYearOver(deps: Pick<Deps, 'clock'>, year: number) {
  const current = Number(parisDay(deps.clock.now()).slice(0, 4));
  if (year >= current) throw new ApiError(422, 'annee_non_terminee', 'Les attestations fiscales se calculent pour une année terminée.', { fields: { year: `L’année doit être antérieure à ${current}.` } });
}

const key = (r: { familyId: string; payerGuardianId: string | null; childId: string }) => `${r.familyId}|${r.payerGuardianId ?? ''}|${r.childId}`;

/** Computes (or recomputes) the preview of a régie's attestations for a year; returns the run id. */
export async function previewTaxAttestations(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, request: Staff.TaxAttestationRunRequest): Promise<string> {
  assertYearOver(deps, request.year);
  const now = deps.clock.now();
  return transactionWithRetry(deps.database.db, async (tx) => {
    const tenantId = staff.tenantId;
    // Locking the régie makes two staff members computing the same year share one run.
    const regie = await findRegie(tx, tenantId, request.regieId, true);
    const [existing] = await tx
      .select()
      .from(taxAttestationRuns)
      .where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.regieId, regie.id), eq(taxAttestationRuns.year, request.year)));
    if (existing?.state === 'published') throw alreadyPublished();
    let runId = existing?.id;
    const aids = new Map<string, number>();
    if (runId) {
      const previous = await tx.select().from(taxAttestations).where(and(eq(taxAttestations.tenantId, tenantId), eq(taxAttestations.runId, runId)));
      for (const p of previous) aids.set(key(p), p.aidCents);
      await tx.delete(taxAttestations).where(and(eq(taxAttestations.tenantId, tenantId), eq(taxAttestations.runId, runId)));
      await tx.update(taxAttestationRuns).set({ createdBy: staff.staffUserId, createdAt: now }).where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.id, runId)));
    } else {
      const [run] = await tx
        .insert(taxAttestationRuns)
        .values({ tenantId, regieId: regie.id, year: request.year, createdBy: staff.staffUserId, createdAt: now })
        .returning({ id: taxAttestationRuns.id });
      runId = run.id;
    }
    const computed = await computeAttestations(tx, tenantId, regie.id, request.year);
    const rows = computed.map((c) => {
      const aidCents = Math.min(aids.get(key(c)) ?? 0, c.paidCents);
      return { ...c, tenantId, runId: runId!, regieId: regie.id, year: request.year, aidCents, amountCents: c.paidCents - aidCents, createdAt: now };
    });
    for (const batch of chunks(rows)) await tx.insert(taxAttestations).values(batch);
    await refreshTotals(tx, tenantId, runId);
    return runId;
  });
}

async function refreshTotals(tx: Tx, tenantId: string, runId: string) {
  const [totals] = await rowsOf<{ count: number; total: number }>(
    tx,
    sql`select count(*)::int as count, coalesce(sum(amount_cents), 0)::bigint as total from tax_attestations where tenant_id = ${tenantId} and run_id = ${runId}`,
  );
  await tx
    .update(taxAttestationRuns)
    .set({ attestationCount: Number(totals.count), totalCents: Number(totals.total) })
    .where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.id, runId)));
}

/** Staff enter the aids a family received for a child (CAF, employer…): deducted from what was paid. Preview only. */
export async function setAttestationAid(deps: Pick<Deps, 'database'>, staff: StaffContext, attestationId: string, aidCents: number): Promise<string> {
  return transactionWithRetry(deps.database.db, async (tx) => {
    const [row] = await tx
      .select({ attestation: taxAttestations, state: taxAttestationRuns.state })
      .from(taxAttestations)
      .innerJoin(taxAttestationRuns, and(eq(taxAttestationRuns.tenantId, taxAttestations.tenantId), eq(taxAttestationRuns.id, taxAttestations.runId)))
      .where(and(eq(taxAttestations.tenantId, staff.tenantId), eq(taxAttestations.id, attestationId)))
      .for('update');
    if (!row) throw notFound('Cette attestation fiscale est introuvable.');
    if (row.state === 'published') throw alreadyPublished();
    if (aidCents > row.attestation.paidCents) {
      throw new ApiError(422, 'aide_trop_grande', 'Les aides ne peuvent pas dépasser le montant payé.', { fields: { aidCents: 'Les aides ne peuvent pas dépasser le montant payé.' } });
    }
    await tx
      .update(taxAttestations)
      .set({ aidCents, amountCents: row.attestation.paidCents - aidCents })
      .where(and(eq(taxAttestations.tenantId, staff.tenantId), eq(taxAttestations.id, attestationId)));
    await refreshTotals(tx, staff.tenantId, row.attestation.runId);
    await audit(tx, staff, 'attestation_fiscale_aides', attestationId, { aidCents });
    return row.attestation.runId;
  });
}

/**
 * Publishes a preview at once. The conditional update of the run is the guard: of two concurrent
 * publications one wins, the other gets a 409. Attestations of 0 € (all paid by aids) are dropped.
 */
export async function publishTaxAttestations(deps: Pick<Deps, 'database' | 'clock' | 'onMailQueued'>, staff: StaffContext, runId: string): Promise<void> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const mails = await transactionWithRetry(deps.database.db, async (tx) => {
    const tenantId = staff.tenantId;
    const [run] = await tx
      .update(taxAttestationRuns)
      .set({ state: 'published', publishedBy: staff.staffUserId, publishedAt: now })
      .where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.id, runId), eq(taxAttestationRuns.state, 'preview')))
      .returning();
    if (!run) {
      const [current] = await tx.select({ id: taxAttestationRuns.id }).from(taxAttestationRuns).where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.id, runId)));
      if (!current) throw runNotFound();
      throw alreadyPublished();
    }
    await tx.execute(sql`delete from tax_attestations where tenant_id = ${tenantId} and run_id = ${runId} and amount_cents <= 0`);
    await tx.execute(sql`update tax_attestations set published_at = ${at}::timestamptz where tenant_id = ${tenantId} and run_id = ${runId}`);
    await refreshTotals(tx, tenantId, runId);

    const context = await billingMailContext(tx, tenantId);
    const recipients = await rowsOf<{ name: string; email: string | null; extra: string[] | null }>(
      tx,
      sql`select f.name, f.email, f.notification_emails as extra from families f
           where f.tenant_id = ${tenantId} and f.id in (select a.family_id from tax_attestations a where a.tenant_id = ${tenantId} and a.run_id = ${runId})`,
    );
    const queued = recipients.flatMap((r) => {
      const mail = taxAttestationsPublished(context, { familyName: r.name, year: run.year });
      const addresses = [...new Set([r.email, ...(r.extra ?? [])].filter((a): a is string => Boolean(a)))];
      return addresses.map((to) => ({ recipient: to, subject: mail.subject, text: mail.text }));
    });
    for (const batch of chunks(queued)) {
      await tx.execute(sql`
        insert into outbox (tenant_id, recipient, subject, text, created_at, next_attempt_at)
        select ${tenantId}, x.recipient, x.subject, x.text, ${at}::timestamptz, ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(recipient text, subject text, text text)`);
    }
    await audit(tx, staff, 'attestations_fiscales_publiees', runId, { annee: run.year, familles: recipients.length, mails: queued.length });
    return queued.length;
  });
  if (mails > 0) deps.onMailQueued?.();
}

/** Discards a preview; published attestations stay. */
export async function discardTaxAttestations(deps: Pick<Deps, 'database'>, staff: StaffContext, runId: string): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(taxAttestationRuns)
      .where(and(eq(taxAttestationRuns.tenantId, staff.tenantId), eq(taxAttestationRuns.id, runId)))
      .for('update');
    if (!current) throw runNotFound();
    if (current.state === 'published') throw alreadyPublished();
    await tx.delete(taxAttestationRuns).where(and(eq(taxAttestationRuns.tenantId, staff.tenantId), eq(taxAttestationRuns.id, runId)));
    await audit(tx, staff, 'attestations_fiscales_abandonnees', runId, { annee: current.year });
  });
}


