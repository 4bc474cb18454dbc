export { childFilePdf } from './child-file.js';
export { familyFilePdf } from './family-file.js';
export { activationLetterPdf } from './activation-letter.js';
export type * from './types.js';
export { invoicePdf } from './invoice.js';
export type { InvoicePdfInput, InvoicePdfLine, InvoicePdfPayment, Logo } from './invoice.js';
export { paymentAttestationPdf } from './payment-attestation.js';
export type { PaymentAttestationInput } from './payment-attestation.js';
