/**
 * A stand-in for the server, answering like docs/api.md, installed by replacing window.fetch.
 */
import type {
  CalendarFeed,
  AbsenceReason,
  TaxAttestationList,
  Cagnotte,
  BookingChange,
  BookingResult,
  CellState,
  ChangeResult,
  DocumentList,
  DocumentType,
  FamilyDocument,
  FamilyFile,
  FamilyGroup,
  FileHistoryEntry,
  Guardian,
  HistoryAction,
  HistoryEntry,
  Home,
  HomeSummary,
  HouseholdMember,
  InvoiceSummary,
  Invoices,
  MessageAnswer,
  PaymentRedirect,
  PaymentStart,
  PaymentView,
  PhotoAnswer,
  PickupPerson,
  Planning,
  PlanningCell,
  PlanningService,
  Session,
  TenantConfig,
  WriteAnswer,
} from '../../../server/src/contracts/index.js';

import { MockPanier } from './mock-panier.js';
import { MockMessages } from './mock-messages.js';

export const API_BASE = 'https://api.portail.test';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
  contentType: string | null;
  idempotencyKey?: string | null;
  query?: Record<string, string>;
}

let keyCounter = 0;

export class MockApi {
  readonly key = `pk_test_${Date.now().toString(36)}_${++keyCounter}`;
  readonly calls: RecordedCall[] = [];

  config: TenantConfig = {
    name: 'Ville de Démo',
    logoUrl: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/%3E',
    logo: { url: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/%3E', width: 120, height: 40 },
    colors: { primary: '#1d4f91', primaryText: '#ffffff' },
    info: { message: 'Les inscriptions pour les vacances de la Toussaint sont ouvertes.', date: '2026-09-02' },
    contactEmail: 'enfance@ville-demo.fr',
    locale: 'fr',
  };

  password = 'correct horse battery staple';
  email = 'parent@example.fr';
  familyNumber = '100234';
  activationCode = 'ACT-7F3K-92QD';
  resetToken = 'reset-token-123';
  /** Idle lifetime granted by login/activation/prolong; tests shorten it. */
  idleMs = 30 * 60 * 1000;
  /** When set, POST /session answers 429 with this Retry-After. */
  rateLimitSeconds: number | null = null;
  /** When true, every personal-data route answers 401 session_expiree. */
  expireSessions = false;

  /** The planning routes of docs/api.md, with their rules (see MockPlanning). */
  readonly planning = new MockPlanning(this);

  /** The family file and documents routes of docs/api.md (see MockFamille). */
  readonly famille = new MockFamille(this);

  /** The messages, requests, help and e-mail preference routes of docs/api.md (see MockMessages). */
  readonly messages = new MockMessages();

  /** The invoice and payment routes of docs/api.md (see MockFactures). */
  readonly factures = new MockFactures();

  /** The basket routes of docs/api.md (see MockPanier). */
  readonly panier = new MockPanier();

  readonly home: Omit<Home, 'session'> = {
    family: { id: 'fam-1', number: '100234', name: 'Martin', email: 'parent@example.fr' },
    children: [
      { id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12', school: 'École Jules-Ferry', className: 'CE1' },
      { id: 'c2', firstName: 'Hugo', lastName: 'Martin', birthDate: '2020-11-03', school: 'École maternelle Les Tilleuls', className: 'Moyenne section' },
    ],
  };

  /** GET /accueil: what the home sums up. */
  summary: HomeSummary = {
    balanceCents: 4150,
    from: '2026-09-30',
    to: '2026-10-06',
    upcoming: [
      {
        childId: 'c1',
        firstName: 'Léa',
        days: [
          { day: '2026-10-01', services: [{ label: 'Cantine', state: 'booked' }, { label: 'Accueil soir', state: 'booked' }] },
          { day: '2026-10-02', services: [{ label: 'Cantine', state: 'absent' }] },
        ],
      },
      { childId: 'c2', firstName: 'Hugo', days: [] },
    ],
    pending: [{ kind: 'booking', label: 'Mercredi – Léa', day: '2026-10-07' }],
  };

  #tokens = new Set<string>();
  #tokenCounter = 0;
  #originalFetch?: typeof fetch;

  install(): this {
    this.#originalFetch = window.fetch;
    window.fetch = (input, init) => this.handle(input instanceof Request ? input : new Request(input, init));
    return this;
  }

  uninstall(): void {
    if (this.#originalFetch) window.fetch = this.#originalFetch;
  }

  callsTo(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  /** A session as the server would issue it; also registers its token as valid. */
  issueSession(idleMs = this.idleMs): Session {
    const token = `tok_${this.key}_${++this.#tokenCounter}`;
    this.#tokens.add(token);
    return {
      token,
      idleExpiresAt: new Date(Date.now() + idleMs).toISOString(),
      expiresAt: new Date(Date.now() + 12 * 3600 * 1000).toISOString(),
      family: { id: this.home.family.id, name: this.home.family.name },
    };
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const prefix = `/v1/t/${this.key}/`;
    if (url.origin !== API_BASE || !url.pathname.startsWith(prefix)) {
      return json(404, { code: 'introuvable', message: 'Ressource introuvable.', requestId: 'r' });
    }
    const path = url.pathname.slice(prefix.length);
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const call: RecordedCall = {
      method: request.method,
      path,
      body,
      authorization: request.headers.get('Authorization'),
      contentType: request.headers.get('Content-Type'),
      idempotencyKey: request.headers.get('Idempotency-Key'),
      query: Object.fromEntries(url.searchParams),
    };
    this.calls.push(call);

    if (request.method !== 'GET' && !call.contentType?.startsWith('application/json')) {
      return json(415, { code: 'type_contenu', message: 'Le contenu doit être au format JSON.', requestId: 'r' });
    }
    const route = `${request.method} ${path}`;
    const b = (body ?? {}) as Record<string, string>;

    switch (route) {
      case 'GET config':
        return json(200, this.config);
      case 'POST session':
        if (this.rateLimitSeconds !== null) {
          return json(
            429,
            { code: 'trop_de_tentatives', message: 'Trop de tentatives de connexion.', requestId: 'r' },
            { 'Retry-After': String(this.rateLimitSeconds) },
          );
        }
        if ((b.login === this.email || b.login === this.familyNumber) && b.password === this.password) {
          return json(201, this.issueSession());
        }
        return json(401, { code: 'identifiants_invalides', message: 'Identifiant ou mot de passe incorrect.', requestId: 'r' });
      case 'POST activation':
        if (b.familyNumber !== this.familyNumber || b.code !== this.activationCode) {
          return json(400, { code: 'code_invalide', message: "Numéro de famille ou code d'activation invalide.", requestId: 'r' });
        }
        return json(201, this.issueSession());
      case 'POST password/forgot':
        return json(202, { message: 'Si un compte correspond, un e-mail a été envoyé.' } satisfies MessageAnswer);
      case 'POST password/reset':
        if (b.token !== this.resetToken) {
          return json(400, { code: 'lien_invalide', message: "Ce lien n'est plus valide.", requestId: 'r' });
        }
        this.password = b.password;
        return json(200, { message: 'Mot de passe modifié.' } satisfies MessageAnswer);
      case 'GET aide':
        return this.messages.answer(request.method, path, call);
    }

    const token = call.authorization?.replace(/^Bearer /, '') ?? '';
    if (this.expireSessions || !this.#tokens.has(token)) {
      return json(401, { code: 'session_expiree', message: 'Votre session a expiré.', requestId: 'r' });
    }
    switch (route) {
      case 'DELETE session':
        this.#tokens.delete(token);
        return new Response(null, { status: 204 });
      case 'POST session/prolong': {
        const session = this.issueSession(30 * 60 * 1000);
        this.#tokens.delete(session.token);
        return json(200, { ...session, token } satisfies Session);
      }
      case 'GET me':
        return json(200, {
          ...this.home,
          session: {
            idleExpiresAt: new Date(Date.now() + this.idleMs).toISOString(),
            expiresAt: new Date(Date.now() + 12 * 3600 * 1000).toISOString(),
          },
        } satisfies Home);
      case 'GET accueil':
        return json(200, this.summary);
      case 'POST password/change':
        if (b.currentPassword !== this.password) {
          return json(401, { code: 'mot_de_passe_incorrect', message: 'Le mot de passe actuel est incorrect.', requestId: 'r' });
        }
        this.password = b.newPassword;
        this.#tokens.clear();
        return json(200, this.issueSession());
    }
    if (path.startsWith('famille') || path.startsWith('documents')) return this.famille.answer(request.method, path, call);
    if (path === 'agenda' || path.startsWith('agenda/')) return this.famille.agenda(request.method, path);
    if (/^(messages|demandes|mail-preferences)(\/|$)/.test(path)) return this.messages.answer(request.method, path, call);
    const basketAttestation = /^paiements\/([\w-]+)\/attestation\.pdf$/.exec(path);
    if (request.method === 'GET' && basketAttestation && this.panier.payments.get(basketAttestation[1]!)?.status === 'paid') {
      return new Response(new Blob(['%PDF-1.4'], { type: 'application/pdf' }), { headers: { 'Content-Disposition': 'attachment; filename="attestation-paiement.pdf"' } });
    }
    if (path.startsWith('factures') || path.startsWith('paiements') || path === 'cagnotte' || path.startsWith('attestations-fiscales')) {
      const answer = this.factures.answer(request.method, path, call);
      if (this.factures.dropAnswers.delete(route)) throw new TypeError('Failed to fetch');
      return answer;
    }
    if (path.startsWith('panier')) return this.panier.answer(request.method, path, body, call.idempotencyKey);
    if (path.startsWith('planning')) {
      const answer = this.planning.answer(route, call, this.home.children.map((c) => c.id));
      if (this.planning.dropAnswers.delete(route)) throw new TypeError('Failed to fetch');
      return answer;
    }
    return json(404, { code: 'introuvable', message: 'Ressource introuvable.', requestId: 'r' });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

interface MockService extends PlanningService {
  /** ISO weekdays the service runs (1 = Monday). */
  weekdays: number[];
  /** Children enrolled in the service. */
  enrolled: string[];
}

interface MockCellState {
  state: CellState;
  waitlistPosition?: number;
  absenceReason?: string;
  absenceComment?: string;
  absenceDocumentId?: string;
}

const DAY_MS = 86_400_000;
const addDay = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
const CHECKED: CellState[] = ['booked', 'requested', 'waitlisted', 'absent', 'in_basket'];

function parisText(instant: string): string {
  const date = new Date(instant);
  const zone = { timeZone: 'Europe/Paris' } as const;
  const day = new Intl.DateTimeFormat('fr-FR', { ...zone, weekday: 'long', day: 'numeric', month: 'long' }).format(date);
  const time = new Intl.DateTimeFormat('fr-FR', { ...zone, hour: '2-digit', minute: '2-digit' }).format(date);
  return `${day} à ${time}`;
}

/**
 * The planning side of the stand-in server. Its rules are deliberately simple but real: a day can
 * be booked or cancelled until the previous working day at 10:00 (as server/src/modules/planning/rules.ts
 * words it); a service runs on some weekdays for the enrolled children; closed days and locks refuse changes with their reason;
 * changes are applied to the in-memory cells and written to the history; Idempotency-Key
 * replays the first answer.
 */
export class MockPlanning {
  now = '2026-09-04T12:00:00+02:00';
  today = '2026-09-04';
  services: MockService[] = [
    { id: 'cantine', label: 'Cantine', group: 'Restauration scolaire', needsApproval: false, bookingRule: 'la veille à 10:00 (jours ouvrés)', cancellationRule: 'la veille à 10:00 (jours ouvrés)', weekdays: [1, 2, 4, 5], enrolled: ['c1', 'c2'] },
    { id: 'matin', label: 'Accueil du matin', group: 'Accueil périscolaire', needsApproval: false, bookingRule: 'la veille à 10:00 (jours ouvrés)', cancellationRule: 'la veille à 10:00 (jours ouvrés)', weekdays: [1, 2, 4, 5], enrolled: ['c1'] },
    { id: 'soir', label: 'Accueil du soir', group: 'Accueil périscolaire', needsApproval: false, bookingRule: 'la veille à 10:00 (jours ouvrés)', cancellationRule: 'la veille à 10:00 (jours ouvrés)', weekdays: [1, 2, 4, 5], enrolled: ['c1', 'c2'] },
    { id: 'mercredi', label: 'Mercredi loisirs', group: 'Mercredis', needsApproval: true, bookingRule: 'la veille à 10:00 (jours ouvrés)', cancellationRule: 'la veille à 10:00 (jours ouvrés)', weekdays: [3], enrolled: ['c1'] },
  ];
  /** Days when nothing runs, with their reason. */
  closedDays: Record<string, string> = {};
  /** States by `childId|serviceId|date`; absent means `none`. */
  states = new Map<string, MockCellState>([
    ['c1|cantine|2026-09-07', { state: 'booked' }],
    ['c1|soir|2026-09-10', { state: 'waitlisted', waitlistPosition: 2 }],
    ['c1|mercredi|2026-09-09', { state: 'requested' }],
  ]);
  /** Cells refused whatever the deadline (full, suspended…), by `childId|serviceId|date`. */
  locks: Record<string, string> = {};
  absenceReasons: AbsenceReason[] = [
    { id: 'medicale', label: 'Raison médicale' },
    { id: 'familiale', label: 'Raison familiale' },
    { id: 'autre', label: 'Autre motif' },
  ];
  history: Array<HistoryEntry & { childId: string }> = [
    { childId: 'c1', date: '2026-12-23', serviceLabel: 'Petites vacances – matin', action: 'inscription', channel: 'internet', by: 'Famille Martin', at: '2026-12-22T15:31:00+01:00' },
    { childId: 'c1', date: '2026-12-24', serviceLabel: 'Petites vacances – matin', action: 'annulation', channel: 'internet', by: 'Famille Martin', at: '2026-12-22T15:52:00+01:00' },
    { childId: 'c1', date: '2026-12-23', serviceLabel: 'Petites vacances – après-midi', action: 'inscription', channel: 'mairie', by: 'Mairie', at: '2026-12-22T15:43:00+01:00' },
  ];
  /** Routes (`POST planning/changes`) whose next answer is lost on the way back, after being applied. */
  readonly dropAnswers = new Set<string>();
  readonly #replays = new Map<string, { body: string; response: Response }>();

  constructor(private readonly api: { home: Omit<Home, 'session'>; panier: MockPanier }) {}

  /** The previous working day at 10:00, Paris time (summer offset from April to October). */
  deadlineOf(day: string): string {
    let previous = addDay(day, -1);
    while (weekday(previous) > 5) previous = addDay(previous, -1);
    const month = Number(previous.slice(5, 7));
    return `${previous}T10:00:00${month >= 4 && month <= 10 ? '+02:00' : '+01:00'}`;
  }

  cell(childId: string, serviceId: string, date: string): PlanningCell {
    const service = this.services.find((s) => s.id === serviceId);
    const key = `${childId}|${serviceId}|${date}`;
    const current = this.states.get(key) ?? { state: 'none' as const };
    const closedDay = this.closedDays[date];
    const runs = !!service && service.weekdays.includes(weekday(date));
    const enrolled = !!service && service.enrolled.includes(childId);
    // As the server: a cell is open when nothing stands in the way, enrolment included.
    const reason = closedDay ?? (!runs ? 'Le service n’a pas lieu ce jour-là' : !enrolled ? 'Pas d’inscription à ce service' : null);
    const open = reason === null;
    const limit = this.deadlineOf(date);
    const inTime = Date.parse(this.now) < Date.parse(limit);
    const dayOver = date < this.today;
    const held = CHECKED.includes(current.state);
    const lock = this.locks[key];
    const canBook = open && !held && inTime && !lock;
    const canCancel = !lock && ((['booked', 'in_basket'].includes(current.state) && inTime) || (['requested', 'waitlisted'].includes(current.state) && !dayOver));
    let lockedReason: string | null = lock ?? null;
    if (lockedReason === null) {
      if (!open && !held) lockedReason = reason;
      else if (dayOver) lockedReason = 'Ce jour est passé : il ne peut plus être modifié.';
      else if (!held && !canBook) lockedReason = `Réservations closes depuis le ${parisText(limit)}.`;
      else if (current.state === 'booked' && !canCancel) {
        lockedReason = `Annulations closes depuis le ${parisText(limit)} : vous pouvez encore déclarer une absence.`;
      }
    }
    return {
      serviceId,
      date,
      state: current.state,
      open,
      enrolled,
      closedReason: reason,
      waitlistPosition: current.waitlistPosition ?? null,
      absenceReason: current.absenceReason ?? null,
      absenceComment: current.absenceComment ?? null,
      absenceDocumentId: current.absenceDocumentId ?? null,
      canBook,
      canCancel,
      canDeclareAbsence: current.state === 'booked' && !dayOver,
      canWithdrawAbsence: current.state === 'absent' && !dayOver,
      bookUntil: open ? limit : null,
      cancelUntil: open ? limit : null,
      lockedReason,
    };
  }

  planningOf(childId: string, from: string, to: string): Planning {
    const child = this.api.home.children.find((c) => c.id === childId)!;
    const days: string[] = [];
    for (let day = from; day <= to; day = addDay(day, 1)) days.push(day);
    return {
      child: { id: child.id, firstName: child.firstName, lastName: child.lastName, school: child.school, className: child.className },
      from,
      to,
      today: this.today,
      days: days.map((date) => ({ date, closed: this.closedDays[date] ? { reason: this.closedDays[date] } : null })),
      services: this.services.map(({ weekdays: _w, enrolled: _e, ...service }) => service),
      cells: this.services.flatMap((s) => days.map((date) => this.cell(childId, s.id, date))),
    };
  }

  #record(childId: string, serviceLabel: string, date: string, action: HistoryAction): void {
    this.history.push({ childId, date, serviceLabel, action, channel: 'internet', by: 'Famille Martin', at: this.now });
  }

  applyChange(change: BookingChange): BookingResult {
    const service = this.services.find((s) => s.id === change.serviceId)!;
    const cell = this.cell(change.childId, change.serviceId, change.date);
    const result = { ...change, serviceLabel: service.label, reason: null };
    const key = `${change.childId}|${change.serviceId}|${change.date}`;
    const checked = CHECKED.includes(cell.state);
    if ((change.action === 'book') === checked) return { ...result, status: 'unchanged' };
    if (!(change.action === 'book' ? cell.canBook : cell.canCancel)) {
      return { ...result, status: 'refused', reason: cell.lockedReason ?? cell.closedReason ?? 'Modification impossible.' };
    }
    if (change.action === 'cancel' && cell.state === 'in_basket') {
      this.states.delete(key);
      this.api.panier.lines = this.api.panier.lines.filter((l) => `${l.child.id}|${l.service.id}|${l.date}` !== key);
      return { ...result, status: 'cancelled' };
    }
    if (change.action === 'cancel') {
      this.states.set(key, { state: 'cancelled' });
      this.#record(change.childId, service.label, change.date, 'annulation');
      return { ...result, status: 'cancelled' };
    }
    if (service.billingMode === 'prepaid') {
      // As the server: a day of a prepaid service goes into the basket, its place held until paid.
      const child = this.api.home.children.find((c) => c.id === change.childId)!;
      this.states.set(key, { state: 'in_basket' });
      this.api.panier.lines.push({
        id: `l-${key}`, child: { id: child.id, firstName: child.firstName, lastName: child.lastName },
        service: { id: service.id, label: service.label }, date: change.date, priceCents: 1200, bookUntil: null,
      });
      return { ...result, status: 'in_basket' };
    }
    const state = service.needsApproval ? 'requested' : 'booked';
    this.states.set(key, { state });
    this.#record(change.childId, service.label, change.date, service.needsApproval ? 'demande' : 'inscription');
    return { ...result, status: state };
  }

  answer(route: string, call: RecordedCall, childIds: string[]): Response {
    const q = call.query ?? {};
    const body = (call.body ?? {}) as Record<string, unknown>;
    const notFound = () => json(404, { code: 'introuvable', message: 'Enfant introuvable.', requestId: 'r' });
    switch (route) {
      case 'GET planning': {
        if (!childIds.includes(q.childId)) return notFound();
        const span = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS;
        if (!(span >= 0 && span < 62)) {
          return json(422, { code: 'validation', message: 'La période demandée est invalide.', requestId: 'r', fields: {} });
        }
        return json(200, this.planningOf(q.childId, q.from, q.to));
      }
      case 'GET planning/absence-reasons':
        return json(200, this.absenceReasons);
      case 'GET planning/history':
        if (!childIds.includes(q.childId)) return notFound();
        return json(
          200,
          this.history
            .filter((h) => h.childId === q.childId)
            .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
            .slice(0, 100)
            .map(({ childId: _c, ...entry }): HistoryEntry => entry),
        );
      case 'POST planning/changes':
      case 'POST planning/absences':
      case 'POST planning/absences/withdrawal':
        return this.#idempotent(call, () => {
          if (route === 'POST planning/absences') return this.#absence(body, childIds);
          if (route === 'POST planning/absences/withdrawal') return this.#withdrawal(body, childIds);
          const changes = body.changes as BookingChange[] | undefined;
          if (!Array.isArray(changes) || changes.length < 1 || changes.length > 400) {
            return json(422, { code: 'validation', message: 'Les modifications demandées sont invalides.', requestId: 'r', fields: {} });
          }
          if (changes.some((c) => !childIds.includes(c.childId))) return notFound();
          const results = changes.map((c) => this.applyChange(c));
          const refused = results.filter((r) => r.status === 'refused').length;
          return json(200, { results, applied: results.length - refused, refused } satisfies ChangeResult);
        });
    }
    return json(404, { code: 'introuvable', message: 'Ressource introuvable.', requestId: 'r' });
  }

  #absence(body: Record<string, unknown>, childIds: string[]): Response {
    const { childId, serviceId, date, reasonId } = body as Record<string, string>;
    if (!childIds.includes(childId)) return json(404, { code: 'introuvable', message: 'Enfant introuvable.', requestId: 'r' });
    const reason = this.absenceReasons.find((r) => r.id === reasonId);
    const service = this.services.find((s) => s.id === serviceId);
    if (!reason || !service) {
      return json(422, { code: 'validation', message: 'Le motif de l’absence est invalide.', requestId: 'r', fields: {} });
    }
    const cell = this.cell(childId, serviceId, date);
    const base = { childId, serviceId, date, action: 'absence' as const, serviceLabel: service.label };
    if (!cell.canDeclareAbsence) {
      const result = { ...base, status: 'refused' as const, reason: 'Aucune réservation à ce jour pour déclarer une absence.' };
      return json(200, { results: [result], applied: 0, refused: 1 } satisfies ChangeResult);
    }
    const { comment, documentId } = body as { comment?: string | null; documentId?: string | null };
    this.states.set(`${childId}|${serviceId}|${date}`, {
      state: 'absent',
      absenceReason: reason.label,
      absenceComment: comment ?? undefined,
      absenceDocumentId: documentId ?? undefined,
    });
    this.#record(childId, service.label, date, 'absence');
    return json(200, { results: [{ ...base, status: 'absent', reason: null }], applied: 1, refused: 0 } satisfies ChangeResult);
  }

  #withdrawal(body: Record<string, unknown>, childIds: string[]): Response {
    const { childId, serviceId, date } = body as Record<string, string>;
    if (!childIds.includes(childId)) return json(404, { code: 'introuvable', message: 'Enfant introuvable.', requestId: 'r' });
    const service = this.services.find((s) => s.id === serviceId);
    if (!service) return json(404, { code: 'introuvable', message: 'Ce service est introuvable.', requestId: 'r' });
    const cell = this.cell(childId, serviceId, date);
    const base = { childId, serviceId, date, action: 'withdrawal' as const, serviceLabel: service.label };
    if (!cell.canWithdrawAbsence) {
      return json(200, { results: [{ ...base, status: 'unchanged', reason: null }], applied: 0, refused: 0 } satisfies ChangeResult);
    }
    this.states.set(`${childId}|${serviceId}|${date}`, { state: 'booked' });
    this.#record(childId, service.label, date, 'absence retirée');
    return json(200, { results: [{ ...base, status: 'booked', reason: null }], applied: 1, refused: 0 } satisfies ChangeResult);
  }

  #idempotent(call: RecordedCall, run: () => Response): Response {
    const key = call.idempotencyKey ?? '';
    if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
      return json(400, { code: 'cle_idempotence_manquante', message: 'En-tête Idempotency-Key manquant ou invalide.', requestId: 'r' });
    }
    const text = JSON.stringify(call.body);
    const previous = this.#replays.get(key);
    if (previous && previous.body !== text) {
      return json(409, { code: 'cle_idempotence_reutilisee', message: 'Cette clé a déjà servi pour une autre demande.', requestId: 'r' });
    }
    if (previous) return previous.response.clone();
    const response = run();
    this.#replays.set(key, { body: text, response: response.clone() });
    return response;
  }
}

const ERROR = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  json(status, { code, message, requestId: 'r', ...(fields ? { fields } : {}) });

const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

/** French names of the groups, as the server gives them in the file history. */
const GROUP_LABELS: Record<FamilyGroup, string> = {
  responsable: 'Responsable légal',
  conjoint: 'Conjoint',
  contact: 'Coordonnées',
  fiscal: 'Informations fiscales',
  bank: 'Coordonnées bancaires',
  notifications: 'Adresses de notification',
  household: 'Composition du foyer',
  child_identity: 'Identité de l’enfant',
  child_health: 'Santé de l’enfant',
  child_pickup: 'Personnes autorisées',
  child_complementary: 'Informations complémentaires',
};

const DOCUMENT_LABELS: Record<DocumentType, string> = {
  attestation_caf: 'Attestation CAF',
  certificat_medical: 'Certificat médical',
  justificatif_domicile: 'Justificatif de domicile',
  attestation_assurance: 'Attestation d’assurance',
  pai: 'PAI',
  jugement_garde: 'Jugement de garde',
  autre: 'Autre',
};

const STATUS_LABELS: Record<FamilyDocument['status'], string> = {
  pending: 'En attente de vérification',
  accepted: 'Accepté',
  rejected: 'Refusé',
  published: 'Publié par la commune',
};

/** A document as the server describes it; the stand-in takes every upload for a PDF. */
const mockDocument = (fields: Omit<FamilyDocument, 'typeLabel' | 'mime' | 'size' | 'statusLabel'>, size = 48_000): FamilyDocument => ({
  ...fields,
  typeLabel: DOCUMENT_LABELS[fields.type],
  mime: 'application/pdf',
  size,
  statusLabel: STATUS_LABELS[fields.status],
});

/**
 * The family-file side of the stand-in server: groups are applied or kept as pending requests
 * according to `file.policy`; a pending request records each changed field as `{ old, new }`;
 * the bank group needs the account password and a plausible IBAN, which is stored masked only.
 */
export class MockFamille {
  /** When set, the next group write answers 422 with these field messages. */
  fieldErrors: Record<string, string> | null = null;
  readonly history: FileHistoryEntry[] = [
    { at: '2026-09-01T09:30:00+02:00', group: 'contact', groupLabel: GROUP_LABELS.contact, action: 'modifie', fields: ['responsable.phoneMobile'], channel: 'internet' },
    { at: '2026-08-20T14:00:00+02:00', group: 'child_health', groupLabel: GROUP_LABELS.child_health, action: 'valide', fields: ['allergies'], channel: 'mairie', childName: 'Léa' },
  ];
  documents: DocumentList = {
    mine: [
      mockDocument({ id: 'd1', type: 'attestation_caf', title: 'Attestation CAF 2026', childId: null, status: 'accepted', rejectionReason: null, uploadedAt: '2026-08-28T10:00:00+02:00' }),
      mockDocument({ id: 'd2', type: 'certificat_medical', title: 'Certificat sport', childId: 'c1', status: 'rejected', rejectionReason: 'Document illisible', uploadedAt: '2026-08-29T10:00:00+02:00' }),
    ],
    published: [
      mockDocument({ id: 'p1', type: 'autre', title: 'Règlement intérieur 2026-2027', childId: null, status: 'published', rejectionReason: null, uploadedAt: '2026-07-01T10:00:00+02:00' }),
    ],
  };
  #ids = 0;
  /** The children's live calendar feeds (GET /agenda). */
  feeds: CalendarFeed[] = [];

  /** The calendar feed routes: one live address per child, a new token at each creation. */
  agenda(method: string, path: string): Response {
    if (method === 'GET' && path === 'agenda') return json(200, { feeds: this.feeds });
    const match = /^agenda\/children\/(\w+)(\/regenerate)?$/.exec(path);
    if (!match || !this.file.children.some((c) => c.id === match[1])) return ERROR(404, 'introuvable', 'Cet enfant est introuvable.');
    const childId = match[1]!;
    const current = this.feeds.find((f) => f.childId === childId);
    if (method === 'DELETE') {
      this.feeds = this.feeds.filter((f) => f.childId !== childId);
      return json(200, { feeds: this.feeds });
    }
    if (current && !match[2]) return json(200, { feed: current });
    const url = `https://api.example/v1/agenda/jeton${++this.#ids}${'x'.repeat(36)}.ics`;
    const feed: CalendarFeed = { childId, url, webcalUrl: url.replace('https:', 'webcal:'), createdAt: '2026-09-04T10:00:00.000Z' };
    this.feeds = [...this.feeds.filter((f) => f.childId !== childId), feed];
    return json(201, { feed });
  }

  file: FamilyFile = {
    family: {
      number: '100234', name: 'Martin', email: 'parent@example.fr', notificationEmails: ['grand-mere@example.fr'],
      quotientFamilial: 812, cafNumber: '1234567', fiscalIncome: 38500, fiscalShares: 2.5,
      iban: 'FR76 •••• •••• •••• •••• •••• 189', bic: 'AGRIFRPP', accountHolder: 'Claire Martin',
    },
    guardians: {
      responsable: {
        civility: 'Mme', firstName: 'Claire', lastName: 'Martin', birthDate: '1986-05-14',
        addressLine1: '12 rue des Lilas', addressLine2: null, postalCode: '21000', city: 'Dijon',
        phoneHome: null, phoneMobile: '06 12 34 56 78', phoneWork: null, email: 'claire.martin@example.fr',
        profession: 'Infirmière', employer: 'CHU de Dijon',
      },
      conjoint: {
        civility: 'M.', firstName: 'Paul', lastName: 'Martin', birthDate: '1984-02-02',
        addressLine1: '12 rue des Lilas', addressLine2: null, postalCode: '21000', city: 'Dijon',
        phoneHome: null, phoneMobile: '06 98 76 54 32', phoneWork: null, email: null, profession: 'Électricien', employer: null,
      },
    },
    household: [{ id: 'h1', firstName: 'Jeanne', lastName: 'Durand', relation: 'Grand-mère', birthDate: '1950-03-03' }],
    children: [
      {
        id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12', sex: 'F', school: 'École Jules-Ferry', className: 'CE1',
        diet: 'sans_viande', hasPhoto: true,
        health: { allergies: ['Arachide', 'Kiwi'], pai: { active: true, details: 'Trousse d’urgence dans le cartable' }, doctorName: 'Dr Bernard', doctorPhone: '03 80 00 00 00', vaccinations: [{ name: 'DTP', date: '2024-03-15' }], needsSupport: false, notes: null },
        pickupPersons: [{ id: 'pp1', firstName: 'Jeanne', lastName: 'Durand', relation: 'Grand-mère', phone: '06 11 22 33 44', allowed: true }],
        complementary: { 'Assurance scolaire': 'MAE 123456' },
      },
      {
        id: 'c2', firstName: 'Hugo', lastName: 'Martin', birthDate: '2020-11-03', sex: 'M', school: 'École maternelle Les Tilleuls', className: 'Moyenne section',
        diet: 'standard', hasPhoto: false,
        health: { allergies: [], pai: { active: false, details: null }, doctorName: null, doctorPhone: null, vaccinations: [], needsSupport: false, notes: null },
        pickupPersons: [], complementary: {},
      },
    ],
    pending: [],
    policy: { responsable: 'direct', conjoint: 'direct', contact: 'direct', notifications: 'direct', household: 'direct', fiscal: 'validation', bank: 'validation', child_identity: 'direct', child_health: 'validation', child_pickup: 'direct', child_complementary: 'direct' },
  };

  constructor(private readonly api: MockApi) {}

  /** The current values of a group, in the shape of its PUT body (as server/src/modules/families/groups.ts). */
  #current(group: FamilyGroup, childId?: string): Record<string, unknown> {
    const f = this.file;
    const child = f.children.find((c) => c.id === childId);
    const contactOf = (g: Guardian | null) => g && { phoneHome: g.phoneHome, phoneMobile: g.phoneMobile, phoneWork: g.phoneWork, email: g.email };
    switch (group) {
      case 'responsable':
        return { ...f.guardians.responsable };
      case 'conjoint':
        return { ...f.guardians.conjoint };
      case 'contact':
        return { responsable: contactOf(f.guardians.responsable), conjoint: contactOf(f.guardians.conjoint) };
      case 'notifications':
        return { emails: f.family.notificationEmails };
      case 'household':
        return { members: f.household.map(({ id: _id, ...m }) => m) };
      case 'child_health':
        return { ...child?.health };
      case 'child_complementary':
        return { complementary: child?.complementary };
      case 'child_identity':
        return { ...child };
      default:
        return { ...f.family };
    }
  }

  #apply(group: FamilyGroup, values: Record<string, unknown>, childId?: string): void {
    const f = this.file;
    const child = f.children.find((c) => c.id === childId)!;
    if (group === 'responsable') Object.assign(f.guardians.responsable!, values);
    else if (group === 'conjoint') f.guardians.conjoint = { ...f.guardians.conjoint!, ...values };
    else if (group === 'contact') {
      Object.assign(f.guardians.responsable!, values.responsable);
      if (f.guardians.conjoint) Object.assign(f.guardians.conjoint, values.conjoint);
    } else if (group === 'notifications') f.family.notificationEmails = values.emails as string[];
    else if (group === 'household') f.household = (values.members as HouseholdMember[]).map((m, i) => ({ ...m, id: `h${i + 1}` }));
    else if (group === 'child_identity') Object.assign(child, values);
    else if (group === 'child_complementary') child.complementary = values.complementary as Record<string, string>;
    else if (group === 'child_health') Object.assign(child.health, values);
    else Object.assign(f.family, values);
  }

  #write(group: FamilyGroup, values: Record<string, unknown>, childId?: string): Response {
    const before = this.#current(group, childId);
    const fields = Object.fromEntries(
      Object.entries(values)
        .filter(([name, value]) => JSON.stringify(before[name] ?? null) !== JSON.stringify(value ?? null))
        .map(([name, value]) => [name, { old: before[name] ?? null, new: value }]),
    );
    const pending = this.file.policy[group] === 'validation';
    if (pending) {
      this.file.pending.push({ id: `pr${++this.#ids}`, group, childId: childId ?? null, fields, requestedAt: '2026-09-04T12:00:00+02:00' });
    } else {
      this.#apply(group, values, childId);
    }
    this.history.unshift({ at: '2026-09-04T12:00:00+02:00', group, groupLabel: GROUP_LABELS[group], action: pending ? 'demande' : 'modifie', fields: Object.keys(fields), channel: 'internet' });
    return json(200, { status: pending ? 'pending' : 'applied', file: this.file } satisfies WriteAnswer);
  }

  answer(method: string, path: string, call: RecordedCall): Response {
    const body = { ...(call.body as Record<string, unknown> | undefined) };
    const group = /^famille\/groups\/(\w+)$/.exec(path)?.[1] as FamilyGroup | undefined;
    const pickup = /^famille\/children\/(\w+)\/pickup-persons(?:\/(\w+))?$/.exec(path);
    const childFile = /^famille\/children\/(\w+)\/(photo|fiche\.pdf)$/.exec(path);
    const documentFile = /^documents\/(\w+)\/file$/.exec(path);
    const file = (type: string, content: BlobPart, name: string) =>
      new Response(new Blob([content], { type }), { headers: { 'Content-Disposition': `attachment; filename="${name}"` } });

    if (method === 'GET' && path === 'famille') return json(200, this.file);
    if (method === 'GET' && path === 'famille/history') return json(200, this.history);
    if (method === 'GET' && path === 'famille/export.json') return file('application/json', JSON.stringify(this.file), 'donnees.json');
    if (method === 'GET' && path === 'famille/export.pdf') return file('application/pdf', '%PDF-1.4', 'fiche.pdf');
    if (method === 'GET' && path === 'documents') return json(200, this.documents);
    if (method === 'GET' && documentFile) return file('application/pdf', '%PDF-1.4', 'document.pdf');
    if (method === 'GET' && childFile) return childFile[2] === 'photo' ? file('image/png', PNG, 'photo.png') : file('application/pdf', '%PDF-1.4', 'fiche.pdf');
    if (method === 'PUT' && childFile?.[2] === 'photo') {
      if (typeof body.data !== 'string' || !body.data) return ERROR(422, 'validation', 'Photo invalide.', { data: 'Photo invalide.' });
      this.file.children.find((c) => c.id === childFile[1])!.hasPhoto = true;
      return json(200, { hasPhoto: true, mime: 'image/png', width: 1, height: 1 } satisfies PhotoAnswer);
    }
    if (method === 'POST' && path === 'famille/login-email') {
      if (body.password !== this.api.password) return ERROR(401, 'mot_de_passe_incorrect', 'Le mot de passe est incorrect : la modification n’a pas été enregistrée.');
      this.file.family.email = String(body.email);
      return json(200, { status: 'applied', file: this.file } satisfies WriteAnswer);
    }
    if (method === 'POST' && path === 'documents') {
      if (!body.type || !body.title || typeof body.data !== 'string') {
        return ERROR(422, 'validation', 'Le document est incomplet.', { type: 'Type obligatoire.' });
      }
      const document = mockDocument({
        id: `d${++this.#ids}`, type: body.type as DocumentType, title: String(body.title), childId: (body.childId as string) ?? null,
        status: 'pending', rejectionReason: null, uploadedAt: '2026-09-04T12:00:00+02:00',
      }, Math.floor((body.data.length * 3) / 4));
      this.documents.mine.unshift(document);
      return json(201, document);
    }
    if (pickup) {
      const child = this.file.children.find((c) => c.id === pickup[1]);
      if (!child) return ERROR(404, 'introuvable', 'Enfant introuvable.');
      if (method === 'DELETE') child.pickupPersons = child.pickupPersons.filter((p) => p.id !== pickup[2]);
      else {
        const person = { ...(body as Omit<PickupPerson, 'id'>), id: pickup[2] ?? `pp${++this.#ids}` };
        if (!person.phone) return ERROR(422, 'validation', 'Certains champs sont mal remplis.', { phone: 'Le téléphone est obligatoire.' });
        child.pickupPersons = pickup[2] ? child.pickupPersons.map((p) => (p.id === pickup[2] ? person : p)) : [...child.pickupPersons, person];
      }
      return json(200, { status: 'applied', file: this.file } satisfies WriteAnswer);
    }
    if (method === 'PUT' && group) {
      if (this.fieldErrors) {
        const fields = this.fieldErrors;
        this.fieldErrors = null;
        return ERROR(422, 'validation', 'Certains champs sont mal remplis.', fields);
      }
      const { childId, ...values } = body;
      if (group === 'bank') {
        const { password, iban, ...rest } = values;
        if (password !== this.api.password) return ERROR(401, 'mot_de_passe_incorrect', 'Le mot de passe est incorrect : la modification n’a pas été enregistrée.');
        if (!/^FR\d{25}$/.test(String(iban))) return ERROR(422, 'validation', 'Certains champs sont mal remplis.', { iban: 'IBAN invalide.' });
        return this.#write(group, { ...rest, iban: `FR76 •••• •••• •••• •••• •••• ${String(iban).slice(-3)}` });
      }
      return this.#write(group, values, childId as string | undefined);
    }
    return ERROR(404, 'introuvable', 'Ressource introuvable.');
  }
}

const invoice = (fields: Partial<InvoiceSummary> & Pick<InvoiceSummary, 'id' | 'number' | 'label'>): InvoiceSummary => ({
  kind: 'invoice',
  refdet: fields.number.replace(/-/g, ''),
  regie: { code: 'PERI', name: 'Régie périscolaire' },
  periodStart: '2026-09-01',
  periodEnd: '2026-09-30',
  issueDate: '2026-10-01',
  dueDate: '2026-10-15',
  linesCents: 0,
  previousBalanceCents: 0,
  totalCents: 0,
  paidCents: 0,
  remainingCents: 0,
  status: 'unpaid',
  carriedTo: null,
  overdue: false,
  paymentInProgress: false,
  paymentRetryAt: null,
  payments: [],
  ...fields,
});

/**
 * The invoice side of the stand-in server. POST /paiements follows the contract's rules (one
 * invoice of the family, 1 € at least, no payment in progress, an e-mail, never an amount) and
 * replays its first answer for a reused Idempotency-Key; GET /paiements/{id} answers the
 * statuses queued in `outcomes`, one per read, then keeps the last.
 */
export class MockFactures {
  data: Invoices = {
    balanceCents: 6254,
    toPay: [
      invoice({
        id: 'inv-12', number: '2026-PERI-000012', label: 'Cantine et périscolaire – septembre 2026', overdue: true,
        linesCents: 3825, previousBalanceCents: 425, totalCents: 4250, remainingCents: 4250,
      }),
      invoice({
        id: 'inv-31', number: '2026-PERI-000031', label: 'Cantine et périscolaire – octobre 2026', dueDate: '2026-11-15',
        linesCents: 424, totalCents: 424, remainingCents: 424,
      }),
      invoice({
        id: 'inv-5', number: '2026-CANT-000005', label: 'Goûter – octobre 2026', dueDate: '2026-11-15',
        regie: { code: 'CANT', name: 'Régie cantine' }, linesCents: 80, totalCents: 80, remainingCents: 80,
      }),
      invoice({
        id: 'inv-40', number: '2026-PERI-000040', label: 'Mercredis – octobre 2026', dueDate: '2026-11-20',
        linesCents: 1500, totalCents: 1500, remainingCents: 1500, paymentInProgress: true, paymentRetryAt: '2026-10-12T14:35:00+02:00',
      }),
    ],
    paid: [
      invoice({
        id: 'inv-8', number: '2026-PERI-000008', label: 'Cantine et périscolaire – juin 2026', dueDate: '2026-07-15', status: 'paid',
        linesCents: 2100, totalCents: 2100, paidCents: 2100,
        payments: [{ id: 'pay-8', method: 'online', methodLabel: 'Paiement en ligne', amountCents: 2100, paidAt: '2026-07-10T09:12:00+02:00', payerName: 'Claire Martin', authorisationNumber: '3FD812', attestation: true }],
      }),
      invoice({
        id: 'inv-6', number: '2026-PERI-000006', label: 'Cantine et périscolaire – mai 2026', dueDate: '2026-06-15', status: 'paid',
        linesCents: 1050, totalCents: 1050, paidCents: 1050,
        payments: [{ id: 'pay-6', method: 'cheque', methodLabel: 'Chèque', amountCents: 1050, paidAt: '2026-06-12', payerName: 'Paul Martin', authorisationNumber: null, attestation: false }],
      }),
      invoice({
        id: 'inv-3', number: '2026-PERI-000003', label: 'Cantine et périscolaire – août 2026', status: 'carried', carriedTo: '2026-PERI-000012',
        linesCents: 425, totalCents: 425,
      }),
      invoice({ id: 'av-1', kind: 'credit_note', number: '2026-PERI-000009', label: 'Avoir – sortie annulée', status: 'paid', totalCents: -500, linesCents: -500 }),
    ],
    statement: [
      { at: '2026-09-01T08:00:00+02:00', label: 'Facture 2026-PERI-000003 – août 2026', debitCents: 425, creditCents: 0, balanceCents: 425 },
      { at: '2026-10-01T08:00:00+02:00', label: 'Facture 2026-PERI-000012 – septembre 2026', debitCents: 3825, creditCents: 0, balanceCents: 4250 },
      { at: '2026-10-05T10:00:00+02:00', label: 'Avoir 2026-PERI-000009', debitCents: 0, creditCents: 500, balanceCents: 3750 },
    ],
    onlinePayment: { enabled: true, provider: 'payfip', providerLabel: 'PayFiP (DGFiP)', minimumCents: 100 },
    notifications: { enabled: true, email: 'parent@example.fr', extraEmails: ['grand-mere@example.fr'] },
  };

  /** GET /attestations-fiscales: Hugo's 2026 evening care. */
  taxAttestations: TaxAttestationList = {
    attestations: [
      { id: 'tax-1', year: 2026, regie: { name: 'Régie périscolaire' }, payerName: 'Mme Claire Martin', childName: 'Hugo Martin', paidCents: 4250, aidCents: 0, amountCents: 4250, publishedAt: '2027-01-10T09:00:00.000Z' },
    ],
  };

  /** GET /cagnotte: a prepaid day cancelled in time, then the credit used in a basket. */
  cagnotte: Cagnotte = {
    balanceCents: 150,
    accounts: [
      {
        regie: { id: 'reg-1', code: 'PERI', name: 'Régie périscolaire' },
        balanceCents: 150,
        movements: [
          {
            id: 'mv-1', at: '2026-09-10T18:00:00+02:00', kind: 'cancellation', amountCents: 1200, balanceCents: 1200, basketId: null, note: null, regie: { code: 'PERI', name: 'Régie périscolaire' },
            label: 'Annulation du mercredi 16 septembre 2026 – Mercredi – Léa',
            day: { date: '2026-09-16', serviceLabel: 'Mercredi', childName: 'Léa' },
          },
          {
            id: 'mv-2', at: '2026-09-12T09:30:00+02:00', kind: 'basket', amountCents: -1050, balanceCents: 150, basketId: 'bk-1', note: null, regie: { code: 'PERI', name: 'Régie périscolaire' },
            label: 'Utilisée pour le panier payé le 12 septembre 2026', day: null,
          },
        ],
      },
    ],
  };

  /** Where POST /paiements sends the browser. */
  redirect: PaymentRedirect = {
    method: 'GET',
    url: 'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=op-123',
    fields: {},
  };
  /** Statuses GET /paiements/{id} answers, one per read; the last one stays ('abandoned': pending, the payer left PayFiP's page). */
  outcomes: (PaymentView['status'] | 'abandoned')[] = ['paid'];
  /** When set, the next PUT /factures/notifications answers 422 with these field messages. */
  fieldErrors: Record<string, string> | null = null;
  /** Routes (`METHOD path`) whose next answer is lost on the way back, like a dropped connection. */
  readonly dropAnswers = new Set<string>();
  readonly payments = new Map<string, PaymentView>();
  #replays = new Map<string, { body: string; response: Response }>();
  #ids = 0;

  answer(method: string, path: string, call: RecordedCall): Response {
    const body = (call.body ?? {}) as Record<string, unknown>;
    const pdf = /^factures\/([\w-]+)\/pdf$/.exec(path);
    const payment = /^paiements\/([\w-]+)$/.exec(path);
    const attestation = /^paiements\/([\w-]+)\/attestation\.pdf$/.exec(path);
    if (method === 'GET' && path === 'factures') return json(200, this.data);
    if (method === 'GET' && path === 'cagnotte') return json(200, this.cagnotte);
    if (method === 'GET' && path === 'attestations-fiscales') return json(200, this.taxAttestations);
    const tax = /^attestations-fiscales\/([\w-]+)\/pdf$/.exec(path);
    if (method === 'GET' && tax) {
      if (!this.taxAttestations.attestations.some((a) => a.id === tax[1])) return ERROR(404, 'attestation_introuvable', 'Cette attestation fiscale est introuvable.');
      return new Response(new Blob(['%PDF-1.4'], { type: 'application/pdf' }), { headers: { 'Content-Disposition': 'attachment; filename="attestation-fiscale-2026.pdf"' } });
    }
    if (method === 'GET' && pdf) {
      const found = [...this.data.toPay, ...this.data.paid].find((i) => i.id === pdf[1]);
      if (!found) return ERROR(404, 'facture_introuvable', 'Facture introuvable.');
      return new Response(new Blob(['%PDF-1.4'], { type: 'application/pdf' }), {
        headers: { 'Content-Disposition': `attachment; filename="facture-${found.number}.pdf"` },
      });
    }
    if (method === 'GET' && attestation) {
      const online = this.data.paid.flatMap((i) => i.payments.filter((p) => p.attestation).map((p) => ({ id: p.id, number: i.number })));
      const known = online.find((p) => p.id === attestation[1]) ?? (this.payments.get(attestation[1])?.status === 'paid' ? { number: this.payments.get(attestation[1])!.invoice.number } : null);
      if (!known) return ERROR(404, 'paiement_introuvable', 'Paiement introuvable.');
      return new Response(new Blob(['%PDF-1.4'], { type: 'application/pdf' }), {
        headers: { 'Content-Disposition': `attachment; filename="attestation-paiement-${known.number}.pdf"` },
      });
    }
    if (method === 'PUT' && path === 'factures/notifications') {
      if (this.fieldErrors) {
        const fields = this.fieldErrors;
        this.fieldErrors = null;
        return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', fields);
      }
      this.data.notifications = { ...this.data.notifications, enabled: Boolean(body.enabled), extraEmails: body.extraEmails as string[] };
      return json(200, this.data.notifications);
    }
    if (method === 'POST' && path === 'paiements') return this.#idempotent(call, () => this.#start(body));
    if (method === 'GET' && payment) {
      const view = this.payments.get(payment[1]);
      if (!view) return ERROR(404, 'paiement_introuvable', 'Paiement introuvable.');
      const status = this.outcomes.length > 1 ? this.outcomes.shift()! : this.outcomes[0];
      Object.assign(
        view,
        status === 'paid'
          ? { status, paidAt: '2026-10-12T14:03:00+02:00', authorisationNumber: 'A1B2C3', transactionId: 'T-98765', retryAt: null }
          : status === 'abandoned'
            ? { status: 'pending', abandoned: true, retryAt: null }
            : { status },
      );
      return json(200, view);
    }
    return ERROR(404, 'introuvable', 'Ressource introuvable.');
  }

  #start(body: Record<string, unknown>): Response {
    const keys = Object.keys(body).sort().join(',');
    if (keys !== 'email,invoiceId' && keys !== 'email,invoiceId,returnPage') {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { _: 'Champs inattendus.' });
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(body.email))) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { email: 'L’adresse e-mail n’est pas valide.' });
    }
    if (!this.data.onlinePayment.enabled) return ERROR(503, 'paiement_indisponible', 'Le paiement en ligne est indisponible.');
    const found = this.data.toPay.find((i) => i.id === body.invoiceId);
    if (!found) return ERROR(404, 'facture_introuvable', 'Facture introuvable.');
    if (found.remainingCents < this.data.onlinePayment.minimumCents) {
      return ERROR(422, 'montant_minimum', 'Le paiement en ligne est possible à partir de 1 €.');
    }
    if (found.paymentInProgress) return ERROR(409, 'paiement_en_cours', 'Un paiement est déjà en cours pour cette facture.');
    const id = `0000000${++this.#ids}-1111-4222-8333-444444444444`.slice(-36);
    this.payments.set(id, {
      id, status: 'pending', amountCents: found.remainingCents, invoice: { id: found.id, number: found.number, label: found.label },
      paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip', flaggedLate: false, abandoned: false,
      retryAt: '2026-10-12T14:23:00+02:00',
    });
    return json(201, { paymentId: id, amountCents: found.remainingCents, provider: 'payfip', redirect: this.redirect } satisfies PaymentStart);
  }

  #idempotent(call: RecordedCall, run: () => Response): Response {
    const key = call.idempotencyKey ?? '';
    if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
      return ERROR(400, 'cle_idempotence_manquante', 'En-tête Idempotency-Key manquant ou invalide.');
    }
    const text = JSON.stringify(call.body);
    const previous = this.#replays.get(key);
    if (previous && previous.body !== text) {
      return ERROR(409, 'cle_idempotence_reutilisee', 'Cette clé a déjà servi pour une autre demande.');
    }
    if (previous) return previous.response.clone();
    const response = run();
    // Like the server, only a success is kept for replay: an error leaves nothing behind.
    if (response.ok) this.#replays.set(key, { body: text, response: response.clone() });
    return response;
  }
}
