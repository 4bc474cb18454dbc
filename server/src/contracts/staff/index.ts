/**
 * The staff API (`/admin/api`), request and answer shapes, written once: the staff page's API
 * modules and its tests import them with `import type`.
 */
export type * from './session.js';
export type * from './settings.js';
export type * from './planning.js';
export type * from './families.js';
export type * from './documents.js';
export type * from './billing.js';
export type * from './payments.js';
export type * from './messages.js';
export type * from './basket.js';
export type * from './cagnotte.js';
export type * from './tax-attestations.js';
