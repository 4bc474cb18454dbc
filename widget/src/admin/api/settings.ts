/** The commune's settings: banner and contact, logo, allowed sites, public keys, integration code, history. */
import { request, segment } from './client.js';
import type { AllowedOrigin, AuditEntry, IntegrationSnippet, KeyBody, LogoBody, LogoInfo, OriginBody, PublicKey, RevokeKeyBody, SettingsChange, TenantSettings } from '../../../../server/src/contracts/staff/index.js';

export type { AllowedOrigin, AuditEntry, IntegrationSnippet, LogoInfo, PublicKey, SettingsChange, TenantSettings };

export const getSettings = (signal?: AbortSignal) => request<TenantSettings>('get', 'settings', { signal });
export const saveSettings = (change: SettingsChange) => request<TenantSettings>('patch', 'settings', { body: change });
export const uploadLogo = (data: string) => request<TenantSettings>('put', 'settings/logo', { body: { kind: 'image', data } satisfies LogoBody });
export const setLogoUrl = (url: string) => request<TenantSettings>('put', 'settings/logo', { body: { kind: 'url', url } satisfies LogoBody });
export const removeLogo = () => request<TenantSettings>('delete', 'settings/logo');

export const getOrigins = (signal?: AbortSignal) => request<AllowedOrigin[]>('get', 'origins', { signal });
export const addOrigin = (origin: string) => request<AllowedOrigin[]>('post', 'origins', { body: { origin } satisfies OriginBody });
export const removeOrigin = (id: string) => request<AllowedOrigin[]>('delete', `origins/${segment(id)}`);

export const getKeys = (signal?: AbortSignal) => request<PublicKey[]>('get', 'keys', { signal });
export const createKey = (label?: string) => request<PublicKey[]>('post', 'keys', { body: (label ? { label } : {}) satisfies KeyBody });
export const revokeKey = (id: string, confirmLast = false) => request<PublicKey[]>('post', `keys/${segment(id)}/revoke`, { body: (confirmLast ? { confirmLast } : {}) satisfies RevokeKeyBody });

export const getSnippet = (signal?: AbortSignal) => request<IntegrationSnippet>('get', 'snippet', { signal });
export const getAudit = (signal?: AbortSignal) => request<AuditEntry[]>('get', 'audit', { signal });
