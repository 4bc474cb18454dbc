/**
 * Systempay sandbox: the hosted payment form (`/vads-payment/`, `vads_*` fields signed with the
 * shop's key), the signed IPN posted to `vads_url_check`, and the browser return, as
 * paiement.systempay.fr does them.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { systempaySignature, verifySystempaySignature } from '../../server/src/payments/systempay-signature.js';
import { SANDBOX_SYSTEMPAY } from './keys.js';
import { callServer, DECISIONS, errorPage, euros, formEntries, isAbsoluteHttpUrl, paymentPage, renderPage, SessionStore, SYSTEMPAY, withQuery, type Decision, type SandboxContext } from './page.js';

const MANDATORY = [
  'vads_action_mode',
  'vads_amount',
  'vads_ctx_mode',
  'vads_currency',
  'vads_page_action',
  'vads_payment_config',
  'vads_site_id',
  'vads_trans_date',
  'vads_trans_id',
  'vads_version',
  'signature',
] as const;

/** Error codes the payment platform shows for a bad form parameter. */
const ERROR_CODES: Record<string, string> = {
  signature: '00',
  vads_version: '01',
  vads_site_id: '02',
  vads_trans_id: '03',
  vads_trans_date: '04',
  vads_validation_mode: '05',
  vads_capture_delay: '06',
  vads_payment_config: '07',
  vads_payment_cards: '08',
  vads_amount: '09',
  vads_currency: '10',
  vads_ctx_mode: '11',
};

/** Fields of the request the platform sends back unchanged in the IPN and the return. */
const ECHOED = /^vads_(order_id|order_info\d?|cust_.+|ext_info_.+|contrib|language|theme_config|ship_to_.+)$/;

const STATUS: Record<Decision, { status: string; result: string; auth: string }> = {
  paid: { status: 'AUTHORISED', result: '00', auth: '00' },
  refused: { status: 'REFUSED', result: '05', auth: '05' },
  cancelled: { status: 'ABANDONED', result: '17', auth: '' },
};

interface Session {
  id: string;
  fields: Record<string, string>;
  /** Site, UTC day and vads_trans_id: a transaction id can be used once a day. */
  transactionKey: string;
  createdAt: Date;
  decided: boolean;
}

function keyFor(ctxMode: string) {
  return ctxMode === 'PRODUCTION' ? SANDBOX_SYSTEMPAY.productionKey : SANDBOX_SYSTEMPAY.testKey;
}

function validTransDate(value: string) {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const at = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return at.toISOString().replace(/\D/g, '').slice(0, 14) === value;
}

/** The first problem of a payment form, as the platform reports it, or null. */
function formProblem(fields: Record<string, string>): { field: string; message: string } | null {
  for (const name of MANDATORY) if (fields[name] === undefined) return { field: name, message: `Paramètre obligatoire absent : ${name}.` };
  if (fields.vads_site_id !== SANDBOX_SYSTEMPAY.siteId) return { field: 'vads_site_id', message: 'Identifiant de boutique inconnu.' };
  if (fields.vads_ctx_mode !== 'TEST' && fields.vads_ctx_mode !== 'PRODUCTION') return { field: 'vads_ctx_mode', message: 'Mode de contexte invalide (TEST ou PRODUCTION).' };
  if (!verifySystempaySignature(fields, fields.signature, keyFor(fields.vads_ctx_mode), SANDBOX_SYSTEMPAY.algorithm))
    return { field: 'signature', message: 'La signature du formulaire est invalide.' };
  if (fields.vads_version !== 'V2') return { field: 'vads_version', message: 'Version du protocole invalide (V2 attendue).' };
  if (!/^[0-9a-zA-Z]{6}$/.test(fields.vads_trans_id)) return { field: 'vads_trans_id', message: 'Identifiant de transaction invalide (6 caractères alphanumériques).' };
  if (!validTransDate(fields.vads_trans_date)) return { field: 'vads_trans_date', message: 'Date de transaction invalide (AAAAMMJJHHMMSS, UTC).' };
  if (!/^(SINGLE|MULTI:.+)$/.test(fields.vads_payment_config)) return { field: 'vads_payment_config', message: 'Configuration de paiement invalide.' };
  if (!/^\d{1,12}$/.test(fields.vads_amount) || Number(fields.vads_amount) === 0) return { field: 'vads_amount', message: 'Montant invalide (entier en centimes).' };
  if (fields.vads_currency !== '978') return { field: 'vads_currency', message: 'Devise non acceptée (978 attendue).' };
  if (fields.vads_page_action !== 'PAYMENT') return { field: 'vads_page_action', message: 'Action de page invalide (PAYMENT attendue).' };
  if (fields.vads_action_mode !== 'INTERACTIVE') return { field: 'vads_action_mode', message: 'Mode d’acquisition invalide (INTERACTIVE attendu).' };
  return null;
}

function compactUtc(at: Date) {
  return at.toISOString().replace(/\D/g, '').slice(0, 14);
}

export function systempaySandbox(ctx: SandboxContext) {
  const sessions = new SessionStore<Session>(ctx.now, 24 * 60 * 60_000);

  function formError(c: Context, problem: { field: string; message: string }) {
    const code = ERROR_CODES[problem.field];
    return errorPage(c, SYSTEMPAY, 'Erreur lors du paiement', `${problem.message}${code ? ` (erreur ${code} – ${problem.field})` : ''} Le site marchand a envoyé une demande de paiement incorrecte.`);
  }

  /** Result fields of a decided payment, signed with the shop's key. */
  function result(session: Session, decision: Decision): Record<string, string> {
    const f = session.fields;
    const outcome = STATUS[decision];
    const echoed = Object.fromEntries(Object.entries(f).filter(([name]) => ECHOED.test(name)));
    const fields: Record<string, string> = {
      ...echoed,
      vads_action_mode: f.vads_action_mode,
      vads_amount: f.vads_amount,
      vads_auth_mode: 'FULL',
      vads_auth_result: outcome.auth,
      ...(decision === 'paid' ? { vads_auth_number: String(randomInt(100000, 1000000)) } : {}),
      vads_capture_delay: f.vads_capture_delay ?? '0',
      vads_ctx_mode: f.vads_ctx_mode,
      vads_currency: f.vads_currency,
      vads_effective_amount: f.vads_amount,
      vads_effective_currency: f.vads_currency,
      vads_effective_creation_date: compactUtc(ctx.now()),
      vads_extra_result: '',
      vads_hash: randomBytes(32).toString('hex'),
      vads_operation_type: 'DEBIT',
      vads_page_action: f.vads_page_action,
      vads_payment_config: f.vads_payment_config,
      vads_result: outcome.result,
      vads_sequence_number: '1',
      vads_site_id: f.vads_site_id,
      vads_trans_date: f.vads_trans_date,
      vads_trans_id: f.vads_trans_id,
      vads_trans_status: outcome.status,
      vads_trans_uuid: randomUUID().replaceAll('-', ''),
      vads_url_check_src: 'PAY',
      vads_validation_mode: f.vads_validation_mode ?? '0',
      vads_version: f.vads_version,
    };
    fields.signature = systempaySignature(fields, keyFor(f.vads_ctx_mode), SANDBOX_SYSTEMPAY.algorithm);
    return fields;
  }

  async function paymentRequest(c: Context, fields: Record<string, string>) {
    const problem = formProblem(fields);
    if (problem) return formError(c, problem);
    const transactionKey = `${fields.vads_site_id}/${fields.vads_trans_date.slice(0, 8)}/${fields.vads_trans_id}`;
    for (const other of sessions.values()) {
      if (other.decided && other.transactionKey === transactionKey) return formError(c, { field: 'vads_trans_id', message: 'Cette transaction a déjà été traitée aujourd’hui.' });
    }
    const session: Session = { id: randomUUID(), fields, transactionKey, createdAt: ctx.now(), decided: false };
    sessions.set(session.id, session);
    return paymentPage(c, SYSTEMPAY, {
      summary: [
        ['Boutique', `Ville de Démo (${fields.vads_site_id})`],
        ['Référence de la commande', fields.vads_order_id || fields.vads_trans_id],
        ...(fields.vads_cust_email ? ([['Adresse électronique', fields.vads_cust_email]] as [string, string][]) : []),
        ['Mode', fields.vads_ctx_mode === 'TEST' ? 'TEST' : 'PRODUCTION'],
      ],
      amountCents: Number(fields.vads_amount),
      hidden: { sandbox_session: session.id },
    });
  }

  async function decisionRequest(c: Context, form: Record<string, string>) {
    const session = sessions.get(form.sandbox_session);
    if (!session) return errorPage(c, SYSTEMPAY, 'Session de paiement inconnue', 'Cette session de paiement n’existe pas ou a expiré. Retournez sur le site marchand pour recommencer.', 404);
    if (session.decided) return errorPage(c, SYSTEMPAY, 'Paiement déjà traité', 'Ce paiement a déjà été traité. Retournez sur le site marchand.', 410);
    const decision = DECISIONS[form.decision ?? ''];
    if (!decision) return errorPage(c, SYSTEMPAY, 'Choix manquant', 'Choisissez « Payer », « Refuser le paiement (test) » ou « Annuler le paiement ».');
    session.decided = true;
    const fields = result(session, decision);
    const f = session.fields;
    if (isAbsoluteHttpUrl(f.vads_url_check)) {
      await callServer(ctx, f.vads_url_check, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    }
    const target = [{ paid: f.vads_url_success, refused: f.vads_url_refused, cancelled: f.vads_url_cancel }[decision], f.vads_url_return].find((url) => isAbsoluteHttpUrl(url));
    const title = { paid: 'Paiement accepté', refused: 'Paiement refusé', cancelled: 'Paiement abandonné' }[decision];
    if (!target) {
      return renderPage(c, {
        provider: SYSTEMPAY,
        title,
        body: html`<div class="${decision === 'paid' ? 'succes' : 'erreur'}" role="status"><h1>${title}</h1><p>Montant : ${euros(Number(f.vads_amount))}.</p></div>`,
      });
    }
    const mode = f.vads_return_mode ?? '';
    if (mode === 'GET') return c.redirect(withQuery(target, new URLSearchParams(fields).toString()), 303);
    if (mode === 'POST') {
      return renderPage(c, {
        provider: SYSTEMPAY,
        title,
        body: html`<h1>${title}</h1>
          <form method="post" action="${target}">
            ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
            <button class="payer">Retourner sur le site marchand</button>
          </form>`,
      });
    }
    return c.redirect(target, 303);
  }

  const handle = async (c: Context) => {
    const form = Object.fromEntries(await formEntries(c));
    return form.sandbox_session !== undefined ? decisionRequest(c, form) : paymentRequest(c, form);
  };

  return new Hono().post('/vads-payment/', handle).post('/vads-payment', handle);
}
