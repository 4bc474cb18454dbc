/** The staff queue of the parents' change requests; health values stay masked until asked for, and that read is audited. */
import { and, eq } from 'drizzle-orm';
import { changeRequests } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { audit } from '../../db/audit.js';
import { decideChangeRequest, listChangeRequests } from './change-requests.js';

/**
 * Accepts or refuses a pending request (the values are applied, the history recorded and the
 * family told), then audits the decision in its own row.
 */
export async function decideQueuedRequest(deps: Deps, staff: StaffContext, requestId: string, decision: 'accept' | 'refuse', note?: string) {
  const result = await decideChangeRequest(deps, staff.tenantId, staff.staffUserId, requestId, decision, note);
  await audit(deps.database.db, staff, decision === 'accept' ? 'demande_acceptee' : 'demande_refusee', requestId, { groupe: result.group, famille: result.familyId });
  return result;
}

/** Health values of a request are sealed data: they are only shown on request, audited. */
const SEALED_GROUPS = new Set(['child_health']);

/** The queue: what changes, old and new; health values masked until asked for. */
export async function changeRequestQueue(deps: Deps, tenantId: string, familyId?: string) {
  const rows = await listChangeRequests(deps, tenantId, { familyId });
  return rows.map((r) => (SEALED_GROUPS.has(r.group) ? { ...r, masked: true, fields: Object.fromEntries(Object.keys(r.fields).map((f) => [f, { old: null, new: null }])) } : { ...r, masked: false }));
}

/** One request's values in clear; reading health values writes its audit row in the same transaction. */
export async function changeRequestValues(deps: Deps, staff: StaffContext, requestId: string) {
  const [row] = await deps.database.db
    .select({ familyId: changeRequests.familyId })
    .from(changeRequests)
    .where(and(eq(changeRequests.tenantId, staff.tenantId), eq(changeRequests.id, requestId)));
  if (!row) throw notFound('Cette demande de modification est introuvable.');
  const request = (await listChangeRequests(deps, staff.tenantId, { familyId: row.familyId })).find((r) => r.id === requestId);
  if (!request) throw new ApiError(409, 'demande_deja_traitee', 'Cette demande de modification a déjà été traitée.');
  if (SEALED_GROUPS.has(request.group)) {
    await audit(deps.database.db, staff, 'donnees_sensibles_lues', row.familyId, { quoi: 'donnees_sante', demande: requestId });
  }
  return { ...request, masked: false };
}
