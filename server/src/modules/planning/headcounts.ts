import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { bookings, children, schools, services } from '../../db/schema/index.js';

/** Daily headcounts per service, school and diet (the canteen's meal order). */
export async function headcounts(db: Db, tenantId: string, day: string) {
  return db
    .select({
      serviceId: services.id,
      serviceLabel: services.label,
      school: sql<string>`coalesce(${schools.name}, 'Sans école')`,
      diet: children.diet,
      booked: sql<number>`count(*) filter (where ${bookings.state} = 'booked')::int`,
      absent: sql<number>`count(*) filter (where ${bookings.state} = 'absent')::int`,
      waitlisted: sql<number>`count(*) filter (where ${bookings.state} = 'waitlisted')::int`,
      requested: sql<number>`count(*) filter (where ${bookings.state} = 'requested')::int`,
    })
    .from(bookings)
    .innerJoin(services, and(eq(services.tenantId, bookings.tenantId), eq(services.id, bookings.serviceId)))
    .innerJoin(children, and(eq(children.tenantId, bookings.tenantId), eq(children.id, bookings.childId)))
    .leftJoin(schools, and(eq(schools.tenantId, children.tenantId), eq(schools.id, children.schoolId)))
    .where(and(eq(bookings.tenantId, tenantId), eq(bookings.day, day)))
    .groupBy(services.id, services.label, services.position, schools.name, children.diet)
    .orderBy(
      asc(services.position),
      asc(services.label),
      asc(sql`coalesce(${schools.name}, 'Sans école')`),
      // Standard meals first, then the special diets, as the kitchen reads the order.
      asc(sql`case ${children.diet} when 'standard' then 0 when 'sans_viande' then 1 when 'sans_gluten' then 2 else 3 end`),
    );
}
