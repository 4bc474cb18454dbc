/**
 * Parent accounts: sign-in, first connection, password reset and change, and the home page
 * (POST /session, /activation, /password/*, GET /me). Instants are ISO-8601 strings.
 */

/** The family a session belongs to, as the sign-in answer names it. */
export interface FamilySummary {
  id: string;
  name: string;
}

/**
 * When a session ends: after 30 minutes without a call (`idleExpiresAt`, moved by every call)
 * and 12 hours after sign-in whatever happens (`expiresAt`).
 */
export interface SessionTimes {
  idleExpiresAt: string;
  expiresAt: string;
}

/** A signed-in parent: the bearer token every personal-data route asks for. */
export interface Session extends SessionTimes {
  token: string;
  family: FamilySummary;
}

/** A child of the family as the home page lists them; the town may not know the school or class yet. */
export interface Child {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  school: string | null;
  className: string | null;
}

/** GET /me: the signed-in family, its children (eldest first) and the session's expiries. */
export interface Home {
  family: {
    id: string;
    number: string;
    name: string;
    /** The login address; a family signing in with its number may have none. */
    email: string | null;
  };
  children: Child[];
  session: SessionTimes;
}

/** A French sentence to show as it is (password forgotten or reset). */
export interface MessageAnswer {
  message: string;
}

/** POST /session. `login` is the account e-mail or the family number. */
export interface LoginBody {
  login: string;
  password: string;
}

/** POST /activation: the family number and single-use code from the town's letter, then the chosen e-mail and password. */
export interface ActivationBody {
  familyNumber: string;
  code: string;
  email: string;
  password: string;
}

/** POST /password/forgot: the same answer whether or not the account exists. */
export interface ForgotPasswordBody {
  login: string;
}

/** POST /password/reset, with the token from the link the e-mail carries. */
export interface ResetPasswordBody {
  token: string;
  password: string;
}

/** POST /password/change: every other session of the family is revoked. */
export interface ChangePasswordBody {
  currentPassword: string;
  newPassword: string;
}
