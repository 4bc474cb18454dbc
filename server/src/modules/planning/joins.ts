import { and, eq } from 'drizzle-orm';
import { bookings, children, families, schools, services } from '../../db/schema/index.js';

// Join conditions between the planning tables; each keeps both sides in the same commune.

export const serviceOfBooking = and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId));
export const childOfBooking = and(eq(children.tenantId, bookings.tenantId), eq(children.id, bookings.childId));
export const familyOfChild = and(eq(families.tenantId, children.tenantId), eq(families.id, children.familyId));
export const schoolOfChild = and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId));
