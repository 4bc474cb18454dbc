import { msg } from '@lit/localize';
import { PortailApiError } from '../../api/errors.js';

/** The sentence for a role="alert" region: the server's French message, as staff read it. */
export function staffErrorText(error: unknown): string {
  return error instanceof PortailApiError ? error.message : msg('Une erreur inattendue est survenue. Veuillez réessayer.');
}
