/**
 * The parents' API, request and answer shapes, written once: the widget's API modules and its
 * tests' stand-in server import them with `import type`, so no server code reaches the bundle.
 */
export type * from './config.js';
export type * from './session.js';
export type * from './planning.js';
export type * from './family.js';
export type * from './documents.js';
export type * from './invoices.js';
export type * from './payments.js';
export type * from './messages.js';
export type * from './basket.js';
export type * from './cagnotte.js';
export type * from './home.js';
export type * from './calendar.js';
export type * from './tax-attestations.js';
/** The staff API, by the same names as the staff page uses (`Staff.Regie`, `Staff.FamilyDetail`…). */
export type * as Staff from './staff/index.js';
