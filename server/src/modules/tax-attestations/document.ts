import { and, eq, isNotNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { families, regies, taxAttestations, tenants } from '../../db/schema/index.js';
import { ApiError } from '../../errors.js';
import { taxAttestationPdf } from '../../pdf/index.js';

export const taxAttestationNotFound = () => new ApiError(404, 'attestation_introuvable', 'Cette attestation fiscale est introuvable.');

/**
 * The PDF of one attestation. For a parent (`familyId` given) only the family's published ones
 * exist: another family's, another commune's or a preview all answer the same 404.
 */
export async function renderTaxAttestationPdf(deps: Deps, tenantId: string, attestationId: string, scope: { familyId?: string } = {}) {
  const [row] = await deps.database.db
    .select({ a: taxAttestations, regieName: regies.name, family: { number: families.familyNumber, name: families.name }, townName: tenants.name })
    .from(taxAttestations)
    .innerJoin(regies, and(eq(regies.tenantId, taxAttestations.tenantId), eq(regies.id, taxAttestations.regieId)))
    .innerJoin(families, and(eq(families.tenantId, taxAttestations.tenantId), eq(families.id, taxAttestations.familyId)))
    .innerJoin(tenants, eq(tenants.id, taxAttestations.tenantId))
    .where(
      and(
        eq(taxAttestations.tenantId, tenantId),
        eq(taxAttestations.id, attestationId),
        scope.familyId ? and(eq(taxAttestations.familyId, scope.familyId), isNotNull(taxAttestations.publishedAt)) : undefined,
      ),
    );
  if (!row) throw taxAttestationNotFound();
  const { a } = row;
  const pdf = await taxAttestationPdf({
    townName: row.townName,
    editedAt: deps.clock.now(),
    regieName: row.regieName,
    year: a.year,
    family: row.family,
    payer: { name: a.payerName, address: a.payerAddress },
    child: { name: a.childName, birthDate: a.childBirthDate },
    paidCents: a.paidCents,
    aidCents: a.aidCents,
    amountCents: a.amountCents,
    publishedAt: a.publishedAt ?? deps.clock.now(),
  });
  const prefix = a.publishedAt ? 'attestation-fiscale' : 'projet-attestation-fiscale';
  return { pdf, filename: `${prefix}-${a.year}-${a.id.slice(0, 8)}.pdf` };
}
