import { configureLocalization } from '@lit/localize';
import type { LocaleModule } from '@lit/localize/internal/types.js';
import { sourceLocale, targetLocales } from '../l10n/locale-codes.js';

const loaders: Record<string, () => Promise<LocaleModule>> = {
  en: () => import('../l10n/en.js'),
};

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (locale) => loaders[locale](),
});

/** The locale for an element: its own `lang`, an ancestor's, then `<html lang>`; French otherwise. */
export function localeFor(element: Element): string {
  const lang = (element.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang)
    .trim()
    .toLowerCase();
  return targetLocales.find((locale) => lang === locale || lang.startsWith(`${locale}-`)) ?? sourceLocale;
}

/** The runtime locale is page-wide: the last connected element's language wins. */
export function applyLocale(element: Element): void {
  const locale = localeFor(element);
  if (locale !== getLocale()) void setLocale(locale);
}

/** BCP 47 tag for Intl: French formats as fr-FR, English as en-GB (day before month). */
export function intlLocale(): string {
  return getLocale() === 'en' ? 'en-GB' : 'fr-FR';
}
