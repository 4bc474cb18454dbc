import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { absenceReasons } from '../../db/schema/index.js';

export async function listAbsenceReasons(db: Db, tenantId: string) {
  return db
    .select({ id: absenceReasons.id, label: absenceReasons.label })
    .from(absenceReasons)
    .where(and(eq(absenceReasons.tenantId, tenantId), eq(absenceReasons.active, true)))
    .orderBy(asc(absenceReasons.position), asc(absenceReasons.label));
}
