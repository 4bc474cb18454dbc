import { eq, sql } from 'drizzle-orm';
import { basketLines, baskets, bookings, changeRequests, invoiceLines, payments, settings, taxAttestationRuns, taxAttestations } from '../../server/src/db/schema/index.js';
import { adminCall, png } from './admin-fixtures.js';
import { CANTINE, staffTenant } from './admin-planning-fixtures.js';
import { seedSignedFamily } from './family-fixtures.js';
import { seedInvoice } from './payment-fixtures.js';
import { call, type TestContext } from './helpers.js';
import type { Resource } from './route-table.js';

/**
 * Two communes for the route matrix and the fuzzing: commune one holds the family A whose rows
 * every foreign actor aims at (a child, a pickup person, a document, a change request, an invoice,
 * an online payment), a second family B, an admin and an agent; commune two has its own admin and
 * family C.
 */
export async function seedWorld(ctx: TestContext) {
  const one = await staffTenant(ctx, 'Ville Une');
  const two = await staffTenant(ctx, 'Ville Deux');
  const { db } = ctx.deps.database;
  await db.update(settings).set({ familyFilePolicy: { fiscal: 'validation' } }).where(eq(settings.tenantId, one.tenant.id));
  const post = async (path: string, body: unknown) => {
    const res = await adminCall(ctx, 'POST', path, { cookie: one.admin.cookie, body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const list = async (path: string) => ((await (await adminCall(ctx, 'GET', path, { cookie: one.admin.cookie })).json()) as { id: string }[])[0].id;

  const period = await post('/calendar/periods', { label: 'Rentrée – Toussaint', kind: 'school', startDate: '2026-09-01', endDate: '2026-10-16' });
  const service = await post('/services', CANTINE);
  const closure = await post('/calendar/closures', { startDate: '2026-09-10', endDate: '2026-09-10', reason: 'Grève' });
  const reason = await post('/absence-reasons', { label: 'Maladie', billed: false });
  const regie = await post('/regies', { code: 'PERI', name: 'Cantine et périscolaire', payfipNumcli: '090909', dueDays: 30 });

  const a = await seedSignedFamily(ctx, one);
  const b = await seedSignedFamily(ctx, one);
  const c = await seedSignedFamily(ctx, two);
  const enrollment = await post(`/children/${a.lea.id}/enrollments`, { serviceId: service.id, startDate: '2026-09-01' });
  const familyApi = (path: string, method: string, body: unknown) => call(ctx, method, `${one.base}${path}`, { token: a.token, body });
  const added = await familyApi(`/famille/children/${a.lea.id}/pickup-persons`, 'POST', { firstName: 'Paul', lastName: 'Durand', relation: 'voisin', phone: '06 11 22 33 44', allowed: true });
  const pickupPerson = (await added.json()).file.children[0].pickupPersons[0].id as string;
  await familyApi('/famille/groups/fiscal', 'PUT', { quotientFamilial: 640, cafNumber: '1234567' });
  const [changeRequest] = await db.select().from(changeRequests).where(eq(changeRequests.familyId, a.familyId));
  const uploaded = await familyApi('/documents', 'POST', { type: 'certificat_medical', title: 'Certificat', childId: a.lea.id, data: png(40, 30).toString('base64') });
  if (uploaded.status !== 201) throw new Error(`document: ${uploaded.status} ${await uploaded.text()}`);
  const document = (await uploaded.json()).id as string;
  const invoice = await seedInvoice(ctx, { ...one, regie }, a.familyId);
  await db.insert(invoiceLines).values({ tenantId: one.tenant.id, invoiceId: invoice.id, position: 1, label: 'Cantine', quantity: 17, unitCents: 415, totalCents: 7055 });
  const [payment] = await db
    .insert(payments)
    .values({ tenantId: one.tenant.id, familyId: a.familyId, regieId: regie.id, invoiceId: invoice.id, method: 'online', provider: 'systempay', environment: 'test', status: 'pending', amountCents: 7055, reference: 'MATRIX000001', payerEmail: 'parent@exemple.fr' })
    .returning();
  const run = await post('/invoicing/runs', { regieId: regie.id, month: '2026-09' });
  const wrote = await familyApi('/messages', 'POST', { topic: 'Autre', subject: 'Question', body: 'Bonjour', attachments: [{ name: 'photo.png', data: png(40, 30).toString('base64') }] });
  if (wrote.status !== 201) throw new Error(`message: ${wrote.status} ${await wrote.text()}`);
  const conversation = (await wrote.json()) as { id: string; messages: { attachments: { id: string }[] }[] };
  const attachment = conversation.messages[0].attachments[0].id;
  const templates = (await (await adminCall(ctx, 'POST', '/message-templates', { cookie: one.admin.cookie, body: { title: 'Réception', body: 'Bien reçu.' } })).json()) as { id: string }[];
  const [basket] = await db.insert(baskets).values({ tenantId: one.tenant.id, familyId: a.familyId, regieId: regie.id, expiresAt: new Date('2026-09-20T00:00:00Z') }).returning();
  const [heldDay] = await db
    .insert(bookings)
    .values({ tenantId: one.tenant.id, childId: a.lea.id, serviceId: service.id, day: '2026-09-14', state: 'in_basket', channel: 'internet' })
    .returning();
  const [basketLine] = await db
    .insert(basketLines)
    .values({ tenantId: one.tenant.id, basketId: basket!.id, bookingId: heldDay!.id, childId: a.lea.id, serviceId: service.id, day: '2026-09-14', priceCents: 415 })
    .returning();
  // A published tax attestation of family A (Hugo, under 6), so the family's PDF route answers.
  const [taxRun] = await db.insert(taxAttestationRuns).values({ tenantId: one.tenant.id, regieId: regie.id, year: 2025, state: 'published', publishedAt: new Date('2026-01-15T09:00:00Z') }).returning();
  const [taxAttestation] = await db
    .insert(taxAttestations)
    .values({
      tenantId: one.tenant.id,
      runId: taxRun!.id,
      regieId: regie.id,
      year: 2025,
      familyId: a.familyId,
      payerName: 'Mme Martin',
      childId: a.hugo.id,
      childName: 'Hugo Martin',
      childBirthDate: a.hugo.birthDate!,
      paidCents: 4250,
      amountCents: 4250,
      publishedAt: new Date('2026-01-15T09:00:00Z'),
    })
    .returning();

  // Family A's calendar feed, revoked: its address must answer 410 to anyone.
  const feed = await familyApi(`/agenda/children/${a.lea.id}`, 'POST', {});
  if (feed.status !== 201) throw new Error(`agenda: ${feed.status} ${await feed.text()}`);
  const feedFile = /agenda\/([^/]+)$/.exec((await feed.json()).feed.url as string)![1]!;
  await call(ctx, 'DELETE', `${one.base}/agenda/children/${a.lea.id}`, { token: a.token, headers: { 'Content-Type': 'application/json' } });

  const victim: Record<Resource, string> = {
    publicKey: one.publicKey,
    tenant: one.tenant.id,
    provider: 'systempay',
    file: 'portail.js',
    group: 'fiscal',
    document,
    invoice: invoice.id,
    payment: payment.id,
    child: a.lea.id,
    pickupPerson,
    origin: await list('/origins'),
    key: await list('/keys'),
    service: service.id,
    period: period.id,
    closure: closure.id,
    absenceReason: reason.id,
    enrollment: enrollment.id,
    changeRequest: changeRequest.id,
    family: a.familyId,
    regie: regie.id,
    invoicingRun: run.id,
    conversation: conversation.id,
    attachment,
    messageTemplate: templates[0].id,
    basket: basket!.id,
    basketLine: basketLine!.id,
    feedToken: feedFile,
    taxAttestationRun: taxRun!.id,
    taxAttestation: taxAttestation!.id,
  };
  /** Identifiers of commune one that no answer to a foreign actor may contain. */
  const secrets = [a.familyId, a.lea.id, a.hugo.id, a.number, a.email, document, invoice.id, payment.id, pickupPerson, changeRequest.id, conversation.id, attachment, basket!.id, basketLine!.id, taxAttestation!.id];
  return { one, two, a, b, c, victim, secrets };
}

export type World = Awaited<ReturnType<typeof seedWorld>>;

let tables: string[] | undefined;

/**
 * One fingerprint per table of the rows of the given communes (sessions without their activity
 * times, which reading moves on purpose). Optionally only the rows mentioning one of `mentions`.
 */
export async function fingerprint(ctx: TestContext, tenantIds: string[], mentions: string[] = []): Promise<Record<string, string>> {
  const { db } = ctx.deps.database;
  tables ??= rowsOf<{ table_name: string }>(
    await db.execute(sql.raw(`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by table_name`)),
  ).map((r) => r.table_name);
  const ids = tenantIds.map((id) => `'${id.replace(/[^0-9a-f-]/gi, '')}'`).join(',');
  const filter = mentions.length ? ` and (${mentions.map((m) => `x.j like '%${m.replace(/[^0-9a-zA-Z@._-]/g, '')}%'`).join(' or ')})` : '';
  const select = (table: string, where: string) =>
    `select '${table}' as t, md5(coalesce(string_agg(x.j, '|' order by x.j), '')) as h from (select (to_jsonb(r) - 'last_seen_at' - 'expires_at')::text as j from "${table}" r where ${where}) x where true${filter}`;
  const query = [select('tenants', `id in (${ids})`), ...tables.map((t) => select(t, `tenant_id in (${ids})`))].join(' union all ');
  return Object.fromEntries(rowsOf<{ t: string; h: string }>(await db.execute(sql.raw(query))).map((r) => [r.t, r.h]));
}

/** The tables whose fingerprint differs. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) => Object.keys(after).filter((t) => before[t] !== after[t]);

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
