import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, beforeEach, describe, it } from './helpers/mocha.js';
import { $, alertText, button, shadow, statusText, text, waitForText } from './helpers/dom.js';
import { readSent } from './helpers/staff-request.js';
import '../../widget/src/admin/index.js';
import type { PortailAdminChildPlanning } from '../../widget/src/admin/planning/portail-admin-child-planning.js';
import type { StaffPlanning, StaffPlanningCell } from '../../widget/src/admin/api/children.js';

/** The staff API of the planning for Léa Martin, week of Monday 7 September 2026, behind a replaced window.fetch. */
class MockBehalfApi {
  calls: { method: string; path: string; search: string; body: any; idempotencyKey: string | null }[] = [];
  /** Booking states by `serviceId|date`. */
  states = new Map<string, StaffPlanningCell['state']>([['cantine|2026-09-08', 'booked']]);
  /** Cells the server refuses, with its reason. */
  full = new Map<string, string>();
  /** Requests that never get an answer (a network failure). */
  drop = new Set<string>();
  /** Idempotency keys already answered, with their answer. */
  answered = new Map<string, unknown>();
  private original = window.fetch;

  install() {
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const { url, method, path, body, headers } = await readSent(input, init);
      const idempotencyKey = headers['Idempotency-Key'] ?? null;
      this.calls.push({ method, path, search: url.search, body, idempotencyKey });
      if (this.drop.delete(`${method} ${path}`)) throw new TypeError('Failed to fetch');
      if (idempotencyKey && this.answered.has(idempotencyKey)) return this.json(200, this.answered.get(idempotencyKey));
      const response = this.answer(method, path, url.searchParams, body);
      if (idempotencyKey) this.answered.set(idempotencyKey, await response.clone().json());
      return response;
    };
    return this;
  }

  uninstall() {
    window.fetch = this.original;
  }

  callsTo(method: string, path: string) {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  private json(status: number, body: unknown) {
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  }

  private answer(method: string, path: string, query: URLSearchParams, body: any): Response {
    switch (`${method} ${path}`) {
      case 'GET /children':
        return this.json(200, [{ id: 'c1', firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', familyNumber: 'F1', school: 'École Jules Ferry', className: 'CE1' }]);
      case 'GET /children/c1/enrollments':
        return this.json(200, {
          child: { id: 'c1', firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', school: 'École Jules Ferry', className: 'CE1', diet: 'standard' },
          enrollments: [{ id: 'e1', serviceId: 'cantine', serviceLabel: 'Cantine', startDate: '2026-09-01', endDate: null }],
        });
      case 'GET /services':
        return this.json(200, []);
      case 'GET /children/c1/planning':
        return this.json(200, this.planning(query.get('from')!, query.get('to')!));
      case 'GET /absence-reasons':
        return this.json(200, [
          { id: 'maladie', label: 'Maladie', billed: false, position: 0, active: true },
          { id: 'ancien', label: 'Ancien motif', billed: false, position: 1, active: false },
          { id: 'famille', label: 'Raison familiale', billed: true, position: 2, active: true },
        ]);
      case 'POST /bookings/changes': {
        const results = body.changes.map((c: any) => {
          const key = `${c.serviceId}|${c.date}`;
          const reason = this.full.get(key) ?? null;
          if (!reason) this.states.set(key, c.action === 'book' ? 'booked' : 'cancelled');
          return { ...c, status: reason ? 'refused' : c.action === 'book' ? 'booked' : 'cancelled', reason, serviceLabel: 'Cantine' };
        });
        const refused = results.filter((r: any) => r.status === 'refused').length;
        return this.json(200, { results, applied: results.length - refused, refused });
      }
      case 'POST /bookings/absences':
        this.states.set(`${body.serviceId}|${body.date}`, 'absent');
        return this.json(200, {
          results: [{ childId: body.childId, serviceId: body.serviceId, date: body.date, action: 'absence', status: 'absent', reason: 'Maladie', serviceLabel: 'Cantine' }],
          applied: 1,
          refused: 0,
        });
      default:
        return this.json(404, { code: 'introuvable', message: 'Cet élément n’existe pas.' });
    }
  }

  /** Cantine Monday, Tuesday, Thursday and Friday: the parents' deadline is the day before at 10:00, "now" being Wednesday 9 at 18:00. */
  private planning(from: string, to: string): StaffPlanning {
    const days: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const cells = days.map((date): StaffPlanningCell => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const open = [1, 2, 4, 5].includes(weekday);
      const state = this.states.get(`cantine|${date}`) ?? 'none';
      const held = ['booked', 'requested', 'waitlisted', 'absent'].includes(state);
      const previous = new Date(`${date}T00:00:00Z`);
      previous.setUTCDate(previous.getUTCDate() - 1);
      const until = `${previous.toISOString().slice(0, 10)}T08:00:00.000Z`;
      return {
        serviceId: 'cantine',
        date,
        state,
        bookingId: state === 'none' ? null : `b-${date}`,
        channel: state === 'none' ? null : date === '2026-09-08' ? 'internet' : 'mairie',
        open,
        enrolled: true,
        closedReason: open ? null : 'Le service n’a pas lieu ce jour-là.',
        waitlistPosition: null,
        absenceReason: state === 'absent' ? 'Maladie' : null,
        canBook: open && !held,
        canCancel: state === 'booked',
        canDeclareAbsence: state === 'booked',
        canWithdrawAbsence: state === 'absent',
        absenceComment: null,
        absenceDocumentId: null,
        bookUntil: until,
        cancelUntil: until,
        lockedReason: open || held ? null : 'Le service n’a pas lieu ce jour-là.',
        familyCanChange: date >= '2026-09-11',
      };
    });
    return {
      child: { id: 'c1', firstName: 'Léa', lastName: 'Martin', familyName: 'Famille Martin', school: 'École Jules Ferry', className: 'CE1', diet: 'standard' },
      from,
      to,
      today: '2026-09-09',
      days: days.map((date) => ({ date, closed: null })),
      services: [{ id: 'cantine', label: 'Cantine', group: 'Périscolaire', needsApproval: false, bookingRule: 'la veille à 10:00', cancellationRule: 'la veille à 10:00' }],
      cells,
    };
  }
}

let api: MockBehalfApi;

beforeEach(() => {
  api = new MockBehalfApi().install();
});

afterEach(() => {
  api.uninstall();
});

async function childPlanning(): Promise<PortailAdminChildPlanning> {
  const el = await fixture<PortailAdminChildPlanning>(html`<portail-admin-child-planning child-id="c1" date="2026-09-09"></portail-admin-child-planning>`);
  await loaded(el);
  return el;
}

async function loaded(el: Element): Promise<void> {
  await waitUntil(() => shadow(el).querySelector('table') && !statusText(el).includes('Chargement'), 'planning shown', { timeout: 4000 });
}

function checkbox(el: Element, name: string): HTMLInputElement {
  const found = [...shadow(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((i) => i.getAttribute('aria-label') === name);
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

const focused = (el: Element) => shadow(el).activeElement;
const named = (name: string) => (f: Element) => f.getAttribute('aria-label') === name || text(f) === name;

async function tabTo(el: Element, match: (focused: Element) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await sendKeys({ press: 'Tab' });
    const current = focused(el);
    if (current && match(current)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const recapItems = (el: Element) => [...shadow(el).querySelectorAll('[part="recap"] .done li')].map((li) => text(li));

describe('<portail-admin-child-planning>', () => {
  it('shows the parents’ grid, says it acts on behalf of the family, and that the parents’ deadline is past', async () => {
    const el = await childPlanning();
    expect(text($(el, 'h3'))).to.equal('Planning de Léa Martin');
    expect(text($(el, '.behalf'))).to.contain('au nom de la famille (Famille Martin)');
    expect(text($(el, 'caption'))).to.equal('Planning de Léa – semaine du 7 au 13 septembre 2026');
    expect(api.callsTo('GET', '/children/c1/planning')[0].search).to.equal('?from=2026-09-07&to=2026-09-13');
    // Thursday 10 is past the parents' deadline, yet the box is open to staff, and says so.
    const thursday = checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026');
    expect(thursday.disabled).to.equal(false);
    expect(description(el, thursday)).to.match(/délai des familles dépassé \(mercredi 9 septembre à 10:00\) : modifiable par la mairie/);
    expect(description(el, checkbox(el, 'Cantine – Léa – vendredi 11 septembre 2026'))).to.equal('');
    expect(description(el, checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026'))).to.contain('inscrit');
    await expect(el).to.be.accessible();
  });

  it('books with the keyboard only, past the parents’ deadline, and lists what was saved and what was refused', async () => {
    const el = await childPlanning();
    api.full.set('cantine|2026-09-11', 'Plus de place disponible ce jour-là.');
    for (const day of ['jeudi 10', 'vendredi 11']) {
      const name = `Cantine – Léa – ${day} septembre 2026`;
      await tabTo(el, named(name), name);
      await sendKeys({ press: 'Space' });
    }
    await waitForText(() => statusText(el), '2 modifications en attente');
    expect(shadow(el).querySelectorAll('[part~="cell-pending"]')).to.have.length(2);
    expect(description(el, checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026'))).to.contain('modification en attente : inscription');
    await expect(el).to.be.accessible();

    await tabTo(el, named('Valider les modifications'), 'the submit button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shadow(el).querySelector('.refused'), 'recap shown', { timeout: 4000 });
    expect(focused(el)).to.equal($(el, '#recap-heading'));
    expect(text($(el, '#recap-heading'))).to.equal('Modifications enregistrées');
    expect(recapItems(el)).to.deep.equal(['inscription, jeudi 10 septembre 2026, Cantine – Léa']);
    const refused = $(el, '.refused');
    expect(refused.getAttribute('role')).to.equal('alert');
    expect(text(refused)).to.equal('1 modification refusée inscription refusée, vendredi 11 septembre 2026, Cantine – Léa : Plus de place disponible ce jour-là.');

    const [post] = api.callsTo('POST', '/bookings/changes');
    expect(post.body).to.deep.equal({
      changes: [
        { childId: 'c1', serviceId: 'cantine', date: '2026-09-10', action: 'book' },
        { childId: 'c1', serviceId: 'cantine', date: '2026-09-11', action: 'book' },
      ],
    });
    expect(post.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);

    await waitUntil(() => api.callsTo('GET', '/children/c1/planning').length === 2);
    await loaded(el);
    const thursday = checkbox(el, 'Cantine – Léa – jeudi 10 septembre 2026');
    expect(thursday.checked).to.equal(true);
    expect(description(el, thursday)).to.contain('fait par la mairie');
    expect(checkbox(el, 'Cantine – Léa – vendredi 11 septembre 2026').checked).to.equal(false);
    expect(statusText(el)).not.to.contain('en attente');
    await expect(el).to.be.accessible();
  });

  it('reuses its Idempotency-Key after a network failure and takes a new one after a success', async () => {
    const el = await childPlanning();
    api.drop.add('POST /bookings/changes');
    checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    button(el, 'Valider les modifications').click();
    await waitForText(() => alertText(el), 'momentanément injoignable');
    expect(statusText(el)).to.contain('1 modification en attente');

    button(el, 'Valider les modifications').click();
    await waitUntil(() => recapItems(el).length === 1, 'recap after retry', { timeout: 4000 });
    const [first, retry] = api.callsTo('POST', '/bookings/changes');
    expect(retry.idempotencyKey).to.equal(first.idempotencyKey);

    await loaded(el);
    checkbox(el, 'Cantine – Léa – lundi 7 septembre 2026').click();
    await waitForText(() => statusText(el), '1 modification en attente');
    button(el, 'Valider les modifications').click();
    await waitUntil(() => api.callsTo('POST', '/bookings/changes').length === 3);
    const third = api.callsTo('POST', '/bookings/changes')[2];
    expect(third.body.changes[0].action).to.equal('cancel');
    expect(third.idempotencyKey).not.to.equal(first.idempotencyKey);
  });

  it('declares an absence on behalf of the family with one of the commune’s active reasons', async () => {
    const el = await childPlanning();
    const name = 'Déclarer une absence – Cantine – Léa – mardi 8 septembre 2026';
    await tabTo(el, named(name), 'the absence button');
    await sendKeys({ press: 'Enter' });
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitUntil(() => dialog.open && shadow(el).querySelector('#absence-reason'), 'dialog with reasons');
    expect(text(dialog)).to.contain('Absence déclarée au nom de la famille, par la mairie.');
    const select = $(el, '#absence-reason') as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).to.deep.equal(['Maladie', 'Raison familiale']);
    await expect(el).to.be.accessible();
    await tabTo(el, named('Confirmer l’absence'), 'the confirm button');
    await sendKeys({ press: 'Enter' });

    await waitUntil(() => recapItems(el).length === 1, 'recap', { timeout: 4000 });
    expect(dialog.open).to.equal(false);
    expect(recapItems(el)).to.deep.equal(['absence, mardi 8 septembre 2026, Cantine – Léa : Maladie']);
    const [post] = api.callsTo('POST', '/bookings/absences');
    expect(post.body).to.deep.equal({ childId: 'c1', serviceId: 'cantine', date: '2026-09-08', reasonId: 'maladie' });
    expect(post.idempotencyKey).to.match(/^[A-Za-z0-9_-]{8,100}$/);
    await loaded(el);
    expect(description(el, checkbox(el, 'Cantine – Léa – mardi 8 septembre 2026'))).to.contain('absence déclarée : Maladie');
  });

  it('moves from week to week and back to the current one', async () => {
    const el = await childPlanning();
    button(el, 'Semaine suivante').click();
    await waitUntil(() => text(shadow(el).querySelector('caption')).includes('du 14 au 20 septembre 2026'), 'next week');
    button(el, 'Revenir à la semaine en cours').click();
    await waitUntil(() => text(shadow(el).querySelector('caption')).includes('du 7 au 13 septembre 2026'), 'current week');
    button(el, 'Semaine précédente').click();
    await waitUntil(() => text(shadow(el).querySelector('caption')).includes('du 31 août au 6 septembre 2026'), 'previous week');
  });
});

describe('<portail-admin-enrollments> planning view', () => {
  it('opens the planning of a found child, the view switch saying which view is shown', async () => {
    const el = await fixture(html`<portail-admin-enrollments></portail-admin-enrollments>`);
    (shadow(el).getElementById('child-query') as HTMLInputElement).value = 'Léa';
    button(el, 'Rechercher').click();
    await waitUntil(() => shadow(el).querySelector('tbody button'), 'results');
    const open = [...shadow(el).querySelectorAll('tbody button')].find((b) => b.getAttribute('aria-label') === 'Voir le planning de Léa Martin') as HTMLButtonElement;
    open.click();
    await waitUntil(() => shadow(el).querySelector('portail-admin-child-planning'), 'planning view');
    const planning = shadow(el).querySelector('portail-admin-child-planning')!;
    await loaded(planning);
    const views = [...shadow(el).querySelectorAll('.view-switch button')];
    expect(views.map((b) => [text(b), b.getAttribute('aria-pressed')])).to.deep.equal([
      ['Inscriptions aux services', 'false'],
      ['Planning', 'true'],
    ]);
    expect(api.callsTo('GET', '/children/c1/planning')).to.have.length(1);
    expect(text($(planning, 'h3'))).to.equal('Planning de Léa Martin');
    await expect(el).to.be.accessible();

    (views[0] as HTMLButtonElement).click();
    await waitUntil(() => !shadow(el).querySelector('portail-admin-child-planning'), 'enrollments view');
    expect(text(shadow(el).querySelectorAll('caption')[1])).to.equal('Services auxquels Léa Martin est inscrit(e)');
  });
});
