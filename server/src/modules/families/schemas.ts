import { z } from 'zod';
import { bodyOf, email, text } from '../../http/validate.js';
import type { LoginEmailBody, PhotoBody, PickupPersonBody } from '../../contracts/index.js';
import { isDayInRange } from '../../domain/dates.js';
import { BIC, CAF_NUMBER, checkIban, compactBic, normalisePhone, POSTAL_CODE } from './validation.js';
import type { FamilyGroup } from './policy.js';
import { MAX_PICKUP_PERSONS } from './changes.js';
import { DIETS } from '../../domain/diets.js';

/**
 * What parents may send for each group of the family file. A PUT replaces the whole group: an
 * optional field left out is emptied. Objects are strict, so a misspelt or unexpected field is a
 * 422 rather than silently dropped.
 */

const NAME_MAX = 80;
const ADDRESS_MAX = 120;
const NOTES_MAX = 1000;

const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'Des champs inconnus ont été envoyés.' : 'Ces informations doivent être envoyées sous forme d’objet.'),
  });

/** An optional free text: trimmed, empty means none. */
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} doit être un texte.` })
    .trim()
    .max(max, `${label} ne doit pas dépasser ${max} caractères.`)
    .nullish()
    .transform((value) => value || null);

const requiredText = (label: string, max: number) => text(label, max);

const day = (label: string) =>
  z.string({ error: `${label} doit être une date.` }).refine((value) => isDayInRange(value), `${label} doit être une date valide au format AAAA-MM-JJ.`);

const optionalDay = (label: string) =>
  z
    .string({ error: `${label} doit être une date.` })
    .nullish()
    .transform((value) => value || null)
    .refine((value) => value === null || (isDayInRange(value)), `${label} doit être une date valide au format AAAA-MM-JJ.`);

const phoneMessage = (label: string) => `${label} n’est pas valide (ex. 06 12 34 56 78, ou +32… pour l’étranger).`;

const phone = (label: string) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .max(30, phoneMessage(label))
    .transform((value, ctx) => {
      const normalised = normalisePhone(value);
      if (normalised) return normalised;
      ctx.addIssue({ code: 'custom', message: phoneMessage(label) });
      return z.NEVER;
    });

const optionalPhone = (label: string) =>
  z
    .string({ error: `${label} doit être un texte.` })
    .max(30, phoneMessage(label))
    .nullish()
    .transform((value, ctx) => {
      if (!value?.trim()) return null;
      const normalised = normalisePhone(value);
      if (normalised) return normalised;
      ctx.addIssue({ code: 'custom', message: phoneMessage(label) });
      return z.NEVER;
    });

const optionalEmail = (label: string) =>
  z.union([z.literal('').transform(() => null), email(label)], { error: `${label} n’est pas valide.` }).nullish().transform((value) => value ?? null);

const postalCode = z
  .string({ error: 'Le code postal doit être un texte.' })
  .trim()
  .nullish()
  .transform((value) => value || null)
  .refine((value) => value === null || POSTAL_CODE.test(value), 'Le code postal doit compter 5 chiffres.');

const identity = {
  civility: z.enum(['Mme', 'M.', ''], { error: 'La civilité doit être « Mme » ou « M. ».' }).nullish().transform((value) => value || null),
  firstName: requiredText('Le prénom', NAME_MAX),
  lastName: requiredText('Le nom', NAME_MAX),
  birthDate: optionalDay('La date de naissance'),
  addressLine1: optionalText('L’adresse', ADDRESS_MAX),
  addressLine2: optionalText('Le complément d’adresse', ADDRESS_MAX),
  postalCode,
  city: optionalText('La commune', NAME_MAX),
  profession: optionalText('La profession', NAME_MAX),
  employer: optionalText('L’employeur', NAME_MAX),
};

const contactDetails = strict({
  phoneHome: optionalPhone('Le téléphone du domicile'),
  phoneMobile: optionalPhone('Le téléphone portable'),
  phoneWork: optionalPhone('Le téléphone professionnel'),
  email: optionalEmail('L’adresse e-mail'),
});

const optionalNumber = (label: string, check: (n: z.ZodNumber) => z.ZodNumber) =>
  check(z.number({ error: `${label} doit être un nombre.` })).nullish().transform((value) => value ?? null);

const fiscal = {
  quotientFamilial: optionalNumber('Le quotient familial', (n) => n.int('Le quotient familial doit être un nombre entier.').min(0, 'Le quotient familial ne peut pas être négatif.').max(99999, 'Le quotient familial ne peut pas dépasser 99 999.')),
  cafNumber: z
    .string({ error: 'Le numéro d’allocataire CAF doit être un texte.' })
    .trim()
    .nullish()
    .transform((value) => value?.replace(/\s+/g, '') || null)
    .refine((value) => value === null || CAF_NUMBER.test(value), 'Le numéro d’allocataire CAF compte 7 chiffres.'),
  fiscalIncome: optionalNumber('Le revenu fiscal de référence', (n) => n.int('Le revenu fiscal de référence s’indique en euros, sans centimes.').min(0, 'Le revenu fiscal de référence ne peut pas être négatif.').max(100_000_000, 'Le revenu fiscal de référence est trop élevé.')),
  fiscalShares: optionalNumber('Le nombre de parts', (n) => n.min(1, 'Le nombre de parts est d’au moins 1.').max(10, 'Le nombre de parts ne peut pas dépasser 10.').multipleOf(0.5, 'Le nombre de parts se compte par demi-parts (1, 1,5, 2…).')),
};

const bank = {
  iban: z.string({ error: 'L’IBAN est obligatoire.' }).max(50, 'L’IBAN est trop long.').transform((value, ctx) => {
    const checked = checkIban(value);
    if (checked.ok) return checked.iban;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }),
  bic: z
    .string({ error: 'Le BIC doit être un texte.' })
    .max(20, 'Le BIC compte 8 ou 11 caractères.')
    .nullish()
    .transform((value) => (value ? compactBic(value) : null))
    .refine((value) => value === null || BIC.test(value), 'Le BIC compte 8 ou 11 caractères (ex. BNPAFRPP ou BNPAFRPPXXX).'),
  accountHolder: requiredText('Le titulaire du compte', NAME_MAX),
};

const notifications = {
  emails: z
    .array(email('L’adresse de notification'), { error: 'La liste des adresses est obligatoire.' })
    .max(3, 'Pas plus de 3 adresses de notification.')
    .refine((list) => new Set(list).size === list.length, 'Chaque adresse ne doit figurer qu’une fois.'),
};

const householdMember = strict({
  firstName: requiredText('Le prénom', NAME_MAX),
  lastName: requiredText('Le nom', NAME_MAX),
  relation: requiredText('Le lien avec la famille', 40),
  birthDate: optionalDay('La date de naissance'),
});

const household = { members: z.array(householdMember, { error: 'La liste des membres du foyer est obligatoire.' }).max(15, 'Pas plus de 15 membres du foyer.') };

/** The diet goes with the child's identity: it is not health data (no PAI, no diagnosis) and the canteen reads it every day. */
const childIdentity = {
  firstName: requiredText('Le prénom', NAME_MAX),
  lastName: requiredText('Le nom', NAME_MAX),
  birthDate: optionalDay('La date de naissance'),
  sex: z.enum(['F', 'M', ''], { error: 'Le sexe doit être « F » ou « M ».' }).nullish().transform((value) => value || null),
  diet: z.enum(DIETS, { error: 'Le régime doit être choisi dans la liste (standard, sans viande, sans gluten, panier repas).' }),
};

export const MAX_ALLERGIES = 20;

const childHealth = {
  allergies: z
    .array(requiredText('Une allergie', NAME_MAX), { error: 'La liste des allergies doit être une liste.' })
    .max(MAX_ALLERGIES, `Pas plus de ${MAX_ALLERGIES} allergies : précisez les autres dans les remarques.`)
    .default([]),
  pai: strict({
    active: z.boolean({ error: 'Indiquez si l’enfant a un PAI (oui ou non).' }),
    details: optionalText('Le détail du PAI', NOTES_MAX),
  }).default({ active: false, details: null }),
  doctorName: optionalText('Le nom du médecin', NAME_MAX),
  doctorPhone: optionalPhone('Le téléphone du médecin'),
  vaccinations: z
    .array(strict({ name: requiredText('Le vaccin', NAME_MAX), date: day('La date du vaccin') }), { error: 'Les vaccinations doivent être une liste.' })
    .max(30, 'Pas plus de 30 vaccinations.')
    .default([]),
  needsSupport: z.boolean({ error: 'Indiquez si l’enfant a besoin d’un accompagnement (oui ou non).' }).default(false),
  notes: optionalText('Les remarques', NOTES_MAX),
};

export const pickupPersonShape = {
  firstName: requiredText('Le prénom', NAME_MAX),
  lastName: requiredText('Le nom', NAME_MAX),
  relation: requiredText('Le lien avec l’enfant', 40),
  phone: phone('Le téléphone'),
  allowed: z.boolean({ error: 'Indiquez si la personne est autorisée (oui ou non).' }).default(true),
};

const childPickup = {
  persons: z
    .array(strict({ id: z.uuid({ error: 'La personne est inconnue.' }).optional(), ...pickupPersonShape }), { error: 'La liste des personnes est obligatoire.' })
    .max(MAX_PICKUP_PERSONS, `Pas plus de ${MAX_PICKUP_PERSONS} personnes par enfant.`),
};

const childComplementary = {
  complementary: z
    .record(
      z.string().trim().min(1, 'Chaque information complémentaire doit avoir un nom.').max(40, 'Le nom d’une information complémentaire ne doit pas dépasser 40 caractères.'),
      z.string({ error: 'Chaque information complémentaire doit être un texte.' }).trim().max(200, 'Une information complémentaire ne doit pas dépasser 200 caractères.'),
      { error: 'Les informations complémentaires doivent être un objet.' },
    )
    .refine((values) => Object.keys(values).length <= 20, 'Pas plus de 20 informations complémentaires.'),
};

const shapes = {
  responsable: identity,
  conjoint: identity,
  contact: { responsable: contactDetails.nullish().transform((v) => v ?? null), conjoint: contactDetails.nullish().transform((v) => v ?? null) },
  fiscal,
  bank,
  notifications,
  household,
  child_identity: childIdentity,
  child_health: childHealth,
  child_pickup: childPickup,
  child_complementary: childComplementary,
} satisfies Record<FamilyGroup, z.ZodRawShape>;

const childId = z.uuid({ error: 'L’enfant est invalide.' });
const stepUpPassword = z.string({ error: 'Votre mot de passe est obligatoire pour cette modification.' }).min(1, 'Votre mot de passe est obligatoire pour cette modification.').max(128, 'Le mot de passe est incorrect.');

/** The body of PUT /famille/groups/{group}: the group's fields, `childId` for child groups, `password` for the bank group. */
export function groupBody(group: FamilyGroup) {
  const shape: z.ZodRawShape = shapes[group];
  if (group === 'bank') return strict({ ...shape, password: stepUpPassword });
  if (group.startsWith('child_')) return strict({ ...shape, childId });
  return strict(shape);
}

export const pickupPersonBody = bodyOf<PickupPersonBody>()(strict(pickupPersonShape));
export const loginEmailBody = bodyOf<LoginEmailBody>()(strict({ email: email('La nouvelle adresse e-mail'), password: stepUpPassword }));
export const photoBody = bodyOf<PhotoBody>()(strict({ data: z.string({ error: 'La photo est obligatoire.' }).min(1, 'La photo est obligatoire.') }));
