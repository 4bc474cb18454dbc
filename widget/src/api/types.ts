/** Shapes of the answers described in docs/api.md. Instants are ISO-8601 strings. */

export interface TenantColors {
  primary: string;
  primaryText: string;
}

export interface TenantConfig {
  name: string;
  logoUrl: string | null;
  colors: TenantColors | null;
  info: { message: string; date: string } | null;
  contactEmail: string | null;
  locale: string;
}

export interface FamilySummary {
  id: string;
  name: string;
}

export interface Session {
  token: string;
  idleExpiresAt: string;
  expiresAt: string;
  family: FamilySummary;
}

export interface SessionTimes {
  idleExpiresAt: string;
  expiresAt: string;
}

export interface Child {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  school: string;
  className: string;
}

export interface Home {
  family: { id: string; number: string; name: string; email: string };
  children: Child[];
  session: SessionTimes;
}

export interface MessageAnswer {
  message: string;
}
