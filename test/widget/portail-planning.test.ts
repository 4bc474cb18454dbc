import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { defineOnce } from '../../widget/src/base/define-once.js';
import { PortailPlanning } from '../../widget/src/components/planning/portail-planning.js';
import type { PortailBookingChangedEvent } from '../../widget/src/events/booking-changed.js';
import { API_BASE, MockApi } from './helpers/mock-api.js';
import { $, alertText, button, heading, shadow, statusText, text, waitForText } from './helpers/dom.js';

defineOnce('portail-planning', PortailPlanning);

let api: MockApi;

beforeEach(() => {
  api = new MockApi().install();
});

afterEach(() => {
  api.uninstall();
  sessionStorage.clear();
});

function signIn(): void {
  const session = api.issueSession();
  sessionStorage.setItem(
    `portail-famille:session:${api.key}`,
    JSON.stringify({
      token: session.token,
      family: session.family,
      idleExpiresAt: Date.parse(session.idleExpiresAt),
      expiresAt: Date.parse(session.expiresAt),
    }),
  );
}

/** The planning of the week of 7 September 2026, the mock server's "today" being Friday 4 at noon. */
async function planning(view: 'week' | 'month' = 'week'): Promise<PortailPlanning> {
  signIn();
  const el = await fixture<PortailPlanning>(
    html`<portail-planning api-base=${API_BASE} public-key=${api.key} date="2026-09-07" view=${view}></portail-planning>`,
  );
  await loaded(el);
  return el;
}

async function loaded(el: PortailPlanning): Promise<void> {
  await waitUntil(() => shadow(el).querySelector('table') && !statusText(el).includes('Chargement'), 'planning shown', {
    timeout: 4000,
  });
}

function captions(el: Element): string[] {
  return [...shadow(el).querySelectorAll('caption')].map((c) => text(c));
}

function checkbox(el: Element, name: string): HTMLInputElement {
  const found = [...shadow(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find(
    (i) => i.getAttribute('aria-label') === name,
  );
  if (!found) throw new Error(`no checkbox "${name}"`);
  return found;
}

function description(el: Element, control: Element): string {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => text(shadow(el).getElementById(id)))
    .join(' | ');
}

function regionName(el: Element): string {
  return shadow(el).querySelector('[role="region"]')?.getAttribute('aria-label') ?? '';
}

function focused(el: Element): Element | null {
  return shadow(el).activeElement;
}

/** Presses Tab until `match` holds for the focused element, as a keyboard user would. */
async function tabTo(el: Element, match: (focused: Element) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await sendKeys({ press: 'Tab' });
    const current = focused(el);
    if (current && match(current)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const named = (name: string) => (f: Element) => f.getAttribute('aria-label') === name || text(f) === name;

function recapItems(el: Element): string[] {
  return [...shadow(el).querySelectorAll('[part="recap"] .done li')].map((li) => text(li));
}

describe('<portail-planning>', () => {
  it('invites a signed-out parent to sign in', async () => {
    const el = await fixture<PortailPlanning>(
      html`<portail-planning api-base=${API_BASE} public-key=${api.key} login-href="/connexion"></portail-planning>`,
    );
    expect(text(shadow(el))).to.contain('Connectez-vous pour consulter et modifier le planning de vos enfants.');
    expect($(el, 'a').getAttribute('href')).to.equal('/connexion');
    expect(api.calls.filter((c) => c.path.startsWith('planning'))).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('renders the week as a table with caption, day columns and service rows grouped', async () => {
    const el = await planning();
    expect(heading(el)).to.equal('Planning de Léa Martin');
    expect(text($(el, '.child-school'))).to.equal('École Jules-Ferry – CE1');
    expect(captions(el)).to.deep.equal(['Planning de Léa – semaine du 7 au 13 septembre 2026']);
    const columns = [...shadow(el).querySelectorAll('thead th[scope="col"]')].map((th) => text(th));
    // Week-end days run no service and are left out.
    expect(columns).to.deep.equal(['lun. 7', 'mar. 8', 'mer. 9', 'jeu. 10', 'ven. 11']);
    const rows = [...shadow(el).querySelectorAll('th[scope="row"]')].map((th) => text(th));
    expect(rows).to.deep.equal(['Cantine', 'Accueil du matin', 'Accueil du soir', 'Mercredi loisirs']);
    const groups = [...shadow(el).querySelectorAll('th[scope="rowgroup"]')].map((th) => text(th));
    expect(groups).to.deep.equal(['Restauration scolaire', 'Accueil périscolaire', 'Mercredis']);
    const call = api.callsTo('GET', 'planning')[0];
    expect(call.query).to.deep.equal({ childId: 'c1', from: '2026-09-07', to: '2026-09-13' });
    const region = $(el, '[role="region"]');
    expect(region.getAttribute('tabindex')).to.equal('0');
    expect(region.getAttribute('aria-label')).to.equal('Planning de Léa – semaine du 7 au 13 septembre 2026');
    await expect(el).to.be.accessible();
  });

  it('names each box after service, child and full date, and says until when it can change', async () => {
    const el = await planning();
    const box = checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026');
    expect(box.disabled).to.equal(false);
    expect(box.checked).to.equal(false);
    expect(description(el, box)).to.equal('modifiable jusqu’au lundi 7 septembre à 10:00');
    // The states have their own words, not only a colour or a symbol.
    const waitlisted = checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026');
    expect(waitlisted.checked).to.equal(true);
    expect(description(el, waitlisted)).to.equal('liste d’attente, position 2 | modifiable jusqu’au mercredi 9 septembre à 10:00');
    const requested = checkbox(el, 'Mercredi loisirs – Léa – mercredi 9 septembre 2026');
    expect(description(el, requested)).to.contain('demande en attente de validation');
    expect(text(requested.closest('td'))).to.contain('◷');
    expect(text($(el, '[part="legend"]'))).to.contain('◷ demande en attente de validation');
  });

  it('disables a box whose deadline has passed and says since when', async () => {
    const el = await planning();
    const locked = checkbox(el, 'Accueil du matin – Léa – lundi 7 septembre 2026');
    expect(locked.disabled).to.equal(true);
    expect(description(el, locked)).to.equal('Réservations closes depuis le vendredi 4 septembre à 10:00.');
    const booked = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(booked.checked).to.equal(true);
    expect(booked.disabled).to.equal(true);
    expect(description(el, booked)).to.equal(
      'inscrit | Annulations closes depuis le vendredi 4 septembre à 10:00 : vous pouvez encore déclarer une absence.',
    );
    // A day the service does not run has no box at all.
    const cells = [...shadow(el).querySelectorAll('tbody tr')].find((tr) => text(tr.querySelector('th')) === 'Cantine')!
      .querySelectorAll('td');
    expect(cells[2].querySelector('input')).to.equal(null);
    expect(text(cells[2])).to.equal('⊘ Le service n’a pas lieu ce jour-là');
  });

  it('shows a closed day with its reason and no boxes', async () => {
    api.planning.closedDays['2026-09-11'] = 'Fermeture : journée pédagogique';
    const el = await planning();
    const columns = [...shadow(el).querySelectorAll('thead th[scope="col"]')].map((th) => text(th));
    expect(columns[4]).to.equal('ven. 11 fermé');
    const friday = [...shadow(el).querySelectorAll('tbody tr:not(.group)')].map((tr) => tr.querySelectorAll('td')[4]);
    expect(friday.every((td) => !td.querySelector('input'))).to.equal(true);
    expect(text(friday[0])).to.equal('⊘ Fermeture : journée pédagogique');
    expect(text($(el, '.closures'))).to.equal('Jours fermés ⊘ vendredi 11 septembre 2026 : Fermeture : journée pédagogique');
    await expect(el).to.be.accessible();
  });

  it('books a week with the keyboard only, then lists what was saved', async () => {
    const el = await planning();
    const events: PortailBookingChangedEvent[] = [];
    document.body.addEventListener('portail-booking-changed', (e) => events.push(e), { once: true });

    for (const day of ['mardi 8', 'jeudi 10', 'vendredi 11']) {
      const name = `Cantine – Léa – ${day} septembre 2026`;
      await tabTo(el, named(name), name);
      await sendKeys({ press: 'Space' });
    }
    expect(checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026').checked).to.equal(true);
    await waitForText(() => statusText(el), '3 modifications en attente');
    expect(shadow(el).querySelectorAll('[part~="cell-pending"]')).to.have.length(3);
    await expect(el).to.be.accessible();

    await tabTo(el, named('Valider mes modifications'), 'the submit button');
    expect(focused(el)!.getAttribute('part')).to.equal('submit');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => recapItems(el).length === 3, 'recap shown', { timeout: 4000 });
    expect(text($(el, '#recap-heading'))).to.equal('Modifications enregistrées');
    expect(focused(el)).to.equal($(el, '#recap-heading'));
    expect(recapItems(el)).to.deep.equal([
      'inscription, mardi 8 septembre 2026, Cantine – Léa',
      'inscription, jeudi 10 septembre 2026, Cantine – Léa',
      'inscription, vendredi 11 septembre 2026, Cantine – Léa',
    ]);
    const post = api.callsTo('POST', 'planning/changes');
    expect(post).to.have.length(1);
    expect(post[0].body).to.deep.equal({
      changes: [
        { childId: 'c1', serviceId: 'cantine', date: '2026-09-08', action: 'book' },
        { childId: 'c1', serviceId: 'cantine', date: '2026-09-10', action: 'book' },
        { childId: 'c1', serviceId: 'cantine', date: '2026-09-11', action: 'book' },
      ],
    });
    expect(events).to.have.length(1);
    expect(events[0].detail.map((r) => r.status)).to.deep.equal(['booked', 'booked', 'booked']);

    // The grid is reloaded from the server: the boxes stay ticked, nothing is pending any more.
    await waitUntil(() => api.callsTo('GET', 'planning').length === 2 && shadow(el).querySelector('table'));
    await loaded(el);
    expect(checkbox(el, 'Cantine – Léa – vendredi 11 septembre 2026').checked).to.equal(true);
    expect(description(el, checkbox(el, 'Cantine – Léa – vendredi 11 septembre 2026'))).to.contain('inscrit');
    expect(shadow(el).querySelectorAll('[part~="cell-pending"]')).to.have.length(0);
    expect(statusText(el)).not.to.contain('en attente');
  });

  it('cancels a booking by unticking it, and "Annuler les modifications" forgets pending changes', async () => {
    const el = await planning();
    checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    expect(description(el, checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026'))).to.contain(
      'modification en attente : annulation',
    );
    button(el, 'Annuler les modifications').click();
    await waitUntil(() => !statusText(el).includes('en attente'));
    expect(checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026').checked).to.equal(true);

    checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    button(el, 'Valider mes modifications').click();
    await waitUntil(() => recapItems(el).length === 1);
    expect(recapItems(el)).to.deep.equal(['annulation, jeudi 10 septembre 2026, Accueil du soir – Léa']);
  });

  it('lists a refused change with its reason in an alert', async () => {
    const el = await planning();
    checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').click();
    checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026').click();
    // Meanwhile the day became full at the town hall.
    api.planning.locks['c1|cantine|2026-09-10'] = 'Plus de place disponible ce jour-là.';
    await waitForText(() => statusText(el), '2 modifications en attente');
    button(el, 'Valider mes modifications').click();
    await waitUntil(() => shadow(el).querySelector('.refused'), 'refusal shown', { timeout: 4000 });
    expect(recapItems(el)).to.deep.equal(['inscription, mardi 8 septembre 2026, Cantine – Léa']);
    const refused = $(el, '.refused');
    expect(refused.getAttribute('role')).to.equal('alert');
    expect(text(refused)).to.equal(
      '1 modification refusée inscription refusée, jeudi 10 septembre 2026, Cantine – Léa : Plus de place disponible ce jour-là.',
    );
    await loaded(el);
    expect(checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026').checked).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('sends an Idempotency-Key, reuses it after a network failure and takes a new one after a success', async () => {
    const el = await planning();
    api.planning.dropAnswers.add('POST planning/changes');
    checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    button(el, 'Valider mes modifications').click();
    await waitForText(() => alertText(el), 'momentanément injoignable');
    expect(statusText(el)).to.contain('1 modification en attente');

    button(el, 'Valider mes modifications').click();
    await waitUntil(() => recapItems(el).length === 1, 'recap after retry', { timeout: 4000 });
    const [first, retry] = api.callsTo('POST', 'planning/changes');
    expect(first.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    expect(retry.idempotencyKey).to.equal(first.idempotencyKey);
    // The server applied it once: the retry got the first answer back.
    expect(api.planning.history.filter((h) => h.date === '2026-09-08')).to.have.length(1);
    expect(alertText(el)).not.to.contain('injoignable');

    await loaded(el);
    checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    button(el, 'Valider mes modifications').click();
    await waitUntil(() => api.callsTo('POST', 'planning/changes').length === 3);
    expect(api.callsTo('POST', 'planning/changes')[2].idempotencyKey).not.to.equal(first.idempotencyKey);
  });

  it('shows the month as one table per week and ticks a whole month for a service', async () => {
    const el = await planning();
    button(el, 'Mois').click();
    await loaded(el);
    await waitUntil(() => captions(el).length === 5);
    expect(button(el, 'Mois').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, 'Semaine').getAttribute('aria-pressed')).to.equal('false');
    expect(api.callsTo('GET', 'planning').at(-1)!.query).to.deep.equal({ childId: 'c1', from: '2026-09-01', to: '2026-09-30' });
    expect(captions(el)).to.deep.equal([
      'Planning de Léa – semaine 36, du 1er au 6 septembre 2026',
      'Planning de Léa – semaine 37, du 7 au 13 septembre 2026',
      'Planning de Léa – semaine 38, du 14 au 20 septembre 2026',
      'Planning de Léa – semaine 39, du 21 au 27 septembre 2026',
      'Planning de Léa – semaine 40, du 28 au 30 septembre 2026',
    ]);
    await expect(el).to.be.accessible();

    button(el, 'Cocher le mois – Cantine').click();
    // 17 Cantine days in September; 1, 3, 4 and 7 are past their deadline (7 is already booked).
    await waitForText(() => statusText(el), '13 modifications en attente');
    expect(checkbox(el, 'Cantine – Léa – mardi 29 septembre 2026').checked).to.equal(true);
    expect(checkbox(el, 'Cantine – Léa – jeudi 3 septembre 2026').checked).to.equal(false);
    await expect(el).to.be.accessible();

    button(el, 'Décocher le mois – Cantine').click();
    await waitUntil(() => !statusText(el).includes('en attente'));
    expect(checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026').checked).to.equal(true);
  });

  it('moves to the next and previous periods and comes back to the current one', async () => {
    const el = await planning();
    button(el, 'Semaine suivante').click();
    await waitForText(() => captions(el).join(), 'semaine du 14 au 20 septembre 2026');
    button(el, 'Semaine suivante').click();
    await waitForText(() => captions(el).join(), 'semaine du 21 au 27 septembre 2026');
    button(el, 'Semaine précédente').click();
    await waitForText(() => captions(el).join(), 'semaine du 14 au 20 septembre 2026');
    // The server's today is Friday 4 September.
    button(el, 'Revenir à la semaine en cours').click();
    await waitForText(() => captions(el).join(), 'semaine du 31 août au 6 septembre 2026');

    button(el, 'Mois').click();
    await waitForText(() => regionName(el), 'septembre 2026');
    button(el, 'Mois suivant').click();
    await waitForText(() => regionName(el), 'Planning de Léa – octobre 2026');
    expect(api.callsTo('GET', 'planning').at(-1)!.query).to.deep.include({ from: '2026-10-01', to: '2026-10-31' });
    button(el, 'Revenir au mois en cours').click();
    await waitForText(() => regionName(el), 'Planning de Léa – septembre 2026');
  });

  it('lets the parent choose another child', async () => {
    const el = await planning();
    const toggle = button(el, 'Choisir un autre enfant');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await waitUntil(() => shadow(el).querySelector('.child-list'));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const choices = [...shadow(el).querySelectorAll('.child-list button')].map((b) => text(b));
    expect(choices).to.deep.equal([
      'Léa Martin École Jules-Ferry – CE1',
      'Hugo Martin École maternelle Les Tilleuls – Moyenne section',
    ]);
    button(el, 'Hugo Martin École maternelle Les Tilleuls – Moyenne section').click();
    await waitForText(() => captions(el).join(), 'Planning de Hugo – semaine du 7 au 13 septembre 2026');
    expect(heading(el)).to.equal('Planning de Hugo Martin');
    expect(focused(el)).to.equal($(el, 'h2'));
    expect(text($(el, '.child-school'))).to.equal('École maternelle Les Tilleuls – Moyenne section');
    expect(api.callsTo('GET', 'planning').at(-1)!.query!.childId).to.equal('c2');
    const notEnrolled = checkbox(el, 'Accueil du matin – Hugo – mardi 8 septembre 2026');
    expect(notEnrolled.disabled).to.equal(true);
    expect(description(el, notEnrolled)).to.equal('Pas d’inscription à ce service');
  });

  it('declares an absence through a dialog; Escape closes it and gives focus back', async () => {
    const el = await planning();
    const name = 'Déclarer une absence – Cantine – Léa – lundi 7 septembre 2026';
    await tabTo(el, named(name), 'the absence button');
    await sendKeys({ press: 'Enter' });
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitUntil(() => dialog.open && shadow(el).querySelector('#absence-reason'), 'dialog with reasons');
    expect(text(dialog)).to.contain('Cantine – Léa – lundi 7 septembre 2026');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open);
    await waitUntil(() => focused(el)?.getAttribute('aria-label') === name, 'focus back on the button');

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.open && shadow(el).querySelector('#absence-reason'));
    const select = $(el, '#absence-reason') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).to.deep.equal(['Raison médicale', 'Raison familiale', 'Autre motif']);
    select.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(select.value).to.equal('familiale');
    await tabTo(el, named('Confirmer l’absence'), 'the confirm button');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => recapItems(el).length === 1, 'recap', { timeout: 4000 });
    expect(dialog.open).to.equal(false);
    expect(recapItems(el)).to.deep.equal(['absence, lundi 7 septembre 2026, Cantine – Léa']);
    expect(focused(el)).to.equal($(el, '#recap-heading'));
    const [post] = api.callsTo('POST', 'planning/absences');
    expect(post.body).to.deep.equal({ childId: 'c1', serviceId: 'cantine', date: '2026-09-07', reasonId: 'familiale' });
    expect(post.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    await loaded(el);
    const box = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(description(el, box)).to.contain('absence déclarée : Raison familiale');
    expect(text(box.closest('td'))).to.contain('Ⓐ');
  });

  it('shows the latest changes grouped by service, written in full', async () => {
    const el = await planning();
    const toggle = button(el, 'Voir mes dernières modifications');
    toggle.click();
    await waitUntil(() => shadow(el).querySelector('[part="history"] li'), 'history shown', { timeout: 4000 });
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(api.callsTo('GET', 'planning/history')[0].query).to.deep.equal({ childId: 'c1' });
    const groups = [...shadow(el).querySelectorAll('[part="history"] h4')].map((h) => text(h));
    expect(groups).to.deep.equal(['Petites vacances – matin', 'Petites vacances – après-midi']);
    const items = [...shadow(el).querySelectorAll('[part="history"] li')].map((li) => text(li));
    expect(items).to.deep.equal([
      'jeudi 24 décembre 2026 : annulation, par internet (Famille Martin) le mardi 22 décembre à 15:52',
      'mercredi 23 décembre 2026 : inscription, par internet (Famille Martin) le mardi 22 décembre à 15:31',
      'mercredi 23 décembre 2026 : inscription, à la mairie (Mairie) le mardi 22 décembre à 15:43',
    ]);
    await expect(el).to.be.accessible();
    toggle.click();
    await waitUntil(() => !shadow(el).querySelector('[part="history"]'));
  });

  it('fits a 320 px wide screen: the table scrolls inside its own region', async () => {
    signIn();
    const page = await fixture<HTMLDivElement>(html`<div style="width: 320px">
      <portail-planning api-base=${API_BASE} public-key=${api.key} date="2026-09-07"></portail-planning>
    </div>`);
    const el = page.querySelector('portail-planning')!;
    await loaded(el);
    checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(page.scrollWidth).to.be.at.most(320);
    const region = $(el, '[role="region"]');
    expect(region.clientWidth).to.be.at.most(320);
    // The table is wider than the screen: it is the region that scrolls.
    expect(region.scrollWidth).to.be.greaterThan(region.clientWidth);

    button(el, 'Mois').click();
    await waitUntil(() => captions(el).length === 5);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    expect(page.scrollWidth).to.be.at.most(320);
  });

  it('announces the loading and shows the server message when the planning cannot be loaded', async () => {
    signIn();
    const el = await fixture<PortailPlanning>(
      html`<portail-planning api-base=${API_BASE} public-key=${api.key} date="2026-09-07"></portail-planning>`,
    );
    expect(statusText(el)).to.contain('Chargement du planning…');
    await loaded(el);
    api.home.children[0].id = 'inconnu';
    el.date = '2026-09-14';
    await waitForText(() => alertText(el), 'Enfant introuvable.');
  });

  it('falls back to the invitation when the server says the session has ended', async () => {
    signIn();
    api.expireSessions = true;
    const el = await fixture<PortailPlanning>(
      html`<portail-planning api-base=${API_BASE} public-key=${api.key}></portail-planning>`,
    );
    await waitForText(() => text(shadow(el)), 'Connectez-vous pour consulter');
    expect(sessionStorage.getItem(`portail-famille:session:${api.key}`)).to.equal(null);
  });

  // Last: the runtime locale is page-wide.
  it('speaks English when the page is in English', async () => {
    signIn();
    const el = await fixture<PortailPlanning>(
      html`<portail-planning lang="en" api-base=${API_BASE} public-key=${api.key} date="2026-09-07"></portail-planning>`,
    );
    await waitUntil(() => heading(el) === 'Planning of Léa Martin', `got "${heading(el)}"`, { timeout: 4000 });
    await loaded(el);
    expect(captions(el)).to.deep.equal(['Planning of Léa – week from 7 to 13 September 2026']);
    const box = checkbox(el, 'Cantine – Léa – Tuesday, 8 September 2026');
    expect(description(el, box)).to.equal('can be changed until Monday 7 September at 10:00');
    box.click();
    await waitForText(() => statusText(el), '1 pending change');
    expect(text(shadow(el))).not.to.contain('Valider');
  });
});
