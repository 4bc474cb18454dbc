/**
 * A stand-in for the server, answering like docs/api.md, installed by replacing window.fetch.
 */
import type { Home, Session, TenantConfig } from '../../../widget/src/api/types.js';
import type {
  AbsenceReason,
  BookingChange,
  BookingResult,
  CellState,
  HistoryEntry,
  Planning,
  PlanningCell,
  PlanningService,
} from '../../../widget/src/api/planning.js';

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

  readonly home: Omit<Home, 'session'> = {
    family: { id: 'fam-1', number: '100234', name: 'Martin', email: 'parent@example.fr' },
    children: [
      { id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12', school: 'École Jules-Ferry', className: 'CE1' },
      { id: 'c2', firstName: 'Hugo', lastName: 'Martin', birthDate: '2020-11-03', school: 'École maternelle Les Tilleuls', className: 'Moyenne section' },
    ],
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
        return json(202, { message: 'Si un compte correspond, un e-mail a été envoyé.' });
      case 'POST password/reset':
        if (b.token !== this.resetToken) {
          return json(400, { code: 'lien_invalide', message: "Ce lien n'est plus valide.", requestId: 'r' });
        }
        this.password = b.password;
        return json(200, { message: 'Mot de passe modifié.' });
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
        return json(200, { ...session, token });
      }
      case 'GET me':
        return json(200, {
          ...this.home,
          session: {
            idleExpiresAt: new Date(Date.now() + this.idleMs).toISOString(),
            expiresAt: new Date(Date.now() + 12 * 3600 * 1000).toISOString(),
          },
        });
      case 'POST password/change':
        if (b.currentPassword !== this.password) {
          return json(401, { code: 'mot_de_passe_incorrect', message: 'Le mot de passe actuel est incorrect.', requestId: 'r' });
        }
        this.password = b.newPassword;
        this.#tokens.clear();
        return json(200, this.issueSession());
    }
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
}

const DAY_MS = 86_400_000;
const addDay = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
const CHECKED: CellState[] = ['booked', 'requested', 'waitlisted', 'absent'];

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

  constructor(private readonly api: { home: Omit<Home, 'session'> }) {}

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
    const canCancel = !lock && ((current.state === 'booked' && inTime) || (['requested', 'waitlisted'].includes(current.state) && !dayOver));
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
      canBook,
      canCancel,
      canDeclareAbsence: current.state === 'booked' && !dayOver,
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

  #record(childId: string, serviceLabel: string, date: string, action: string): void {
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
    if (change.action === 'cancel') {
      this.states.set(key, { state: 'cancelled' });
      this.#record(change.childId, service.label, change.date, 'annulation');
      return { ...result, status: 'cancelled' };
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
            .map(({ childId: _c, ...entry }) => entry),
        );
      case 'POST planning/changes':
      case 'POST planning/absences':
        return this.#idempotent(call, () => {
          if (route === 'POST planning/absences') return this.#absence(body, childIds);
          const changes = body.changes as BookingChange[] | undefined;
          if (!Array.isArray(changes) || changes.length < 1 || changes.length > 400) {
            return json(422, { code: 'validation', message: 'Les modifications demandées sont invalides.', requestId: 'r', fields: {} });
          }
          if (changes.some((c) => !childIds.includes(c.childId))) return notFound();
          const results = changes.map((c) => this.applyChange(c));
          const refused = results.filter((r) => r.status === 'refused').length;
          return json(200, { results, applied: results.length - refused, refused });
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
      return json(200, { results: [result], applied: 0, refused: 1 });
    }
    this.states.set(`${childId}|${serviceId}|${date}`, { state: 'absent', absenceReason: reason.label });
    this.#record(childId, service.label, date, 'absence');
    return json(200, { results: [{ ...base, status: 'absent', reason: null }], applied: 1, refused: 0 });
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
