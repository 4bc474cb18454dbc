import { and, eq } from 'drizzle-orm';
import { families, invoices, paymentEvents, payments, regies } from '../../db/schema/index.js';

// What a payment is tied to, always within its own commune.

export const invoiceOfPayment = and(eq(invoices.tenantId, payments.tenantId), eq(invoices.id, payments.invoiceId));
export const familyOfPayment = and(eq(families.tenantId, payments.tenantId), eq(families.id, payments.familyId));
export const regieOfPayment = and(eq(regies.tenantId, payments.tenantId), eq(regies.id, payments.regieId));
export const regieOfInvoice = and(eq(regies.tenantId, invoices.tenantId), eq(regies.id, invoices.regieId));
export const familyOfInvoice = and(eq(families.tenantId, invoices.tenantId), eq(families.id, invoices.familyId));
export const paymentOfEvent = and(eq(payments.tenantId, paymentEvents.tenantId), eq(payments.id, paymentEvents.paymentId));
