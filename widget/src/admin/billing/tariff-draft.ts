import { msg, str } from '@lit/localize';
import { centsToEuros, eurosToCents, formatPercent, formatPrice, parsePercent } from '../../base/format.js';
import type { Regie, TariffInput, TariffedService } from '../api/billing.js';

export interface BracketDraft {
  max: string;
  price: string;
}

export interface DiscountDraft {
  rank: string;
  percent: string;
}

/** A tariff as its form holds it: typed text, checked only on sending. */
export interface TariffDraft {
  regieId: string;
  price: string;
  brackets: BracketDraft[];
  discounts: DiscountDraft[];
  lateCancellationBilled: boolean;
  waitlistedBilled: boolean;
  childcareTaxCredit: boolean;
}

export const draftOf = (s: TariffedService, regies: Regie[]): TariffDraft => ({
  regieId: s.regieId ?? s.regie?.id ?? regies[0]?.id ?? '',
  price: centsToEuros(s.priceCents),
  brackets: s.tariff.brackets.map((b) => ({ max: b.maxQuotient === null ? '' : String(b.maxQuotient), price: centsToEuros(b.priceCents) })),
  discounts: s.tariff.rankDiscounts.map((d) => ({ rank: String(d.fromRank), percent: formatPercent(d.percent) })),
  lateCancellationBilled: s.lateCancellationBilled,
  waitlistedBilled: s.waitlistedBilled,
  childcareTaxCredit: s.childcareTaxCredit,
});

/** "QF jusqu’à 600 : 2,10 € ; sans plafond : 4,15 €" */
export function bracketSummary(s: TariffedService): string {
  const brackets = s.tariff.brackets;
  if (!brackets.length) return msg('Prix unique');
  return brackets
    .map((b) => (b.maxQuotient === null ? msg(str`sans plafond : ${formatPrice(b.priceCents)}`) : msg(str`QF jusqu’à ${b.maxQuotient} : ${formatPrice(b.priceCents)}`)))
    .join(' ; ');
}

/** "à partir du 2e enfant : −10 %" */
export function discountSummary(s: TariffedService): string {
  const discounts = s.tariff.rankDiscounts;
  if (!discounts.length) return msg('Aucune');
  return discounts
    .map((d) =>
      d.fromRank === 1
        ? msg(str`à partir du ${d.fromRank}er enfant : −${formatPercent(d.percent)} %`)
        : msg(str`à partir du ${d.fromRank}e enfant : −${formatPercent(d.percent)} %`),
    )
    .join(' ; ');
}

const ROW_FIELDS: Record<string, string> = {
  'brackets.maxQuotient': 'bracket-max',
  'brackets.priceCents': 'bracket-price',
  'rankDiscounts.fromRank': 'discount-rank',
  'rankDiscounts.percent': 'discount-percent',
};

/** Which field of the form an error from the server belongs to ("brackets.1.priceCents" → the price of the 2nd bracket). */
export function formKey(serverField: string): string {
  const row = /^(brackets|rankDiscounts)\.(\d+)\.(\w+)$/.exec(serverField);
  if (row && ROW_FIELDS[`${row[1]}.${row[3]}`]) return `${ROW_FIELDS[`${row[1]}.${row[3]}`]}-${row[2]}`;
  if (serverField.startsWith('brackets')) return 'brackets';
  if (serverField.startsWith('rankDiscounts')) return 'discounts';
  if (serverField === 'basePriceCents') return 'price';
  return serverField;
}

/**
 * Checks amounts and ranks in French; every amount leaves as cents. The messages land in
 * `fields` under the form's ids; the input is null when one was written.
 */
export function tariffInput(d: TariffDraft, fields: Record<string, string>): TariffInput | null {
  if (!d.regieId) fields.regieId = msg('Choisissez la régie qui facture ce service.');
  const basePriceCents = eurosToCents(d.price);
  if (basePriceCents === null) fields.price = msg('Indiquez un prix en euros, par exemple 4,15.');
  const brackets = d.brackets.map((b, i) => {
    const max = b.max.trim();
    if (max && !/^\d{1,6}$/.test(max)) fields[`bracket-max-${i}`] = msg('Le plafond est un quotient familial entier, ou vide pour « sans plafond ».');
    if (!max && i !== d.brackets.length - 1) fields[`bracket-max-${i}`] = msg('Seule la dernière tranche peut être sans plafond.');
    const priceCents = eurosToCents(b.price);
    if (priceCents === null) fields[`bracket-price-${i}`] = msg('Indiquez un prix en euros, par exemple 2,10.');
    return { maxQuotient: max ? Number(max) : null, priceCents: priceCents ?? 0 };
  });
  brackets.forEach((b, i) => {
    const previous = brackets[i - 1]?.maxQuotient;
    if (i > 0 && b.maxQuotient !== null && previous !== null && previous !== undefined && b.maxQuotient <= previous && !fields[`bracket-max-${i}`]) {
      fields[`bracket-max-${i}`] = msg('Les plafonds doivent être croissants.');
    }
  });
  const rankDiscounts = d.discounts.map((r, i) => {
    const rank = r.rank.trim();
    if (!/^\d{1,2}$/.test(rank) || Number(rank) < 1) fields[`discount-rank-${i}`] = msg('Le rang est un nombre entier à partir de 1.');
    else if (d.discounts.findIndex((other) => other.rank.trim() === rank) !== i) fields[`discount-rank-${i}`] = msg('Une autre réduction porte déjà sur ce rang.');
    const percent = parsePercent(r.percent);
    if (percent === null) fields[`discount-percent-${i}`] = msg('Indiquez un pourcentage entre 0 et 100, par exemple 10.');
    return { fromRank: Number(rank), percent: percent ?? 0 };
  });
  if (Object.keys(fields).length) return null;
  return { regieId: d.regieId, basePriceCents: basePriceCents!, brackets, rankDiscounts, lateCancellationBilled: d.lateCancellationBilled, waitlistedBilled: d.waitlistedBilled, childcareTaxCredit: d.childcareTaxCredit };
}
