import { msg, str } from '@lit/localize';

/** French names of the fields parents may ask to change. */
const FIELD_LABELS: Record<string, () => string> = {
  civility: () => msg('Civilité'),
  firstName: () => msg('Prénom'),
  lastName: () => msg('Nom'),
  birthDate: () => msg('Date de naissance'),
  sex: () => msg('Sexe'),
  addressLine1: () => msg('Adresse'),
  addressLine2: () => msg('Complément d’adresse'),
  postalCode: () => msg('Code postal'),
  city: () => msg('Ville'),
  email: () => msg('E-mail'),
  emails: () => msg('Adresses e-mail'),
  phone: () => msg('Téléphone'),
  phoneHome: () => msg('Téléphone du domicile'),
  phoneMobile: () => msg('Téléphone portable'),
  phoneWork: () => msg('Téléphone professionnel'),
  profession: () => msg('Profession'),
  employer: () => msg('Employeur'),
  cafNumber: () => msg('Numéro d’allocataire CAF'),
  quotientFamilial: () => msg('Quotient familial'),
  fiscalIncome: () => msg('Revenu fiscal de référence'),
  fiscalShares: () => msg('Nombre de parts fiscales'),
  iban: () => msg('IBAN'),
  bic: () => msg('BIC'),
  accountHolder: () => msg('Titulaire du compte'),
  allergies: () => msg('Allergies'),
  diet: () => msg('Régime alimentaire'),
  doctorName: () => msg('Médecin traitant'),
  doctorPhone: () => msg('Téléphone du médecin'),
  vaccinations: () => msg('Vaccinations'),
  pai: () => msg('PAI'),
  needsSupport: () => msg('Besoin d’accompagnement'),
  notes: () => msg('Remarques'),
  persons: () => msg('Personnes autorisées'),
  relation: () => msg('Lien'),
  details: () => msg('Précisions'),
  complementary: () => msg('Informations complémentaires'),
};

/** A field's name as the town hall reads it; a field this page does not know keeps its own name. */
export const fieldLabel = (field: string): string => (Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field]!() : field);

/** Any JSON value of a requested change as a French reader expects it; empty values say so. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return msg('(vide)');
  if (typeof value === 'boolean') return value ? msg('Oui') : msg('Non');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(' ; ') : msg('(vide)');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '');
    return entries.length ? entries.map(([k, v]) => msg(str`${fieldLabel(k)} : ${formatValue(v)}`)).join(', ') : msg('(vide)');
  }
  return String(value);
}
