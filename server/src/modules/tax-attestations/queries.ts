import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { children, families, regies, taxAttestationRuns, taxAttestations } from '../../db/schema/index.js';
import type { Staff, TaxAttestationList } from '../../contracts/index.js';
import { runNotFound } from './runs.js';

const summaryColumns = {
  run: taxAttestationRuns,
  regie: { id: regies.id, code: regies.code, name: regies.name },
};

function summaryOf(row: { run: typeof taxAttestationRuns.$inferSelect; regie: { id: string; code: string; name: string } }): Staff.TaxAttestationRunSummary {
  const { run } = row;
  return {
    id: run.id,
    regie: row.regie,
    year: run.year,
    state: run.state,
    attestationCount: run.attestationCount,
    totalCents: run.totalCents,
    createdAt: run.createdAt.toISOString(),
    publishedAt: run.publishedAt?.toISOString() ?? null,
  };
}

export async function listTaxAttestationRuns(db: Db, tenantId: string): Promise<Staff.TaxAttestationRunSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(taxAttestationRuns)
    .innerJoin(regies, and(eq(regies.tenantId, taxAttestationRuns.tenantId), eq(regies.id, taxAttestationRuns.regieId)))
    .where(eq(taxAttestationRuns.tenantId, tenantId))
    .orderBy(desc(taxAttestationRuns.year), asc(regies.code));
  return rows.map(summaryOf);
}

/** A run with its attestations, by family number, then payer and child. */
export async function readTaxAttestationRun(db: Db, tenantId: string, runId: string): Promise<Staff.TaxAttestationRun> {
  const [row] = await db
    .select(summaryColumns)
    .from(taxAttestationRuns)
    .innerJoin(regies, and(eq(regies.tenantId, taxAttestationRuns.tenantId), eq(regies.id, taxAttestationRuns.regieId)))
    .where(and(eq(taxAttestationRuns.tenantId, tenantId), eq(taxAttestationRuns.id, runId)));
  if (!row) throw runNotFound();
  const rows = await db
    .select({ a: taxAttestations, family: { id: families.id, number: families.familyNumber, name: families.name } })
    .from(taxAttestations)
    .innerJoin(families, and(eq(families.tenantId, taxAttestations.tenantId), eq(families.id, taxAttestations.familyId)))
    .where(and(eq(taxAttestations.tenantId, tenantId), eq(taxAttestations.runId, runId)))
    .orderBy(asc(families.familyNumber), asc(taxAttestations.payerName), asc(taxAttestations.childName));
  return {
    ...summaryOf(row),
    attestations: rows.map(({ a, family }) => ({
      id: a.id,
      family,
      payer: { guardianId: a.payerGuardianId, name: a.payerName },
      child: { id: a.childId, name: a.childName, birthDate: a.childBirthDate },
      paidCents: a.paidCents,
      aidCents: a.aidCents,
      amountCents: a.amountCents,
      publishedAt: a.publishedAt?.toISOString() ?? null,
    })),
  };
}

/** The family's published attestations, latest year first. Unpublished ones do not exist for parents. */
export async function listFamilyTaxAttestations(db: Db, tenantId: string, familyId: string): Promise<TaxAttestationList> {
  const rows = await db
    .select({ a: taxAttestations, regieName: regies.name })
    .from(taxAttestations)
    .innerJoin(regies, and(eq(regies.tenantId, taxAttestations.tenantId), eq(regies.id, taxAttestations.regieId)))
    .innerJoin(children, and(eq(children.tenantId, taxAttestations.tenantId), eq(children.id, taxAttestations.childId)))
    .where(and(eq(taxAttestations.tenantId, tenantId), eq(taxAttestations.familyId, familyId), isNotNull(taxAttestations.publishedAt)))
    .orderBy(desc(taxAttestations.year), asc(taxAttestations.childName), asc(taxAttestations.payerName));
  return {
    attestations: rows.map(({ a, regieName }) => ({
      id: a.id,
      year: a.year,
      regie: { name: regieName },
      payerName: a.payerName,
      childName: a.childName,
      paidCents: a.paidCents,
      aidCents: a.aidCents,
      amountCents: a.amountCents,
      publishedAt: a.publishedAt!.toISOString(),
    })),
  };
}
