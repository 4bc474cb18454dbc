import { and, asc, eq, sql } from 'drizzle-orm';
import { messageTemplates } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import type { Staff } from '../../contracts/index.js';
import { ApiError, notFound } from '../../errors.js';

/** Answers the town hall reuses, shared by every agent of the commune. */

export const MAX_TEMPLATES = 100;

export async function listTemplates(deps: Deps, tenantId: string): Promise<Staff.MessageTemplate[]> {
  const rows = await deps.database.db
    .select()
    .from(messageTemplates)
    .where(eq(messageTemplates.tenantId, tenantId))
    .orderBy(asc(messageTemplates.title), asc(messageTemplates.id));
  return rows.map((row) => ({ id: row.id, title: row.title, body: row.body, updatedAt: row.updatedAt.toISOString() }));
}

export async function createTemplate(deps: Deps, staff: StaffContext, input: Staff.MessageTemplateBody) {
  await deps.database.db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(messageTemplates).where(eq(messageTemplates.tenantId, staff.tenantId));
    if (Number(n) >= MAX_TEMPLATES) throw new ApiError(409, 'trop_de_modeles', `La commune a déjà ${MAX_TEMPLATES} modèles de réponse : supprimez-en un avant d’en ajouter.`);
    await tx.insert(messageTemplates).values({ tenantId: staff.tenantId, title: input.title, body: input.body, updatedAt: deps.clock.now() });
  });
  return listTemplates(deps, staff.tenantId);
}

export async function updateTemplate(deps: Deps, staff: StaffContext, id: string, input: Staff.MessageTemplateBody) {
  const updated = await deps.database.db
    .update(messageTemplates)
    .set({ title: input.title, body: input.body, updatedAt: deps.clock.now() })
    .where(and(eq(messageTemplates.tenantId, staff.tenantId), eq(messageTemplates.id, id)))
    .returning({ id: messageTemplates.id });
  if (updated.length === 0) throw notFound('Ce modèle est introuvable.');
  return listTemplates(deps, staff.tenantId);
}

export async function deleteTemplate(deps: Deps, staff: StaffContext, id: string) {
  const deleted = await deps.database.db
    .delete(messageTemplates)
    .where(and(eq(messageTemplates.tenantId, staff.tenantId), eq(messageTemplates.id, id)))
    .returning({ id: messageTemplates.id });
  if (deleted.length === 0) throw notFound('Ce modèle est introuvable.');
  return listTemplates(deps, staff.tenantId);
}
