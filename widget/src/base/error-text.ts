import { msg, str } from '@lit/localize';
import { PortailApiError } from '../api/errors.js';
import { sourceLocale } from '../l10n/locale-codes.js';
import { getLocale } from './localization.js';

/** English (or other target) wording for the codes of docs/api.md; French comes from the server. */
const translated: Record<string, () => string> = {
  identifiants_invalides: () => msg('Identifiant ou mot de passe incorrect.'),
  trop_de_tentatives: () => msg('Trop de tentatives de connexion.'),
  session_expiree: () => msg('Votre session a expiré. Veuillez vous reconnecter.'),
  code_invalide: () => msg('Le numéro de famille ou le code d’activation est incorrect.'),
  email_deja_utilise: () => msg('Cette adresse e-mail est déjà utilisée par un autre compte.'),
  lien_invalide: () => msg('Ce lien n’est plus valide. Veuillez demander un nouveau lien.'),
  mot_de_passe_incorrect: () => msg('Le mot de passe actuel est incorrect.'),
  validation: () => msg('Certains champs sont mal remplis. Veuillez les corriger.'),
  reseau: () =>
    msg('Le service est momentanément injoignable. Vérifiez votre connexion internet puis réessayez.'),
};

export function waitText(seconds: number): string {
  if (seconds < 60) {
    return seconds <= 1
      ? msg('Veuillez patienter 1 seconde avant de réessayer.')
      : msg(str`Veuillez patienter ${seconds} secondes avant de réessayer.`);
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1
    ? msg('Veuillez patienter 1 minute avant de réessayer.')
    : msg(str`Veuillez patienter ${minutes} minutes avant de réessayer.`);
}

/** The sentence to show in a role="alert" region for a failed call. */
export function errorText(error: unknown): string {
  if (!(error instanceof PortailApiError)) {
    return msg('Une erreur inattendue est survenue. Veuillez réessayer.');
  }
  const text =
    getLocale() === sourceLocale
      ? error.message
      : (translated[error.code]?.() ?? msg('Une erreur est survenue. Veuillez réessayer dans quelques instants.'));
  return error.retryAfter !== null && error.status === 429 ? `${text} ${waitText(error.retryAfter)}` : text;
}

/** Field messages of a 422 answer: the server's in French, a generic one otherwise. */
export function fieldErrorText(error: unknown, field: string): string | undefined {
  if (!(error instanceof PortailApiError)) return undefined;
  const text = error.fields[field];
  if (!text) return undefined;
  return getLocale() === sourceLocale ? text : msg('Ce champ est mal rempli.');
}
