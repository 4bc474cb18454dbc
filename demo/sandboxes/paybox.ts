/**
 * Paybox sandbox: the payment page `MYchoix_pagepaiement.cgi` (form authenticated with
 * `PBX_HMAC`), the IPN to `PBX_REPONDRE_A` and the browser return, carrying the `PBX_RETOUR`
 * variables signed with RSA-SHA1 by the sandbox's key, as tpeweb.paybox.com does.
 */
import { createSign, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { payboxHmac, type PayboxHash } from '../../server/src/payments/paybox-signature.js';
import { SANDBOX_PAYBOX } from './keys.js';
import { callServer, DECISIONS, errorPage, euros, formEntries, isAbsoluteHttpUrl, parisParts, PAYBOX, paymentPage, renderPage, SessionStore, withQuery, type Decision, type SandboxContext } from './page.js';

const MANDATORY = ['PBX_SITE', 'PBX_RANG', 'PBX_IDENTIFIANT', 'PBX_TOTAL', 'PBX_DEVISE', 'PBX_CMD', 'PBX_PORTEUR', 'PBX_RETOUR', 'PBX_HASH', 'PBX_TIME', 'PBX_HMAC'] as const;

/** Value of `E` (response code) for each outcome. */
const ERROR_CODE: Record<Decision, string> = { paid: '00000', refused: '00105', cancelled: '00001' };

interface Session {
  id: string;
  fields: Record<string, string>;
  /** The `PBX_RETOUR` variables, in the requested order: [name, letter]. */
  retour: [string, string][];
  createdAt: Date;
  decided: boolean;
}

/**
 * Paybox's own query-string encoding of a value: percent-encoding with a space as `%20`, but
 * `@`, `/` and `:` left as they are. The signature covers this exact text.
 */
export function payboxEncode(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@').replace(/%2F/g, '/').replace(/%3A/g, ':');
}

function parseRetour(value: string): [string, string][] | null {
  const pairs = value.split(';').filter((part) => part !== '');
  const parsed: [string, string][] = [];
  for (const pair of pairs) {
    const m = /^([A-Za-z0-9_-]{1,30}):([A-Z])$/.exec(pair);
    if (!m || parsed.some(([name]) => name === m[1])) return null;
    parsed.push([m[1], m[2]]);
  }
  const k = parsed.findIndex(([, letter]) => letter === 'K');
  if (parsed.length === 0 || (k >= 0 && k !== parsed.length - 1)) return null;
  return parsed;
}

function sameHex(a: string, b: string) {
  const x = Buffer.from(a.toUpperCase());
  const y = Buffer.from(b.toUpperCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The first problem of a payment form, or null. */
function formProblem(entries: [string, string][], fields: Record<string, string>): string | null {
  for (const name of MANDATORY) if (fields[name] === undefined) return `Paramètre obligatoire absent : ${name}.`;
  if (fields.PBX_SITE !== SANDBOX_PAYBOX.site || !/^\d{2,3}$/.test(fields.PBX_RANG) || Number(fields.PBX_RANG) !== Number(SANDBOX_PAYBOX.rang) || fields.PBX_IDENTIFIANT !== SANDBOX_PAYBOX.identifiant)
    return 'Site, rang ou identifiant inconnu.';
  if (fields.PBX_HASH !== 'SHA512' && fields.PBX_HASH !== 'SHA256') return 'Algorithme PBX_HASH non pris en charge (SHA512 ou SHA256).';
  const message = entries
    .filter(([name]) => name !== 'PBX_HMAC')
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  if (!sameHex(payboxHmac(message, SANDBOX_PAYBOX.hmacKeyHex, fields.PBX_HASH as PayboxHash), fields.PBX_HMAC)) return 'Problème d’identification du commerce : accès refusé (PBX_HMAC invalide).';
  if (!/^\d{3,10}$/.test(fields.PBX_TOTAL) || Number(fields.PBX_TOTAL) === 0) return 'Montant PBX_TOTAL invalide (centimes, 3 à 10 chiffres).';
  if (fields.PBX_DEVISE !== '978') return 'Devise PBX_DEVISE non acceptée (978 attendue).';
  if (fields.PBX_CMD.length === 0 || fields.PBX_CMD.length > 250) return 'Référence PBX_CMD invalide (1 à 250 caractères).';
  if (!fields.PBX_PORTEUR.includes('@') || fields.PBX_PORTEUR.length < 6 || fields.PBX_PORTEUR.length > 120) return 'Adresse électronique PBX_PORTEUR invalide.';
  if (!parseRetour(fields.PBX_RETOUR)) return 'PBX_RETOUR invalide (nom:LETTRE séparés par « ; », K en dernier).';
  if (Number.isNaN(Date.parse(fields.PBX_TIME))) return 'Horodatage PBX_TIME invalide (ISO 8601).';
  return null;
}

export function payboxSandbox(ctx: SandboxContext) {
  const sessions = new SessionStore<Session>(ctx.now);

  /** The signed return query: PBX_RETOUR variables in the requested order, then the signature. */
  function returnQuery(session: Session, decision: Decision): string {
    const f = session.fields;
    const at = parisParts(ctx.now());
    const values: Record<string, string> = {
      M: String(Number(f.PBX_TOTAL)),
      R: f.PBX_CMD,
      E: ERROR_CODE[decision],
      T: String(randomInt(10_000_000, 100_000_000)),
      S: String(randomInt(10_000_000, 100_000_000)),
      W: `${at.day}${at.month}${at.year}`,
      Q: `${at.hour}:${at.minute}:${at.second}`,
      P: 'CARTE',
      C: 'CB',
    };
    if (decision === 'paid') values.A = String(randomInt(100000, 1000000));
    let signatureName: string | null = null;
    const pairs: string[] = [];
    for (const [name, letter] of session.retour) {
      if (letter === 'K') signatureName = name;
      // The authorisation number only exists for an accepted payment; no card data is ever returned.
      else if (letter !== 'A' || values.A) pairs.push(`${payboxEncode(name)}=${payboxEncode(values[letter] ?? '')}`);
    }
    const query = pairs.join('&');
    if (!signatureName) return query;
    const signature = createSign('RSA-SHA1').update(query, 'utf8').sign(SANDBOX_PAYBOX.privateKeyPem, 'base64');
    return `${query}&${payboxEncode(signatureName)}=${encodeURIComponent(signature)}`;
  }

  async function paymentRequest(c: Context, entries: [string, string][]) {
    const fields = Object.fromEntries(entries);
    const problem = formProblem(entries, fields);
    if (problem) return errorPage(c, PAYBOX, 'Erreur lors de l’accès au paiement', `${problem} Le site marchand a envoyé une demande de paiement incorrecte.`);
    const session: Session = { id: randomUUID(), fields, retour: parseRetour(fields.PBX_RETOUR)!, createdAt: ctx.now(), decided: false };
    sessions.set(session.id, session);
    return paymentPage(c, PAYBOX, {
      summary: [
        ['Commerçant', `Ville de Démo (site ${fields.PBX_SITE}, rang ${fields.PBX_RANG})`],
        ['Référence', fields.PBX_CMD],
        ['Adresse électronique', fields.PBX_PORTEUR],
      ],
      amountCents: Number(fields.PBX_TOTAL),
      hidden: { sandbox_session: session.id },
    });
  }

  async function decisionRequest(c: Context, form: Record<string, string>) {
    const session = sessions.get(form.sandbox_session);
    if (!session) return errorPage(c, PAYBOX, 'Session de paiement inconnue', 'Cette session de paiement n’existe pas ou a expiré. Retournez sur le site marchand pour recommencer.', 404);
    if (session.decided) return errorPage(c, PAYBOX, 'Paiement déjà traité', 'Ce paiement a déjà été traité. Retournez sur le site marchand.', 410);
    const decision = DECISIONS[form.decision ?? ''];
    if (!decision) return errorPage(c, PAYBOX, 'Choix manquant', 'Choisissez « Payer », « Refuser le paiement (test) » ou « Annuler le paiement ».');
    session.decided = true;
    const f = session.fields;
    const query = returnQuery(session, decision);
    if (isAbsoluteHttpUrl(f.PBX_REPONDRE_A)) {
      await callServer(
        ctx,
        f.PBX_RUF1 === 'POST' ? f.PBX_REPONDRE_A : withQuery(f.PBX_REPONDRE_A, query),
        f.PBX_RUF1 === 'POST' ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: query } : {},
      );
    }
    const target = { paid: f.PBX_EFFECTUE, refused: f.PBX_REFUSE, cancelled: f.PBX_ANNULE }[decision];
    if (isAbsoluteHttpUrl(target)) return c.redirect(withQuery(target, query), 303);
    const title = { paid: 'Paiement accepté', refused: 'Paiement refusé', cancelled: 'Paiement annulé' }[decision];
    return renderPage(c, {
      provider: PAYBOX,
      title,
      body: html`<div class="${decision === 'paid' ? 'succes' : 'erreur'}" role="status"><h1>${title}</h1><p>Montant : ${euros(Number(f.PBX_TOTAL))}.</p></div>`,
    });
  }

  return new Hono().post('/cgi/MYchoix_pagepaiement.cgi', async (c) => {
    const entries = await formEntries(c);
    const form = Object.fromEntries(entries);
    return form.sandbox_session !== undefined ? decisionRequest(c, form) : paymentRequest(c, entries);
  });
}
