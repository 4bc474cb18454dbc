/**
 * What the three sandboxes share: the page layout (French, accessible, with the demonstration
 * banner), the decorative card form, amounts and dates, the server-to-server calls and the
 * in-memory store of payment sessions.
 */
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export interface SandboxContext {
  publicUrl: string;
  fetch: typeof fetch;
  now: () => Date;
}

/** What the payer chose on a sandbox page. */
export type Decision = 'paid' | 'refused' | 'cancelled';

export const DECISIONS: Record<string, Decision> = { payer: 'paid', refuser: 'refused', annuler: 'cancelled' };

/** Longest a server-to-server call may hold the payer's browser. */
export const SERVER_CALL_TIMEOUT_MS = 5_000;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
  :root { color-scheme: light; }
  body { font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1a1a1a; background: #f3f4f6; }
  .demo { margin: 0; padding: .75em 1em; background: #7a2e00; color: #fff; font-weight: 600; text-align: center; }
  .fournisseur { background: #fff; border-bottom: 4px solid var(--accent); padding: .75em 1em; }
  .fournisseur p { margin: 0; font-size: 1.25em; font-weight: 700; color: var(--accent); }
  main { max-width: 38em; margin: 1.5em auto; padding: 1.5em; background: #fff; border-radius: 8px; box-shadow: 0 1px 3px rgb(0 0 0 / .2); }
  h1 { font-size: 1.5em; margin-top: 0; }
  h2 { font-size: 1.15em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25em 1em; }
  dt { font-weight: 600; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .montant { font-size: 1.25em; font-weight: 700; }
  fieldset { border: 1px solid #6b7280; border-radius: 6px; margin: 1em 0; padding: .75em 1em; }
  label { display: block; font-weight: 600; margin-top: .5em; }
  input { font: inherit; padding: .4em; border: 1px solid #4b5563; border-radius: 4px; width: 100%; box-sizing: border-box; }
  .aide { color: #374151; font-size: .9em; margin: .25em 0 0; }
  .actions { display: flex; flex-wrap: wrap; gap: .75em; margin-top: 1.25em; }
  button, .bouton { font: inherit; font-weight: 600; padding: .6em 1.2em; border-radius: 6px; border: 2px solid transparent; cursor: pointer; text-decoration: none; display: inline-block; }
  .payer { background: #1d4ed8; color: #fff; }
  .refuser { background: #fff; color: #991b1b; border-color: #991b1b; }
  .annuler { background: #fff; color: #1f2937; border-color: #4b5563; }
  :focus-visible { outline: 3px solid #111827; outline-offset: 3px; }
  button:focus-visible, .bouton:focus-visible { box-shadow: 0 0 0 6px #fbbf24; }
  .erreur { border-left: 6px solid #991b1b; padding-left: 1em; }
  .succes { border-left: 6px solid #166534; padding-left: 1em; }
`;

export interface Provider {
  name: string;
  /** Accent colour of the provider's header (dark enough for text on white). */
  accent: string;
}

export const PAYFIP: Provider = { name: 'PayFiP – Direction générale des Finances publiques', accent: '#000091' };
export const SYSTEMPAY: Provider = { name: 'Systempay – paiement sécurisé', accent: '#9d1d3f' };
export const PAYBOX: Provider = { name: 'Paybox – paiement sécurisé', accent: '#0f5c6e' };

/** A whole sandbox page. No script, no external resource: only its own inline style. */
export function renderPage(c: Context, options: { provider: Provider; title: string; body: Html; status?: 200 | 400 | 404 | 410 }) {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
  return c.html(
    html`<!doctype html>
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>${options.title} – ${options.provider.name} (démonstration)</title>
          <link rel="icon" href="data:," />
          <style>
            ${raw(STYLE)} :root { --accent: ${options.provider.accent}; }
          </style>
        </head>
        <body>
          <header>
            <p class="demo">Environnement de démonstration — aucun paiement réel n’est effectué</p>
            <div class="fournisseur"><p>${options.provider.name}</p></div>
          </header>
          <main>${options.body}</main>
        </body>
      </html>`,
    options.status ?? 200,
  );
}

export function errorPage(c: Context, provider: Provider, title: string, message: string, status: 400 | 404 | 410 = 400) {
  return renderPage(c, {
    provider,
    title,
    status,
    body: html`<div class="erreur" role="alert">
      <h1>${title}</h1>
      <p>${message}</p>
    </div>`,
  });
}

/** The payment summary, the decorative card form and the three buttons of every sandbox. */
export function paymentPage(
  c: Context,
  provider: Provider,
  options: { summary: [string, string][]; amountCents: number; hidden: Record<string, string> },
) {
  return renderPage(c, {
    provider,
    title: 'Paiement par carte bancaire',
    body: html`<h1>Paiement par carte bancaire</h1>
      <h2>Récapitulatif</h2>
      <dl>
        ${options.summary.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}
        <dt>Montant</dt>
        <dd class="montant">${euros(options.amountCents)}</dd>
      </dl>
      <form method="post">
        ${Object.entries(options.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
        <fieldset>
          <legend>Carte de test</legend>
          <p class="aide" id="carte-aide">Champs décoratifs, déjà remplis : ils ne sont ni enregistrés ni transmis.</p>
          <label for="carte-numero">Numéro de carte</label>
          <input id="carte-numero" value="4970 1000 0000 0003" inputmode="numeric" autocomplete="off" aria-describedby="carte-aide" />
          <label for="carte-expiration">Date d’expiration (MM/AA)</label>
          <input id="carte-expiration" value="12/30" autocomplete="off" />
          <label for="carte-cryptogramme">Cryptogramme visuel</label>
          <input id="carte-cryptogramme" value="123" inputmode="numeric" autocomplete="off" />
        </fieldset>
        <div class="actions">
          <button class="payer" name="decision" value="payer">Payer</button>
          <button class="refuser" name="decision" value="refuser">Refuser le paiement (test)</button>
          <button class="annuler" name="decision" value="annuler">Annuler le paiement</button>
        </div>
      </form>`,
  });
}

export function euros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Date and time parts of an instant in Europe/Paris (the providers' local time). */
export function parisParts(at: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** `url` with `params` appended, after `&` when it already has a query. */
export function withQuery(url: string, query: string): string {
  if (query === '') return url;
  const [base, hash] = url.split('#', 2);
  const joined = base.includes('?') ? `${base}${base.endsWith('?') || base.endsWith('&') ? '' : '&'}${query}` : `${base}?${query}`;
  return hash === undefined ? joined : `${joined}#${hash}`;
}

export function isAbsoluteHttpUrl(value: string | undefined, maxLength = 2048): value is string {
  if (!value || value.length > maxLength) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A call from the provider's server to the town's server. Its answer and its failures are
 * ignored, as a provider does; the returned promise settles after at most five seconds, so the
 * payer's browser is never held longer.
 */
export function callServer(ctx: SandboxContext, url: string, init: RequestInit = {}): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SERVER_CALL_TIMEOUT_MS);
    timer.unref?.();
  });
  let call: Promise<void>;
  try {
    call = ctx
      .fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(SERVER_CALL_TIMEOUT_MS) })
      .then((response) => response.body?.cancel())
      .catch(() => {});
  } catch {
    call = Promise.resolve();
  }
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/** Payment sessions of one sandbox, kept in memory (a restart forgets them), by default for an hour. */
export class SessionStore<T extends { createdAt: Date }> {
  readonly #items = new Map<string, T>();
  constructor(
    private readonly now: () => Date,
    private readonly keepMs = 60 * 60_000,
  ) {}

  set(id: string, item: T) {
    const limit = this.now().getTime() - this.keepMs;
    for (const [key, value] of this.#items) if (value.createdAt.getTime() < limit) this.#items.delete(key);
    this.#items.set(id, item);
  }

  get(id: string | undefined): T | undefined {
    return id === undefined ? undefined : this.#items.get(id);
  }

  values() {
    return this.#items.values();
  }
}

/** Form fields in the order they were sent (form-urlencoded, or multipart as browsers may send). */
export async function formEntries(c: Context): Promise<[string, string][]> {
  const type = c.req.header('Content-Type') ?? '';
  try {
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.formData();
      return [...form.entries()].map(([name, value]) => [name, typeof value === 'string' ? value : '']);
    }
    return [...new URLSearchParams(await c.req.text()).entries()];
  } catch {
    return [];
  }
}
