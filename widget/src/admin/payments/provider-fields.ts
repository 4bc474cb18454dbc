import { msg, str } from '@lit/localize';
import type { Provider } from '../api/payments.js';

/** A public field of a provider, with its French label and what the browser checks. */
export interface ConfigField {
  key: string;
  label: string;
  hint?: string;
  kind: 'text' | 'select' | 'pem';
  options?: [string, string][];
  pattern?: RegExp;
  message?: string;
  fallback?: string;
}

/** The secret of a provider: typed, never shown back. */
export interface SecretField {
  label: string;
  pattern: RegExp;
  message: string;
}

const numcli = (): ConfigField => ({
  key: 'numcli',
  label: msg('Numéro client (numcli)'),
  hint: msg('6 chiffres fournis par la DGFiP. Le numéro d’une régie, s’il est renseigné, est prioritaire.'),
  kind: 'text',
  pattern: /^\d{6}$/,
  message: msg('Le numéro client compte exactement 6 chiffres.'),
});

/** PayFiP and TIPI name their production mode differently (W and A). */
const saisie = (production: 'W' | 'A'): ConfigField => ({
  key: 'saisie',
  label: msg('Mode de saisie'),
  kind: 'select',
  options: [
    ['T', msg('T – test')],
    ['X', msg('X – activation')],
    [production, msg(str`${production} – production`)],
  ],
  fallback: 'T',
});

const FIELDS: Record<Exclude<Provider, 'none'>, () => ConfigField[]> = {
  payfip: () => [numcli(), saisie('W')],
  tipi: () => [numcli(), saisie('A')],
  systempay: () => [
    { key: 'siteId', label: msg('Numéro de boutique'), hint: msg('8 chiffres, dans le back-office Systempay.'), kind: 'text', pattern: /^\d{8}$/, message: msg('Le numéro de boutique compte exactement 8 chiffres.') },
    { key: 'algorithm', label: msg('Algorithme de signature'), kind: 'select', options: [['HMAC-SHA-256', 'HMAC-SHA-256'], ['SHA1', msg('SHA-1 (ancien)')]], fallback: 'HMAC-SHA-256' },
    { key: 'ctxMode', label: msg('Mode'), kind: 'select', options: [['TEST', 'TEST'], ['PRODUCTION', 'PRODUCTION']], fallback: 'TEST' },
  ],
  paybox: () => [
    { key: 'site', label: msg('Numéro de site'), hint: msg('7 chiffres.'), kind: 'text', pattern: /^\d{7}$/, message: msg('Le numéro de site compte exactement 7 chiffres.') },
    { key: 'rang', label: msg('Rang'), hint: msg('2 ou 3 chiffres.'), kind: 'text', pattern: /^\d{2,3}$/, message: msg('Le rang compte 2 ou 3 chiffres.') },
    { key: 'identifiant', label: msg('Identifiant'), hint: msg('De 1 à 9 chiffres.'), kind: 'text', pattern: /^\d{1,9}$/, message: msg('L’identifiant compte de 1 à 9 chiffres.') },
    {
      key: 'publicKeyPem',
      label: msg('Clé publique Paybox (PEM)'),
      hint: msg('Commence par « -----BEGIN PUBLIC KEY----- » ; elle sert à vérifier la signature des retours.'),
      kind: 'pem',
      pattern: /-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/,
      message: msg('Collez la clé publique au format PEM, de « -----BEGIN PUBLIC KEY----- » à « -----END PUBLIC KEY----- ».'),
    },
  ],
};

const SECRETS: Partial<Record<Provider, () => SecretField>> = {
  systempay: () => ({
    label: msg('Clé de la boutique'),
    pattern: /^[A-Za-z0-9]{8,64}$/,
    message: msg('La clé de la boutique (certificat du mode choisi) compte 8 à 64 lettres ou chiffres.'),
  }),
  paybox: () => ({ label: msg('Clé HMAC'), pattern: /^[0-9a-fA-F]{128}$/, message: msg('La clé HMAC compte 128 caractères hexadécimaux.') }),
};

/** The public fields of a provider, in the order of its back-office. */
export const configFields = (provider: Exclude<Provider, 'none'>): ConfigField[] => FIELDS[provider]();

/** The secret a provider needs, if any (PayFiP and TIPI need none). */
export const secretField = (provider: Provider): SecretField | undefined => SECRETS[provider]?.();
