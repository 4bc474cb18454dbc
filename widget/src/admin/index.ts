import { defineOnce } from '../base/define-once.js';
import { PortailAdmin } from './portail-admin.js';
import { PortailAdminActivation } from './portail-admin-activation.js';
import { PortailAdminAudit } from './portail-admin-audit.js';
import { PortailAdminKeys } from './portail-admin-keys.js';
import { PortailAdminLogin } from './portail-admin-login.js';
import { PortailAdminOrigins } from './portail-admin-origins.js';
import { PortailAdminPreview } from './portail-admin-preview.js';
import { PortailAdminSettings } from './portail-admin-settings.js';
import { PortailAdminSnippet } from './portail-admin-snippet.js';

/** Staff settings page (/admin): its own bundle, never loaded by parents' pages. */
const elements: [string, CustomElementConstructor][] = [
  ['portail-admin-preview', PortailAdminPreview],
  ['portail-admin-login', PortailAdminLogin],
  ['portail-admin-activation', PortailAdminActivation],
  ['portail-admin-settings', PortailAdminSettings],
  ['portail-admin-origins', PortailAdminOrigins],
  ['portail-admin-keys', PortailAdminKeys],
  ['portail-admin-snippet', PortailAdminSnippet],
  ['portail-admin-audit', PortailAdminAudit],
  ['portail-admin', PortailAdmin],
];
for (const [tag, element] of elements) defineOnce(tag, element);

export { PortailAdmin };
