/** The commune's settings: banner and contact, logo, allowed sites, public keys, integration code, history. */
import { request, segment } from './client.js';

export interface LogoInfo {
  kind: 'image' | 'url';
  url: string;
  mime: string | null;
  width: number | null;
  height: number | null;
}

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

export type SettingsChange = Partial<Record<'name' | 'primaryColor' | 'primaryTextColor' | 'infoMessage' | 'infoDate' | 'contactEmail' | 'portalUrl', string>>;

export interface AllowedOrigin {
  id: string;
  origin: string;
  createdAt: string;
}

export interface PublicKey {
  id: string;
  key: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  active: boolean;
}

export interface IntegrationSnippet {
  publicKey: string | null;
  version: string | null;
  integrity: string | null;
  scriptUrl: string;
  script: string | null;
  elements: string[];
  html: string | null;
}

export interface AuditEntry {
  id: string;
  action: string;
  label: string;
  description: string;
  by: string;
  at: string;
}

export const getSettings = (signal?: AbortSignal) => request<TenantSettings>('get', 'settings', { signal });
export const saveSettings = (change: SettingsChange) => request<TenantSettings>('patch', 'settings', { body: change });
export const uploadLogo = (data: string) => request<TenantSettings>('put', 'settings/logo', { body: { kind: 'image', data } });
export const setLogoUrl = (url: string) => request<TenantSettings>('put', 'settings/logo', { body: { kind: 'url', url } });
export const removeLogo = () => request<TenantSettings>('delete', 'settings/logo');

export const getOrigins = (signal?: AbortSignal) => request<AllowedOrigin[]>('get', 'origins', { signal });
export const addOrigin = (origin: string) => request<AllowedOrigin[]>('post', 'origins', { body: { origin } });
export const removeOrigin = (id: string) => request<AllowedOrigin[]>('delete', `origins/${segment(id)}`);

export const getKeys = (signal?: AbortSignal) => request<PublicKey[]>('get', 'keys', { signal });
export const createKey = (label?: string) => request<PublicKey[]>('post', 'keys', { body: label ? { label } : {} });
export const revokeKey = (id: string, confirmLast = false) => request<PublicKey[]>('post', `keys/${segment(id)}/revoke`, { body: confirmLast ? { confirmLast } : {} });

export const getSnippet = (signal?: AbortSignal) => request<IntegrationSnippet>('get', 'snippet', { signal });
export const getAudit = (signal?: AbortSignal) => request<AuditEntry[]>('get', 'audit', { signal });
