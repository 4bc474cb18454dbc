/** The commune's settings: banner and contact, logo, allowed sites, public keys, integration code, history. */

export interface LogoInfo {
  kind: 'image' | 'url';
  url: string;
  mime: string | null;
  width: number | null;
  height: number | null;
}

/** GET and PATCH /settings, PUT and DELETE /settings/logo. */
export interface TenantSettings {
  name: string;
  logo: LogoInfo | null;
  primaryColor: string;
  primaryTextColor: string;
  infoMessage: string | null;
  infoDate: string | null;
  contactEmail: string | null;
  portalUrl: string | null;
  updatedAt: string;
}

/** PATCH /settings: the fields to change ("" clears an optional one). */
export type SettingsChange = Partial<Record<'name' | 'primaryColor' | 'primaryTextColor' | 'infoMessage' | 'infoDate' | 'contactEmail' | 'portalUrl', string>>;

/** PUT /settings/logo: an uploaded image (base64) or the address of one. */
export type LogoBody = { kind: 'image'; data: string } | { kind: 'url'; url: string };

/** GET /origins; POST and DELETE answer the list as it now stands. */
export interface AllowedOrigin {
  id: string;
  origin: string;
  createdAt: string;
}

export interface OriginBody {
  origin: string;
}

/** GET /keys; POST /keys and POST /keys/{id}/revoke answer the list as it now stands. */
export interface PublicKey {
  id: string;
  key: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface KeyBody {
  label?: string;
}

/** POST /keys/{id}/revoke: revoking the last active key must be confirmed. */
export interface RevokeKeyBody {
  confirmLast?: boolean;
}

/** GET /snippet: the code the webmaster pastes (nulls until a key and the bundle exist). */
export interface IntegrationSnippet {
  publicKey: string | null;
  version: string | null;
  integrity: string | null;
  scriptUrl: string;
  script: string | null;
  elements: string[];
  html: string | null;
}

/** GET /audit: the commune's history of sensitive reads and changes, newest first. */
export interface AuditEntry {
  id: string;
  action: string;
  label: string;
  description: string;
  by: string;
  at: string;
}
