import { msg, str } from '@lit/localize';
import type { PendingLine } from './pending-bar.js';

/**
 * The basket's line of the pending bar: days of services paid at booking wait in the basket
 * until paid, so the bar keeps their count and the way to the basket in sight.
 */
export function basketLine(count: number, panierHref: string | undefined): PendingLine {
  return {
    count,
    label: count === 1 ? msg('1 réservation en attente de paiement') : msg(str`${count} réservations en attente de paiement`),
    hint: msg('Elles sont dans votre panier : payez-le pour les confirmer, sinon il se videra automatiquement.'),
    actions: panierHref ? [{ label: msg('Aller au panier'), primary: true, href: panierHref }] : [],
  };
}
