import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import { tenantDatabase } from '../db/tenant-scope.js';
import type { FamilySessionContext, StaffContext, StoredSession, TenantContext } from '../actors.js';

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    tenant: TenantContext;
    family: FamilySessionContext;
    /** The bearer token's session as read by the tenant gate (null: no live session for it). */
    session: StoredSession | null;
    staff: StaffContext;
  };
};

/**
 * From here on, the request's handlers reach the database only as the commune `tenantId`
 * (row-level security, ADR 9): the gate that resolved the commune calls this before `next()`.
 */
export function scopeToTenant(c: Context<AppEnv>, tenantId: string) {
  const deps = c.get('deps');
  c.set('deps', { ...deps, database: tenantDatabase(deps.database, tenantId) });
}
