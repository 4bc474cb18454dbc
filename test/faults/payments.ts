import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../server/src/db/client.js';
import { rowsOf } from '../../server/src/db/rows.js';
import { systempaySignature } from '../../server/src/payments/systempay-signature.js';
import { isAnswer, pool, request, sleep, type ApiProcess } from './harness.js';
import { ORIGIN, SYSTEMPAY, type PaymentTown } from './seed.js';

/** The IPN Systempay posts for an authorised payment of the form the API gave (payments.md §4). */
function authorisedIpn(form: Record<string, string>, n: number) {
  const fields: Record<string, string> = {
    vads_action_mode: form.vads_action_mode,
    vads_amount: form.vads_amount,
    vads_auth_number: `a${String(n).padStart(5, '0')}`,
    vads_auth_result: '00',
    vads_ctx_mode: form.vads_ctx_mode,
    vads_currency: '978',
    vads_effective_amount: form.vads_amount,
    vads_order_id: form.vads_order_id,
    vads_page_action: 'PAYMENT',
    vads_payment_config: 'SINGLE',
    vads_result: '00',
    vads_site_id: form.vads_site_id,
    vads_trans_date: form.vads_trans_date,
    vads_trans_id: form.vads_trans_id,
    vads_trans_status: 'AUTHORISED',
    vads_trans_uuid: randomUUID().replace(/-/g, ''),
    vads_url_check_src: 'PAY',
    vads_version: 'V2',
  };
  return new URLSearchParams({ ...fields, signature: systempaySignature(fields, SYSTEMPAY.key, SYSTEMPAY.algorithm) }).toString();
}

/**
 * (b) kill -9 of the API while Systempay notifications arrive. Every family has started a payment;
 * the signed notifications are posted concurrently and the process is killed once a third are
 * acknowledged. After the restart the provider delivers again what got no "OK", and delivers the
 * acknowledged ones a second time (providers repeat when unsure): each payment must be settled once.
 */
export async function paymentNotifications(api: ApiProcess, db: Db, town: PaymentTown) {
  const count = town.tokens.length;
  const forms: Record<string, string>[] = [];
  const paymentIds: string[] = [];
  let startFailures = 0;
  await pool(count, 20, async (i) => {
    const outcome = await request(`${api.url}/v1/t/${town.publicKey}/paiements`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${town.tokens[i]}`, 'content-type': 'application/json', 'idempotency-key': `faults-b-${randomUUID()}` },
      body: JSON.stringify({ invoiceId: town.invoiceIds[i], email: `payeur.${i}@exemple.fr` }),
    });
    if (!isAnswer(outcome) || outcome.status !== 201) return void startFailures++;
    const answer = outcome.body as { paymentId: string; redirect: { fields: Record<string, string> } };
    forms[i] = answer.redirect.fields;
    paymentIds[i] = answer.paymentId;
  });
  const ipns = forms.map((form, i) => (form ? authorisedIpn(form, i) : ''));
  const deliver = (i: number) =>
    request(`${api.url}/v1/paiement/${town.tenantId}/systempay/notification`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ipns[i] });

  const acknowledged = new Set<number>();
  let sent = 0;
  let status5xx = 0;
  let killed = false;
  let killing: Promise<void> | null = null;
  const killAfter = Math.floor(count / 3);
  await pool(
    count,
    30,
    async (i) => {
      if (!ipns[i]) return;
      sent++;
      const outcome = await deliver(i);
      if (isAnswer(outcome) && outcome.status === 200) {
        acknowledged.add(i);
        if (acknowledged.size >= killAfter && !killing) {
          killed = true;
          killing = api.kill9();
        }
      } else if (isAnswer(outcome) && outcome.status >= 500) status5xx++;
    },
    () => !killed,
  );
  await killing;
  const acknowledgedBeforeKill = acknowledged.size;
  const unacknowledgedAtKill = sent - acknowledgedBeforeKill;
  const restartMs = await api.start();

  // The provider's re-deliveries: until "OK" for what was not acknowledged, once more for the rest.
  let redelivered = 0;
  let redeliveryFailures = 0;
  await pool(count, 30, async (i) => {
    if (!ipns[i]) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      redelivered++;
      const outcome = await deliver(i);
      if (isAnswer(outcome) && outcome.status === 200) return void acknowledged.add(i);
      if (isAnswer(outcome) && outcome.status >= 500) status5xx++;
      await sleep(200);
    }
    redeliveryFailures++;
  });

  const started = paymentIds.filter(Boolean);
  const rows = await rowsOf<{ id: string; status: string; ledger: number; applied: number; tickets: number; overpaid: boolean }>(
    db,
    sql`select p.id, p.status,
          (select count(*)::int from ledger_entries l where l.payment_id = p.id) as ledger,
          (select count(*)::int from payment_events e where e.payment_id = p.id and e.outcome in ('applied', 'late')) as applied,
          (select count(*)::int from outbox o where o.tenant_id = p.tenant_id and o.recipient = p.payer_email) as tickets,
          (i.paid_cents > i.total_cents) as overpaid
        from payments p join invoices i on i.id = p.invoice_id
        where p.tenant_id = ${town.tenantId} and p.method = 'online'`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  let lost = 0;
  let doubled = 0;
  for (const i of acknowledged) {
    const row = byId.get(paymentIds[i]);
    if (!row || row.status !== 'paid' || row.ledger === 0) lost++;
  }
  for (const row of rows) if (row.ledger > 1 || row.applied > 1 || row.tickets > 1 || row.overpaid) doubled++;
  const figures = {
    fault: 'kill -9 during payment notifications',
    payments: started.length,
    startFailures,
    notificationsSent: sent,
    acknowledgedBeforeKill,
    unacknowledgedAtKill,
    restartMs,
    redelivered,
    acknowledgedAfterRedelivery: acknowledged.size,
    redeliveryFailures,
    paid: rows.filter((r) => r.status === 'paid').length,
    lost,
    doubled,
    status5xx,
  };
  const ok = startFailures === 0 && redeliveryFailures === 0 && lost === 0 && doubled === 0 && status5xx === 0 && acknowledged.size === started.length && acknowledgedBeforeKill > 0;
  return { ok, figures };
}
