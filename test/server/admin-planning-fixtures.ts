import type { TestContext } from './helpers.js';
import { seedFamily, seedStaff, seedTenant } from './helpers.js';
import { adminCall, staffCookie } from './admin-fixtures.js';

/** A commune with an admin and an agent logged in on the settings page. */
export async function staffTenant(ctx: TestContext, name = 'Ville de Test') {
  const seeded = await seedTenant(ctx, { name });
  const admin = await seedStaff(ctx, seeded.tenant.id, 'admin');
  const agent = await seedStaff(ctx, seeded.tenant.id, 'agent');
  return {
    ...seeded,
    admin: { ...admin, cookie: await staffCookie(ctx, admin.email, admin.password) },
    agent: { ...agent, cookie: await staffCookie(ctx, agent.email, agent.password) },
  };
}

export const CANTINE = {
  label: 'Cantine',
  groupLabel: 'Périscolaire',
  weekdays: [1, 2, 4, 5],
  periodKind: 'school',
  capacity: 30,
  priceCents: 415,
  bookingDeadline: { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } },
  cancellationDeadline: { kind: 'days_before', days: 1, time: '10:00', skip: { weekends: true, holidays: true, weekdays: [] } },
};

/**
 * A ready planning: a school period from 1 September to 16 October 2026, a canteen and a
 * "Mercredi" service needing approval, a family (with an account, so it gets mail) whose two
 * children are enrolled in both.
 */
export async function planningTown(ctx: TestContext, name = 'Ville de Test') {
  const town = await staffTenant(ctx, name);
  const cookie = town.admin.cookie;
  const post = async (path: string, body: unknown) => {
    const res = await adminCall(ctx, 'POST', path, { cookie, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await post('/calendar/periods', { label: 'Rentrée – Toussaint', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' });
  const cantine = await post('/services', CANTINE);
  const mercredi = await post('/services', { label: 'Mercredi', weekdays: [3], needsApproval: true, capacity: 1 });
  const family = await seedFamily(ctx, town.tenant.id, { password: 'mot de passe de la famille' });
  const kids = await (await adminCall(ctx, 'GET', '/children?q=Martin', { cookie })).json();
  const mine = kids.filter((k: { familyId: string }) => k.familyId === family.family.id);
  const lea = mine.find((k: { firstName: string }) => k.firstName === 'Léa');
  const hugo = mine.find((k: { firstName: string }) => k.firstName === 'Hugo');
  for (const child of [lea, hugo]) {
    for (const service of [cantine, mercredi]) await post(`/children/${child.id}/enrollments`, { serviceId: service.id, startDate: '2026-09-01' });
  }
  return { ...town, cantine, mercredi, family, lea, hugo };
}

export const key = () => `cle-${Math.random().toString(36).slice(2, 12)}`;

/** A booking call as the staff page sends it. */
export function staffBookings(ctx: TestContext, cookie: string, changes: unknown[], idempotencyKey = key()) {
  return ctx.app.request('/admin/api/bookings/changes', {
    method: 'POST',
    headers: { Origin: new URL(ctx.deps.publicUrl).origin, Cookie: cookie, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify({ changes }),
  });
}
