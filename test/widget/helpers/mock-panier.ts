/**
 * The basket side of the stand-in server (docs/api.md, "Basket"): GET /panier, DELETE
 * /panier/lignes/{id}, POST /panier/paiement. The amounts are computed here from the lines, the
 * cagnotte and the solde, never taken from the request; the payment it starts is read back
 * through the invoice side's GET /paiements/{id}.
 */
import type { Basket, BasketCheckout, BasketLine } from '../../../widget/src/api/panier.js';
import type { PaymentRedirect, PaymentView } from '../../../server/src/contracts/index.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const ERROR = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  json(status, { code, message, requestId: 'r', ...(fields ? { fields } : {}) });

export const BASKET_LINES: BasketLine[] = [
  { id: 'l1', childId: 'c1', childFirstName: 'Léa', serviceId: 'svc-mer', serviceLabel: 'Mercredi', date: '2026-09-09', priceCents: 1200 },
  { id: 'l2', childId: 'c1', childFirstName: 'Léa', serviceId: 'svc-mer', serviceLabel: 'Mercredi', date: '2026-09-16', priceCents: 1200 },
  { id: 'l3', childId: 'c2', childFirstName: 'Hugo', serviceId: 'svc-mer', serviceLabel: 'Mercredi', date: '2026-09-09', priceCents: 950 },
];

export class MockPanier {
  lines: BasketLine[] = BASKET_LINES.map((l) => ({ ...l }));
  dropped: Basket['dropped'] = [];
  cagnotteCents = 500;
  soldeCents = 300;
  expiresAt: string | null = '2026-09-08T10:15:00+02:00';
  online: Basket['onlinePayment'] = { enabled: true, provider: 'payfip', providerLabel: 'PayFiP (DGFiP)', minimumCents: 100 };
  redirect: PaymentRedirect = { method: 'GET', url: 'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=op-456', fields: {} };
  #replays = new Map<string, Response>();
  #ids = 0;

  constructor(private readonly payments: Map<string, PaymentView>) {}

  get basket(): Basket {
    const linesCents = this.lines.reduce((sum, l) => sum + l.priceCents, 0);
    const cagnotte = Math.min(this.cagnotteCents, linesCents + this.soldeCents);
    return {
      lines: this.lines,
      dropped: this.dropped,
      linesCents,
      cagnotteCents: cagnotte,
      soldeCents: this.soldeCents,
      totalCents: linesCents + this.soldeCents - cagnotte,
      expiresAt: this.lines.length ? this.expiresAt : null,
      onlinePayment: this.online,
    };
  }

  answer(method: string, path: string, body: unknown, idempotencyKey: string | null | undefined): Response {
    const line = /^panier\/lignes\/([\w-]+)$/.exec(path);
    if (method === 'GET' && path === 'panier') return json(200, this.basket);
    if (method === 'DELETE' && line) {
      if (!this.lines.some((l) => l.id === line[1])) return ERROR(404, 'ligne_introuvable', 'Cette réservation n’est plus dans votre panier.');
      this.lines = this.lines.filter((l) => l.id !== line[1]);
      return json(200, this.basket);
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
    if (Object.keys(body).some((k) => k !== 'email' && k !== 'debtOnly')) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { _: 'Champs inattendus.' });
    }
    const basket = this.basket;
    const debtOnly = body.debtOnly === true;
    const amount = debtOnly ? this.soldeCents : basket.totalCents;
    if (!debtOnly && !basket.lines.length) return ERROR(409, 'panier_vide', 'Votre panier est vide.');
    if (amount === 0) {
      this.lines = [];
      this.cagnotteCents -= basket.cagnotteCents;
      return json(200, { confirmed: true, paymentId: null } satisfies BasketCheckout);
    }
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(body.email))) {
      return ERROR(422, 'validation', 'Certaines informations sont manquantes ou invalides.', { email: 'L’adresse e-mail n’est pas valide.' });
    }
    if (amount < this.online.minimumCents) return ERROR(422, 'montant_minimum', 'Le paiement en ligne est possible à partir de 1 €.');
    const id = `0000000${++this.#ids}-2222-4222-8333-444444444444`.slice(-36);
    this.payments.set(id, {
      id, status: 'pending', amountCents: amount, invoice: { id: '', number: '', label: debtOnly ? 'Règlement du solde' : 'Panier' },
      paidAt: null, authorisationNumber: null, transactionId: null, provider: 'payfip', flaggedLate: false, abandoned: false, retryAt: null,
    });
    return json(201, { confirmed: false, paymentId: id, amountCents: amount, provider: 'payfip', redirect: this.redirect } satisfies BasketCheckout);
  }
}
