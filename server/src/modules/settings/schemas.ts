import { z } from 'zod';
import { email, text } from '../../http/validate.js';
import { isDayInRange } from '../../domain/dates.js';
import { isLocalHost } from '../../domain/web-address.js';
import { HEX_COLOR } from './colors.js';

/** Empty text clears an optional setting. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? null : value), schema.nullable()).optional();

const color = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .toLowerCase()
    .regex(HEX_COLOR, `${label} doit être un code hexadécimal de la forme #1d4f91.`);

/** An https address without credentials (http only on localhost for the demo); `fragment` says whether a fragment may follow. */
export const webAddress = (label: string, { fragment }: { fragment: boolean }) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .max(2000, `${label} est trop longue.`)
    .refine((value) => {
      try {
        const url = new URL(value);
        const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
        return schemeOk && !url.username && !url.password && (fragment || !url.hash);
      } catch {
        return false;
      }
    }, `${label} doit être une adresse https complète (par exemple https://www.ville.fr/…), sans identifiant ni mot de passe.`);

export const settingsBody = z.strictObject(
  {
    name: text('Le nom de la commune', 120).optional(),
    primaryColor: color('La couleur principale').optional(),
    primaryTextColor: color('La couleur du texte').optional(),
    infoMessage: optional(z.string().trim().max(1000, 'Le message d’information ne doit pas dépasser 1000 caractères.')),
    infoDate: optional(z.string().trim().refine(isDayInRange, 'La date du message doit être une date valide (AAAA-MM-JJ).')),
    contactEmail: optional(email('L’e-mail de contact')),
    portalUrl: optional(webAddress('L’adresse du portail', { fragment: false })),
  },
  { error: 'Ce réglage n’existe pas.' },
);

export const logoBody = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('image'), data: z.string({ error: 'Le fichier du logo est obligatoire.' }).min(1, 'Le fichier du logo est obligatoire.') }),
    z.object({
      kind: z.literal('url'),
      url: webAddress('L’adresse du logo', { fragment: true }).refine((value) => value.startsWith('https:'), 'L’adresse du logo doit commencer par https://.'),
    }),
  ],
  { error: 'Indiquez un fichier ou une adresse pour le logo.' },
);

export const originBody = z.object({ origin: z.string({ error: 'L’origine est obligatoire.' }).trim().min(1, 'L’origine est obligatoire.').max(300, 'L’origine est trop longue.') });
export const keyBody = z.object({ label: z.string().trim().max(80, 'Le libellé est trop long.').optional() });
export const revokeBody = z.object({ confirmLast: z.boolean().optional() });
