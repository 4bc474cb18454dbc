import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import { tenantDatabase } from '../db/tenant-scope.js';
import type { FamilySessionContext, StaffContext, StoredSession, TenantContext } from '../actors.js';

/** How much of a request body a route reads, and the French 413 past it (http/body-limit.ts). */
export interface BodyLimit {
  maxBytes: number;
  /** The error code and message of the 413, when the route carries a file and can say more. */
  code?: string;
  tooLarge?: string;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    tenant: TenantContext;
    family: FamilySessionContext;
    /** The bearer token's session as read by the tenant gate (null: no live session for it). */
    session: StoredSession | null;
    staff: StaffContext;
    /** How much of the request body the route reads (http/body-limit.ts). */
    bodyLimit: BodyLimit;
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
