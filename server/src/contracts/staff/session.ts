/** The staff member's session (GET, POST, DELETE /admin/api/session) and the first connection (POST /admin/api/activation). */

export type StaffRole = 'admin' | 'agent';

/** Who is signed in, for which commune, until when (ISO-8601 instants). */
export interface StaffSessionInfo {
  staff: { id: string; email: string; displayName: string; role: StaffRole };
  tenant: { name: string };
  idleExpiresAt: string;
  expiresAt: string;
}

/** POST /session. */
export interface StaffLoginBody {
  email: string;
  password: string;
}

/** POST /activation: the token of the activation link and the chosen password. */
export interface StaffActivationBody {
  token: string;
  password: string;
}

/** A French sentence to show as is. */
export interface MessageAnswer {
  message: string;
}
