import { generateKeyPairSync, createSign } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { invoices, ledgerEntries, outbox, paymentEvents, payments, paymentSettings, regies } from '../../server/src/db/schema/index.js';
import { systempaySignature } from '../../server/src/payments/systempay-signature.js';
import { call, unique, type TestContext } from './helpers.js';
import { seedSignedFamily, seedTown, type Town } from './family-fixtures.js';

/** The town page holding <portail-factures>, on the test town's allowed origin. */
export const RETURN_URL = 'https://www.ville-test.fr/enfance/factures';

export const SYSTEMPAY_KEY = 'TestKey1234567890';
export const PAYBOX_HMAC_KEY = '0123456789ABCDEF'.repeat(8);

/** Paybox signs with its private key; the test holds a pair so that it can play Paybox. */
export const payboxKeys = generateKeyPairSync('rsa', { modulusLength: 1024 });
export const PAYBOX_PUBLIC_PEM = payboxKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

export const PROVIDER_CONFIGS = {
  payfip: { config: { numcli: '090909', saisie: 'T' }, secret: null },
  tipi: { config: { numcli: '090909', saisie: 'T' }, secret: null },
  systempay: { config: { siteId: '12345678', algorithm: 'HMAC-SHA-256', ctxMode: 'TEST' }, secret: SYSTEMPAY_KEY },
  paybox: { config: { site: '1999888', rang: '32', identifiant: '110647233', hash: 'SHA512', publicKeyPem: PAYBOX_PUBLIC_PEM }, secret: PAYBOX_HMAC_KEY },
} as const;

export type Provider = keyof typeof PROVIDER_CONFIGS;

/** Sets the town's provider straight in the database (the settings page has its own tests). */
export async function configureProvider(ctx: TestContext, tenantId: string, provider: Provider | 'none', environment: 'sandbox' | 'test' | 'production' = 'test') {
  const values =
    provider === 'none'
      ? { provider, environment, config: {}, secretSealed: null, returnUrl: RETURN_URL }
      : {
          provider,
          environment,
          config: { ...PROVIDER_CONFIGS[provider].config } as Record<string, string>,
          secretSealed: PROVIDER_CONFIGS[provider].secret ? ctx.deps.encryption.encrypt(PROVIDER_CONFIGS[provider].secret!) : null,
          returnUrl: RETURN_URL,
        };
  await ctx.deps.database.db.insert(paymentSettings).values({ tenantId, ...values }).onConflictDoUpdate({ target: paymentSettings.tenantId, set: values });
}

/** A town with a régie and a signed-in family. */
export async function seedPaymentTown(ctx: TestContext, provider: Provider | 'none', options: { regieNumcli?: string | null } = {}) {
  const town = await seedTown(ctx);
  const [regie] = await ctx.deps.database.db
    .insert(regies)
    .values({ tenantId: town.tenant.id, code: 'PERI', name: 'Régie périscolaire', payfipNumcli: options.regieNumcli ?? null })
    .returning();
  await configureProvider(ctx, town.tenant.id, provider);
  const family = await seedSignedFamily(ctx, town);
  return { ...town, regie, family };
}
export type PaymentTown = Awaited<ReturnType<typeof seedPaymentTown>>;

let sequence = 0;

/** A published invoice (number, refdet, ledger debit), as the invoicing run leaves it. */
export async function seedInvoice(ctx: TestContext, town: Town & { regie: { id: string } }, familyId: string, totalCents = 7055, label = 'Cantine et périscolaire – septembre 2026') {
  const seq = ++sequence;
  const { db } = ctx.deps.database;
  const [invoice] = await db
    .insert(invoices)
    .values({
      tenantId: town.tenant.id,
      regieId: town.regie.id,
      familyId,
      status: 'unpaid',
      year: 2026,
      sequence: seq,
      number: `2026-PERI-${String(seq).padStart(6, '0')}`,
      refdet: `2026PERI${String(seq).padStart(6, '0')}`,
      label,
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      linesCents: totalCents,
      totalCents,
      publishedAt: new Date('2026-10-01T06:00:00Z'),
    })
    .returning();
  await db.insert(ledgerEntries).values({
    tenantId: town.tenant.id,
    familyId,
    regieId: town.regie.id,
    kind: 'invoice',
    invoiceId: invoice.id,
    label: `Facture ${invoice.number}`,
    amountCents: totalCents,
    at: new Date('2026-10-01T06:00:00Z'),
  });
  return invoice;
}

/** POST /paiements as the widget sends it. */
export function startPayment(ctx: TestContext, town: PaymentTown, body: unknown, key = unique('cle-')) {
  return call(ctx, 'POST', `${town.base}/paiements`, { token: town.family.token, body, headers: { 'Idempotency-Key': key } });
}

export async function startOk(ctx: TestContext, town: PaymentTown, invoiceId: string, email = 'payeur@exemple.fr') {
  const res = await startPayment(ctx, town, { invoiceId, email });
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { paymentId: string; amountCents: number; provider: string; redirect: { method: string; url: string; fields: Record<string, string> } };
}

export const paymentOf = async (ctx: TestContext, id: string) => (await ctx.deps.database.db.select().from(payments).where(eq(payments.id, id)))[0];
export const invoiceOf = async (ctx: TestContext, id: string) => (await ctx.deps.database.db.select().from(invoices).where(eq(invoices.id, id)))[0];
export const eventsOf = (ctx: TestContext, paymentId: string) =>
  ctx.deps.database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, paymentId)).orderBy(paymentEvents.at, paymentEvents.id);
/** The events of a payment as `source:outcome[:reason]`, sorted (events of one instant have no order). */
export const trail = async (ctx: TestContext, paymentId: string) =>
  (await eventsOf(ctx, paymentId)).map((e) => [e.source, e.outcome, e.reason].filter(Boolean).join(':')).sort();
export const tenantEvents = (ctx: TestContext, tenantId: string) => ctx.deps.database.db.select().from(paymentEvents).where(eq(paymentEvents.tenantId, tenantId));
export const ledgerOfPayment = (ctx: TestContext, paymentId: string) => ctx.deps.database.db.select().from(ledgerEntries).where(eq(ledgerEntries.paymentId, paymentId));
export const ticketsTo = (ctx: TestContext, tenantId: string, address: string) =>
  ctx.deps.database.db.select().from(outbox).where(and(eq(outbox.tenantId, tenantId), eq(outbox.recipient, address)));
export async function balanceOf(ctx: TestContext, familyId: string) {
  const [row] = await ctx.deps.database.db.select({ b: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)` }).from(ledgerEntries).where(eq(ledgerEntries.familyId, familyId));
  return Number(row.b);
}

/** A provider message posted as a form (or sent as a query with GET). */
export function providerCall(
  ctx: TestContext,
  path: string,
  options: { method?: 'GET' | 'POST'; form?: Record<string, string> | string; query?: string; headers?: Record<string, string> } = {},
) {
  const method = options.method ?? (options.form !== undefined ? 'POST' : 'GET');
  const body = options.form === undefined ? undefined : typeof options.form === 'string' ? options.form : new URLSearchParams(options.form).toString();
  const url = options.query ? `${path}${path.includes('?') ? '&' : '?'}${options.query}` : path;
  const headers = { ...(body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }), ...options.headers };
  return ctx.app.request(url, { method, headers, body });
}

export const notificationPath = (town: Town, provider: string) => `/v1/paiement/${town.tenant.id}/${provider}/notification`;
export const returnPath = (town: Town, provider: string, paymentId: string) => `/v1/paiement/${town.tenant.id}/${provider}/retour?paiement=${paymentId}`;

// --- Systempay: the IPN the platform would post for a form we sent --------------------------------

export function systempayIpn(form: Record<string, string>, status: string, overrides: Record<string, string> = {}, key = SYSTEMPAY_KEY) {
  const fields: Record<string, string> = {
    vads_action_mode: form.vads_action_mode,
    vads_amount: form.vads_amount,
    vads_auth_number: status === 'AUTHORISED' ? '3fb0de' : '',
    vads_auth_result: status === 'AUTHORISED' ? '00' : '05',
    vads_ctx_mode: form.vads_ctx_mode,
    vads_currency: '978',
    vads_effective_amount: form.vads_amount,
    vads_hash: 'a1b2c3',
    vads_order_id: form.vads_order_id,
    vads_page_action: 'PAYMENT',
    vads_payment_config: 'SINGLE',
    vads_result: status === 'AUTHORISED' ? '00' : '05',
    vads_site_id: form.vads_site_id,
    vads_trans_date: form.vads_trans_date,
    vads_trans_id: form.vads_trans_id,
    vads_trans_status: status,
    vads_trans_uuid: 'b6a2d8c4e1f0493aa5c7d9e2f1a3b4c5',
    vads_url_check_src: 'PAY',
    vads_version: 'V2',
    ...overrides,
  };
  return { ...fields, signature: systempaySignature(fields, key, 'HMAC-SHA-256') };
}

// --- Paybox: a query signed as Paybox signs it (RSA-SHA1 over the raw string) --------------------

export function payboxQuery(values: { montant: string; reference: string; autorisation?: string; erreur: string; appel?: string; transaction?: string }, privateKey = payboxKeys.privateKey) {
  const signed = [
    `montant=${values.montant}`,
    `reference=${encodeURIComponent(values.reference)}`,
    `autorisation=${values.autorisation ?? ''}`,
    `erreur=${values.erreur}`,
    `appel=${values.appel ?? '12345678'}`,
    `transaction=${values.transaction ?? '87654321'}`,
    'date=07092026',
    'heure=10:05:00',
  ].join('&');
  const signature = createSign('RSA-SHA1').update(signed, 'utf8').sign(privateKey).toString('base64');
  return `${signed}&signature=${encodeURIComponent(signature)}`;
}

// --- PayFiP: a fake DGFiP web service behind deps.fetch ------------------------------------------

const NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

export const payfipFault = (code: string, libelle: string) =>
  envelope(
    `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur</faultstring>` +
      `<detail><ns2:FonctionnelleErreur xmlns:ns2="${NS}"><code>${code}</code><descriptif>${libelle}</descriptif><libelle>${libelle}</libelle><severite>2</severite></ns2:FonctionnelleErreur></detail></soap:Fault>`,
  );

export interface PayfipOperation {
  idOp: string;
  request: Record<string, string>;
  /** What recupererDetailPaiementSecurise answers: a fault code (P5, P1…) or a resultrans. */
  state: { fault: string } | { resultrans: string; numauto?: string; montant?: string; refdet?: string; numcli?: string } | { raw: string };
}

/** Plays the DGFiP: creates idOps, answers detail lookups from `operations`, records every call. */
export class FakePayfip {
  operations = new Map<string, PayfipOperation>();
  calls: { operation: string; url: string; fields: Record<string, string> }[] = [];
  /** Set to a fault code to refuse creations, or 'down' to fail like an unreachable host. */
  creation: 'ok' | 'down' | string = 'ok';
  private counter = 0;

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = String(init?.body ?? '');
    const operation = /<pai:(\w+)>/.exec(body)?.[1] ?? '';
    const fields: Record<string, string> = {};
    for (const m of body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&');
    this.calls.push({ operation, url, fields });
    if (operation === 'creerPaiementSecurise') {
      if (this.creation === 'down') throw new TypeError('fetch failed');
      if (this.creation !== 'ok') return new Response(payfipFault(this.creation, 'Erreur fonctionnelle'), { status: 500 });
      const idOp = `cc0cb210-1cd4-11ea-8cca-${String(++this.counter).padStart(12, '0')}`;
      this.operations.set(idOp, { idOp, request: fields, state: { fault: 'P5' } });
      return new Response(envelope(`<ns2:creerPaiementSecuriseResponse xmlns:ns2="${NS}"><return><idOp>${idOp}</idOp></return></ns2:creerPaiementSecuriseResponse>`));
    }
    if (operation === 'recupererDetailPaiementSecurise') {
      const op = this.operations.get(fields.idOp);
      if (!op) return new Response(payfipFault('P1', 'IdOp incorrect'), { status: 500 });
      if ('raw' in op.state) return new Response(op.state.raw);
      if ('fault' in op.state) return new Response(payfipFault(op.state.fault, 'Résultat de la transaction non connu'), { status: 500 });
      const r = op.request;
      const s = op.state;
      return new Response(
        envelope(
          `<ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="${NS}"><return>` +
            `<dattrans>07092026</dattrans><exer>${r.exer}</exer><heurtrans>1005</heurtrans><idOp>${op.idOp}</idOp><mel>${r.mel}</mel>` +
            `<montant>${s.montant ?? r.montant}</montant><numauto>${s.numauto ?? ''}</numauto><numcli>${s.numcli ?? r.numcli}</numcli><objet>${r.objet ?? ''}</objet>` +
            `<refdet>${s.refdet ?? r.refdet}</refdet><resultrans>${s.resultrans}</resultrans><saisie>${r.saisie}</saisie>` +
            `</return></ns2:recupererDetailPaiementSecuriseResponse>`,
        ),
      );
    }
    return new Response('not found', { status: 404 });
  }) as typeof fetch;

  /** The operation created for a payment start (by its idOp in the redirect URL). */
  operationOf(redirectUrl: string) {
    const idOp = new URL(redirectUrl).searchParams.get('idop')!;
    return this.operations.get(idOp)!;
  }
}
