export * from './tenants.js';
export * from './families.js';
export * from './accounts.js';
export * from './outbox.js';
export * from './regies.js';
export * from './planning.js';
export * from './family-file.js';
export * from './billing.js';
