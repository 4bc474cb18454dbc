import type { Deps } from '../deps.js';
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
