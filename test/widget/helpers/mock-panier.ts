/**
 * The basket side of the stand-in server (docs/api.md, "Basket"): GET /panier, DELETE
 * /panier/lignes/{id}, POST /panier/paiement, GET /panier/paiements/{id}. One régie. The amounts
 * are computed here from the lines, the cagnotte and the solde, never taken from the request.
 */
import type {
  Basket,
  BasketCheckout,
  BasketLine,
  BasketPaymentView,
  DroppedLine,
  Panier,
  PaymentRedirect,
  PaymentStatus,
} from '../../../server/src/contracts/index.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const ERROR = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  json(status, { code, message, requestId: 'r', ...(fields ? { fields } : {}) });

const LEA = { id: 'c1', firstName: 'Léa', lastName: 'Martin' };
const HUGO = { id: 'c2', firstName: 'Hugo', lastName: 'Martin' };
const MERCREDI = { id: 'svc-mer', label: 'Mercredi' };

export const BASKET_LINES: BasketLine[] = [
  { id: 'l1', child: LEA, service: MERCREDI, date: '2026-09-09', priceCents: 1200, bookUntil: null },
  { id: 'l2', child: LEA, service: MERCREDI, date: '2026-09-16', priceCents: 1200, bookUntil: null },
  { id: 'l3', child: HUGO, service: MERCREDI, date: '2026-09-09', priceCents: 950, bookUntil: null },
];

export const REGIE = { id: 'reg-1', code: 'PERI', name: 'Régie périscolaire' };

export class MockPanier {
  /** Empty until a test fills it (`BASKET_LINES`): the planning and the invoices ask for the basket too. */
  lines: BasketLine[] = [];
  cagnotteCents = 0;
  debtCents = 0;
  expiresAt = '2026-09-08T10:15:00+02:00';
  status: Basket['status'] = 'open';
  /** While `paying`: when a new payment becomes possible if the parent abandoned this one. */
  retryAt: string | null = null;
  /** Lines the next checkout drops, as when their booking deadline passed meanwhile. */
  dropOnCheckout: DroppedLine[] = [];
  redirect: PaymentRedirect = { method: 'GET', url: 'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=op-456', fields: {} };
  readonly payments = new Map<string, BasketPaymentView>();
  /** Statuses GET /panier/paiements/{id} answers, one per read; the last one stays. */
  outcomes: PaymentStatus[] = ['paid'];
  #replays = new Map<string, Response>();
  #ids = 0;

  get basket(): Basket {
    const linesCents = this.lines.reduce((sum, l) => sum + l.priceCents, 0);
    const used = Math.min(this.cagnotteCents, linesCents + this.debtCents);
    const total = linesCents + this.debtCents - used;
    return {
      id: this.lines.length ? 'bsk-1' : null,
      regie: REGIE,
      status: this.status,
      lines: this.lines,
      expiresAt: this.lines.length ? this.expiresAt : null,
      linesCents,
      cagnotteBalanceCents: this.cagnotteCents,
      cagnotteUsedCents: used,
      debtCents: this.debtCents,
      totalCents: total,
      payable:
        this.status === 'paying' ? 'in_progress' : total >= 100 ? 'online' : total > 0 ? 'below_minimum' : this.lines.length ? 'without_payment' : 'nothing',
      retryAt: this.status === 'paying' ? this.retryAt : null,
    };
  }

  get panier(): Panier {
    const b = this.basket;
    return { baskets: b.lines.length || b.debtCents || b.cagnotteBalanceCents ? [b] : [], expiryHours: 48 };
  }

  answer(method: string, path: string, body: unknown, idempotencyKey: string | null | undefined): Response {
    const line = /^panier\/lignes\/([\w-]+)$/.exec(path);
    const payment = /^panier\/paiements\/([\w-]+)$/.exec(path);
    if (method === 'GET' && path === 'panier') return json(200, this.panier);
    if (method === 'DELETE' && line) {
      if (!this.lines.some((l) => l.id === line[1])) return ERROR(404, 'ligne_introuvable', 'Cette réservation n’est plus dans votre panier.');
      this.lines = this.lines.filter((l) => l.id !== line[1]);
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && payment) {
      const view = this.payments.get(payment[1]);
      if (!view) return ERROR(404, 'paiement_introuvable', 'Paiement introuvable.');
      const status = this.outcomes.length > 1 ? this.outcomes.shift()! : this.outcomes[0];
      Object.assign(view, { status }, status === 'paid' ? { paidAt: '2026-09-07T14:03:00+02:00', authorisationNumber: 'A1B2C3', bookedDays: view.purpose === 'basket' ? 3 : 0 } : {});
      return json(200, view);
    }
    if (method === 'POST' && path === 'panier/paiement') {
      const key = idempotencyKey ?? '';
      if (!/^[A-Za-z0-9_-]{8,100}$/.test(key)) return ERROR(400, 'cle_idempotence_manquante', 'En-tête Idempotency-Key manquant ou invalide.');
      const replay = this.#replays.get(key);
      if (replay) return replay.clone();
      const answer = this.#checkout((body ?? {}) as Record<string, unknown>);
      if (answer.ok) this.#replays.set(key, answer.clone());
      return answer;
    }
    return ERROR(404, 'introuvable', 'Ressource introuvable.');
  }

  #checkout(body: Record<string, unknown>): Response {
    if (Object.keys(body).some((k) => !['email', 'regieId', 'returnPage'].includes(k)) || !('regieId' in body) || !('email' in body)) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { _: 'Champs inattendus.' });
    }
    if (body.returnPage !== undefined && (typeof body.returnPage !== 'string' || body.returnPage.length > 2000)) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { returnPage: 'L’adresse de la page de retour est trop longue.' });
    }
    if (body.regieId !== REGIE.id) return ERROR(404, 'panier_introuvable', 'Panier introuvable.');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(body.email))) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { email: 'L’adresse e-mail n’est pas valide.' });
    }
    if (this.dropOnCheckout.length) {
      const dropped = this.dropOnCheckout;
      this.dropOnCheckout = [];
      this.lines = this.lines.filter((l) => !dropped.some((d) => d.date === l.date && d.childFirstName === l.child.firstName));
      return json(200, { outcome: 'changed', dropped, basket: this.basket } satisfies BasketCheckout);
    }
    const basket = this.basket;
    if (basket.payable === 'without_payment') {
      const bookedDays = this.lines.length;
      this.cagnotteCents -= basket.cagnotteUsedCents;
      this.lines = [];
      return json(200, { outcome: 'confirmed', bookedDays } satisfies BasketCheckout);
    }
    if (basket.payable !== 'online') return ERROR(409, 'panier_non_payable', 'Ce panier ne peut pas être payé en ligne.');
    const id = `0000000${++this.#ids}-2222-4222-8333-444444444444`.slice(-36);
    this.payments.set(id, {
      id, status: 'pending', amountCents: basket.totalCents, purpose: this.lines.length ? 'basket' : 'debt', regie: REGIE,
      bookedDays: 0, creditedToCagnotte: false, paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip',
      abandoned: false, retryAt: null,
    });
    return json(201, {
      outcome: 'redirect',
      payment: { paymentId: id, amountCents: basket.totalCents, provider: 'payfip', redirect: this.redirect },
    } satisfies BasketCheckout);
  }
}
