export { childFilePdf } from './child-file.js';
export { familyFilePdf } from './family-file.js';
export { activationLetterPdf } from './activation-letter.js';
export type * from './types.js';
export { invoicePdf } from './invoice.js';
export type { InvoicePdfInput, InvoicePdfLine, InvoicePdfPayment, Logo } from './invoice.js';
