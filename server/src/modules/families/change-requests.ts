/**
 * Parents' change requests: the old and new values of a group, sealed until a staff member
 * accepts (the values are applied) or refuses them.
 */
import { and, asc, eq } from 'drizzle-orm';
import { changeRequests, children, families, familyFileEvents } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { transactionWithRetry } from '../../db/retry.js';
import { changedFields, GROUP_STORES, type GroupValues } from './groups.js';
import { GROUP_LABELS, isFamilyGroup, type FamilyGroup } from './policy.js';
import * as mails from './mails.js';
import type { FieldChange } from '../../contracts/index.js';

export interface SealedChange {
  old: GroupValues;
  new: GroupValues;
}

export const openChange = (deps: Deps, sealed: string) => JSON.parse(deps.encryption.decrypt(sealed)) as SealedChange;

/** Old and new values of the fields a request changes, as parents and staff are shown them. */
export function describeChange(group: FamilyGroup, change: SealedChange): Record<string, FieldChange> {
  const display = GROUP_STORES[group].display ?? ((values: GroupValues) => values);
  const before = display(change.old);
  const after = display(change.new);
  return Object.fromEntries(changedFields(change.old, change.new).map((field) => [field, { old: before[field] ?? null, new: after[field] ?? null }]));
}

/** Change requests of the commune (or of one family) for the staff queue, values decrypted and the IBAN masked. */
export async function listChangeRequests(deps: Deps, tenantId: string, filter: { familyId?: string; status?: 'pending' | 'accepted' | 'refused' } = {}) {
  const rows = await deps.database.db
    .select({
      id: changeRequests.id,
      familyId: changeRequests.familyId,
      familyName: families.name,
      familyNumber: families.familyNumber,
      childId: changeRequests.childId,
      childName: children.firstName,
      group: changeRequests.fieldGroup,
      valuesSealed: changeRequests.valuesSealed,
      status: changeRequests.status,
      requestedAt: changeRequests.requestedAt,
      decidedAt: changeRequests.decidedAt,
      decisionNote: changeRequests.decisionNote,
    })
    .from(changeRequests)
    .innerJoin(families, and(eq(families.tenantId, changeRequests.tenantId), eq(families.id, changeRequests.familyId)))
    .leftJoin(children, and(eq(children.tenantId, changeRequests.tenantId), eq(children.id, changeRequests.childId)))
    .where(
      and(
        eq(changeRequests.tenantId, tenantId),
        eq(changeRequests.status, filter.status ?? 'pending'),
        filter.familyId ? eq(changeRequests.familyId, filter.familyId) : undefined,
      ),
    )
    .orderBy(asc(changeRequests.requestedAt));
  return rows
    .filter((r) => isFamilyGroup(r.group))
    .map(({ valuesSealed, requestedAt, decidedAt, ...r }) => ({
      ...r,
      groupLabel: GROUP_LABELS[r.group as FamilyGroup],
      fields: describeChange(r.group as FamilyGroup, openChange(deps, valuesSealed)),
      requestedAt: requestedAt.toISOString(),
      decidedAt: decidedAt?.toISOString() ?? null,
    }));
}

/**
 * A staff member accepts (the new values are applied) or refuses a parent's change request. The
 * history records it on the "mairie" channel and the family is told by e-mail, in the same
 * transaction. The staff module authorises and audits the call.
 */
export async function decideChangeRequest(deps: Deps, tenantId: string, staffUserId: string, requestId: string, decision: 'accept' | 'refuse', note?: string) {
  const decisionNote = note?.trim().slice(0, 1000) || null;
  let mailed = false;
  const result = await transactionWithRetry(deps.database.db, async (tx) => {
    mailed = false;
    const now = deps.clock.now();
    const [request] = await tx
      .select()
      .from(changeRequests)
      .where(and(eq(changeRequests.tenantId, tenantId), eq(changeRequests.id, requestId)))
      .for('update');
    if (!request || !isFamilyGroup(request.fieldGroup)) throw notFound('Cette demande de modification est introuvable.');
    if (request.status !== 'pending') throw new ApiError(409, 'demande_deja_traitee', 'Cette demande de modification a déjà été traitée.');
    const group = request.fieldGroup;
    const change = openChange(deps, request.valuesSealed);
    if (decision === 'accept') await GROUP_STORES[group].write(tx, deps, { tenantId, familyId: request.familyId, childId: request.childId }, change.new);
    const status = decision === 'accept' ? 'accepted' : 'refused';
    await tx.update(changeRequests).set({ status, decidedAt: now, decidedBy: staffUserId, decisionNote }).where(eq(changeRequests.id, request.id));
    await tx.insert(familyFileEvents).values({
      tenantId,
      familyId: request.familyId,
      childId: request.childId,
      fieldGroup: group,
      action: decision === 'accept' ? 'valide' : 'refuse',
      fields: changedFields(change.old, change.new),
      channel: 'mairie',
      staffUserId,
      at: now,
    });
    mailed = await mails.confirmToAccount(tx, tenantId, request.familyId, (ctx, name) => mails.changeRequestDecided(ctx, name, GROUP_LABELS[group], decision, decisionNote), now);
    return { id: request.id, familyId: request.familyId, group, status };
  });
  if (mailed) deps.onMailQueued?.();
  return result;
}
