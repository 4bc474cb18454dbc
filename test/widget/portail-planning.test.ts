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

/** The planning in a 390 px wide column, a phone's width. */
async function onPhone(): Promise<{ el: PortailPlanning; page: HTMLDivElement }> {
  signIn();
  const page = await fixture<HTMLDivElement>(html`<div style="width: 390px">
    <portail-planning api-base=${API_BASE} public-key=${api.key} date="2026-09-07"></portail-planning>
  </div>`);
  const el = page.querySelector('portail-planning')!;
  await waitUntil(() => shadow(el).querySelector('.day-list'), 'day list shown', { timeout: 4000 });
  return { el, page };
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

const hasWithdraw = (el: Element) => [...shadow(el).querySelectorAll('button')].some((b) => text(b) === 'Retirer l’absence');

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
    const rows = [...shadow(el).querySelectorAll('th[scope="row"]')].map((th) =>
      [...th.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim(),
    );
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

  it('locks a box whose deadline has passed and says since when, in words shown on focus', async () => {
    const el = await planning();
    const locked = checkbox(el, 'Accueil du matin – Léa – lundi 7 septembre 2026');
    expect(locked.getAttribute('aria-disabled')).to.equal('true');
    expect(description(el, locked)).to.equal('Réservations closes depuis le vendredi 4 septembre à 10:00.');
    // Every service's deadline is written next to its name, for everyone.
    const rule = locked.closest('tr')!.querySelector<HTMLElement>('.rule')!;
    expect(text(rule)).to.equal('délai : la veille à 10:00 (jours ouvrés)');
    expect(rule.checkVisibility()).to.equal(true);
    // A locked box keeps the focus, says why visibly, and a tap changes nothing.
    const note = shadow(el).getElementById(locked.getAttribute('aria-describedby')!)!;
    expect(note.checkVisibility()).to.equal(false);
    locked.focus();
    expect(note.checkVisibility()).to.equal(true);
    expect(note.getBoundingClientRect().height).to.be.greaterThan(0);
    locked.click();
    await el.updateComplete;
    expect(locked.checked).to.equal(false);
    expect(statusText(el)).not.to.contain('en attente');
    const booked = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(booked.checked).to.equal(true);
    expect(booked.getAttribute('aria-disabled')).to.equal('true');
    expect(description(el, booked)).to.equal(
      'inscrit | Annulations closes depuis le vendredi 4 septembre à 10:00 : vous pouvez encore déclarer une absence.',
    );
    // A day the service does not run has no box at all.
    const cells = [...shadow(el).querySelectorAll('tbody tr')].find((tr) => text(tr.querySelector('th')).startsWith('Cantine'))!
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

  it('keeps the count and "Valider" on screen while the page scrolls', async () => {
    const el = await planning('month');
    await waitUntil(() => captions(el).length === 5);
    const bar = $(el, '[part="pending-bar"]');
    expect(getComputedStyle(bar).position).not.to.equal('sticky');
    checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    // The month is taller than the screen; at its top, the bar still shows at the bottom.
    expect(el.getBoundingClientRect().height).to.be.greaterThan(innerHeight * 1.5);
    el.scrollIntoView({ block: 'start' });
    for (const shown of [bar, button(el, 'Valider mes modifications')]) {
      const box = shown.getBoundingClientRect();
      expect(box.top).to.be.at.least(0);
      expect(box.bottom).to.be.at.most(innerHeight + 1);
    }
    expect(text(bar)).to.contain('1 modification en attente');
    await expect(el).to.be.accessible();
  });

  it('asks before leaving the page or the week with changes not sent', async () => {
    const el = await planning();
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).to.equal(false);
    checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    expect(leave()).to.equal(true);

    const asked: string[] = [];
    const confirm = window.confirm;
    let answer = false;
    window.confirm = (question?: string) => (asked.push(question ?? ''), answer);
    try {
      button(el, 'Semaine suivante').click();
      button(el, 'Choisir un autre enfant').click();
      await waitUntil(() => shadow(el).querySelector('.child-list'));
      button(el, 'Hugo Martin École maternelle Les Tilleuls – Moyenne section').click();
      await el.updateComplete;
      // The parent said "stay": same child, same week, the change still waits.
      expect(asked).to.have.length(2);
      expect(asked[0]).to.equal('Vous avez 1 modification non validée. Si vous continuez, elle sera abandonnée. Continuer ?');
      expect(heading(el)).to.equal('Planning de Léa Martin');
      expect(captions(el).join()).to.contain('semaine du 7 au 13 septembre 2026');
      expect(checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026').checked).to.equal(true);
      expect(statusText(el)).to.contain('1 modification en attente');

      answer = true;
      button(el, 'Semaine suivante').click();
      await waitForText(() => captions(el).join(), 'semaine du 14 au 20 septembre 2026');
      expect(asked).to.have.length(3);
      expect(statusText(el)).not.to.contain('en attente');
      expect(leave()).to.equal(false);
      // Nothing waits any more: moving on asks nothing.
      button(el, 'Semaine précédente').click();
      await waitForText(() => captions(el).join(), 'semaine du 7 au 13 septembre 2026');
      expect(asked).to.have.length(3);
    } finally {
      window.confirm = confirm;
    }
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
    expect(notEnrolled.getAttribute('aria-disabled')).to.equal('true');
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
    expect(post.body).to.deep.equal({ childId: 'c1', serviceId: 'cantine', date: '2026-09-07', reasonId: 'familiale', comment: null, documentId: null });
    expect(post.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    expect(api.callsTo('POST', 'documents')).to.have.length(0);
    await loaded(el);
    const box = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(description(el, box)).to.contain('absence déclarée : Raison familiale');
    // The absence sign is an SVG icon, drawn on every system.
    const icon = box.closest('td')!.querySelector('.mark svg')!;
    expect(icon.getBoundingClientRect().width).to.be.greaterThan(8);
  });

  it('offers "Absence" only where cancelling is no longer possible, and says how they differ', async () => {
    api.planning.states.set('c1|cantine|2026-09-08', { state: 'booked' });
    const el = await planning();
    // Tuesday can still be cancelled: unticking is the way, no absence button.
    const tuesday = checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026');
    expect(tuesday.checked).to.equal(true);
    expect(tuesday.closest('td')!.querySelector('button.absence')).to.equal(null);
    // Monday is past the cancellation deadline: the absence is offered.
    const monday = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(text(monday.closest('td')!.querySelector('button.absence'))).to.equal('Absence');
    expect(text($(el, '[part="legend"]'))).to.contain(
      'Décocher une case annule la réservation : aucune place n’est gardée ni facturée. Une absence garde la place réservée',
    );
    button(el, 'Absence').click();
    await waitUntil(() => shadow(el).querySelector('#absence-reason'), 'dialog', { timeout: 4000 });
    expect(text($(el, 'dialog'))).to.contain('la place reste réservée');
    expect(text($(el, 'dialog'))).to.contain('facturé ou non selon le motif');
  });

  it('declares an absence with a comment and a certificate, then withdraws it', async () => {
    const el = await planning();
    button(el, 'Absence').click();
    await waitUntil(() => shadow(el).querySelector('#absence-reason'), 'dialog', { timeout: 4000 });
    const comment = $(el, '#absence-comment') as HTMLTextAreaElement;
    comment.value = 'Fièvre depuis dimanche.';
    const file = $(el, '#absence-document') as HTMLInputElement;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['%PDF-1.4 certificat'], 'certificat.pdf', { type: 'application/pdf' }));
    file.files = transfer.files;
    await expect(el).to.be.accessible();
    button(el, 'Confirmer l’absence').click();
    await waitUntil(() => recapItems(el).length === 1, 'recap', { timeout: 4000 });
    const [upload] = api.callsTo('POST', 'documents');
    expect(upload.body).to.deep.include({ type: 'certificat_medical', childId: 'c1', title: 'Justificatif d’absence – Cantine – Léa – lundi 7 septembre 2026' });
    const [post] = api.callsTo('POST', 'planning/absences');
    expect(post.body).to.deep.include({ reasonId: 'medicale', comment: 'Fièvre depuis dimanche.' });
    expect((post.body as { documentId: string }).documentId).to.match(/^d\d+$/);

    await waitUntil(() => hasWithdraw(el), 'withdraw button', { timeout: 4000 });
    const box = checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026');
    expect(description(el, box)).to.contain('absence déclarée : Raison médicale, justificatif joint');
    button(el, 'Retirer l’absence').click();
    await waitUntil(() => recapItems(el)[0]?.startsWith('absence retirée'), 'withdrawn', { timeout: 4000 });
    expect(recapItems(el)).to.deep.equal(['absence retirée, lundi 7 septembre 2026, Cantine – Léa']);
    const [withdrawal] = api.callsTo('POST', 'planning/absences/withdrawal');
    expect(withdrawal.body).to.deep.equal({ childId: 'c1', serviceId: 'cantine', date: '2026-09-07' });
    expect(withdrawal.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    await waitUntil(() => !hasWithdraw(el) && shadow(el).querySelector('table'), 'reloaded', { timeout: 4000 });
    expect(description(el, checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026'))).to.contain('inscrit');
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

  it('on a phone, lists the days with large boxes and their deadlines in words, never wider than the screen', async () => {
    const { el, page } = await onPhone();
    expect(shadow(el).querySelector('table')).to.equal(null);
    const days = [...shadow(el).querySelectorAll('.day h3')].map((h) => text(h));
    expect(days).to.deep.equal([
      'lundi 7 septembre 2026',
      'mardi 8 septembre 2026',
      'mercredi 9 septembre 2026',
      'jeudi 10 septembre 2026',
      'vendredi 11 septembre 2026',
    ]);
    expect(page.scrollWidth).to.be.at.most(390);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);

    const box = checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026');
    const row = box.closest('li')!;
    // The whole row is the target: at least 44 px high, the box itself at least 24 px.
    expect(row.querySelector('label')!.getBoundingClientRect().height).to.be.at.least(44);
    expect(box.getBoundingClientRect().width).to.be.at.least(24);
    expect(text(row)).to.equal('Cantine modifiable jusqu’au lundi 7 septembre à 10:00');
    expect(row.querySelector('.note')!.checkVisibility()).to.equal(true);
    const locked = checkbox(el, 'Accueil du matin – Léa – lundi 7 septembre 2026').closest('li')!;
    expect(text(locked.querySelector('.note'))).to.equal('Réservations closes depuis le vendredi 4 septembre à 10:00.');
    expect(text(checkbox(el, 'Accueil du soir – Léa – jeudi 10 septembre 2026').closest('li'))).to.contain('liste d’attente, position 2');

    // Tapping the service's name ticks its box.
    (row.querySelector('.service-name') as HTMLElement).click();
    await waitForText(() => statusText(el), '1 modification en attente');
    expect(box.checked).to.equal(true);
    expect(row.getAttribute('part')).to.equal('cell cell-pending');
    await expect(el).to.be.accessible();
  });

  it('on a phone, shows the month one week at a time with a week switch', async () => {
    const { el, page } = await onPhone();
    button(el, 'Mois').click();
    await waitUntil(() => shadow(el).querySelector('.week-choice'), 'week switch', { timeout: 4000 });
    const weeks = [...shadow(el).querySelectorAll<HTMLButtonElement>('.week-choice button')];
    expect(weeks.map((b) => text(b.querySelector('[aria-hidden]')))).to.deep.equal(['1–4', '7–11', '14–18', '21–25', '28–30']);
    // The week of today (Friday 4 September) first.
    expect(weeks[0].getAttribute('aria-pressed')).to.equal('true');
    expect(text(weeks[0])).to.contain('Semaine 36, du 1er au 6 septembre 2026');
    expect(shadow(el).querySelectorAll('.day')).to.have.length(4);
    expect(page.scrollWidth).to.be.at.most(390);
    weeks[2].click();
    await waitUntil(() => weeks[2].getAttribute('aria-pressed') === 'true');
    const days = [...shadow(el).querySelectorAll('.day h3')].map((h) => text(h));
    expect(days[0]).to.equal('lundi 14 septembre 2026');
    expect($(el, '.day-list').getAttribute('aria-label')).to.equal('Planning de Léa – semaine 38, du 14 au 20 septembre 2026');
    // A whole month is still ticked at once.
    button(el, 'Cocher le mois – Cantine').click();
    await waitForText(() => statusText(el), '13 modifications en attente');
    expect(page.scrollWidth).to.be.at.most(390);
    await expect(el).to.be.accessible();
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
