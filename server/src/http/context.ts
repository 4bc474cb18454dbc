import type { Deps } from '../deps.js';
import type { StoredSession } from '../modules/auth/service.js';

export interface TenantContext {
  id: string;
  name: string;
  publicKey: string;
}

export interface FamilySessionContext {
  sessionId: string;
  familyId: string;
  familyName: string;
  idleExpiresAt: Date;
  expiresAt: Date;
}

export interface StaffContext {
  sessionId: string;
  staffUserId: string;
  tenantId: string;
  role: 'admin' | 'agent';
  email: string;
  displayName: string;
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
  };
};
