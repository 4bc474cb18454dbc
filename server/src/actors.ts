/** Who a request acts for, once the HTTP layer has established it: the commune, a family's session, a staff member. */

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

/** A parent's session as stored, read by the tenant gate along with the key or by the auth service on its own. */
export interface StoredSession {
  id: string;
  familyId: string;
  name: string;
  lastSeenAt: Date;
  expiresAt: Date;
}
