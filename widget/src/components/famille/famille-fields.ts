import { msg, str } from '@lit/localize';
import type { FamilyGroup, GroupPolicy as Policy } from '../../api/famille.js';
import { formatDate } from '../../base/format.js';
import { intlLocale } from '../../base/localization.js';

/**
 * The fields of each group of the family file, as data: one generic form and one generic read
 * view draw them all, which keeps the element's code small. Labels are functions of the
 * current locale, so this module only builds them when asked.
 */

export type FieldKind = 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'list' | 'vaccines' | 'textarea';

export interface FieldDef {
  name: string;
  label: string;
  kind?: FieldKind;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  /** `[value, label]`; a select offering "true" answers a boolean. */
  options?: Array<[string, string]>;
  inputmode?: 'numeric' | 'decimal';
}

/** Groups the commune validates unless its settings say otherwise (docs/api.md). */
const VALIDATED_BY_DEFAULT: FamilyGroup[] = ['fiscal', 'bank', 'child_health'];

export function policyOf(policy: Partial<Record<FamilyGroup, Policy>>, group: FamilyGroup): Policy {
  return policy[group] ?? (VALIDATED_BY_DEFAULT.includes(group) ? 'validation' : 'direct');
}

export function groupTitle(group: string): string {
  const titles: Record<string, string> = {
    responsable: msg('Responsable'),
    conjoint: msg('Conjoint'),
    contact: msg('Coordonnées'),
    fiscal: msg('Données fiscales et CAF'),
    bank: msg('Coordonnées bancaires'),
    notifications: msg('E-mails de notification'),
    household: msg('Membres du foyer'),
    login_email: msg('Adresse de connexion'),
    child_identity: msg('Identité'),
    child_health: msg('Santé'),
    child_pickup: msg('Personnes autorisées à venir chercher l’enfant'),
    child_complementary: msg('Données complémentaires'),
  };
  return titles[group] ?? group;
}

export function documentTypeLabel(type: string): string {
  const labels: Record<string, string> = {
    attestation_caf: msg('Attestation CAF'),
    certificat_medical: msg('Certificat médical'),
    justificatif_domicile: msg('Justificatif de domicile'),
    attestation_assurance: msg('Attestation d’assurance'),
    pai: msg('PAI'),
    jugement_garde: msg('Jugement de garde'),
    autre: msg('Autre'),
  };
  return labels[type] ?? type;
}

export function historyActionLabel(action: string): string {
  const labels: Record<string, string> = {
    modifie: msg('Modification'),
    demande: msg('Demande de modification'),
    valide: msg('Demande validée'),
    refuse: msg('Demande refusée'),
    ajoute: msg('Ajout'),
    supprime: msg('Suppression'),
  };
  return labels[action] ?? action;
}

const yesNo = (): Array<[string, string]> => [
  ['false', msg('Non')],
  ['true', msg('Oui')],
];

/** Identity and address of a guardian; the responsable's own fields carry autocomplete tokens, others' not. */
function guardianIdentity(own: boolean): FieldDef[] {
  const ac = (token: string) => (own ? token : 'off');
  return [
    {
      name: 'civility',
      label: msg('Civilité'),
      autocomplete: ac('honorific-prefix'),
      options: [
        ['', msg('Non précisée')],
        ['Mme', msg('Madame')],
        ['M.', msg('Monsieur')],
      ],
    },
    { name: 'lastName', label: msg('Nom'), autocomplete: ac('family-name'), required: true },
    { name: 'firstName', label: msg('Prénom'), autocomplete: ac('given-name'), required: true },
    { name: 'birthDate', label: msg('Date de naissance'), kind: 'date', autocomplete: ac('bday') },
    { name: 'addressLine1', label: msg('Adresse'), autocomplete: ac('address-line1') },
    { name: 'addressLine2', label: msg('Complément d’adresse'), autocomplete: ac('address-line2') },
    { name: 'postalCode', label: msg('Code postal'), autocomplete: ac('postal-code'), inputmode: 'numeric' },
    { name: 'city', label: msg('Commune'), autocomplete: ac('address-level2') },
    { name: 'profession', label: msg('Profession'), autocomplete: ac('organization-title') },
    { name: 'employer', label: msg('Employeur'), autocomplete: ac('organization') },
  ];
}

/** Phones and e-mail of one guardian, named `responsable.phoneMobile`…, as the `contact` group nests them. */
function contactOf(role: 'responsable' | 'conjoint'): FieldDef[] {
  const own = role === 'responsable';
  const ac = (token: string) => (own ? token : 'off');
  const label = (text: string) => (own ? text : msg(str`${text} (conjoint)`));
  return [
    { name: `${role}.phoneMobile`, label: label(msg('Téléphone portable')), kind: 'tel', autocomplete: ac('mobile tel') },
    { name: `${role}.phoneHome`, label: label(msg('Téléphone du domicile')), kind: 'tel', autocomplete: ac('home tel') },
    { name: `${role}.phoneWork`, label: label(msg('Téléphone professionnel')), kind: 'tel', autocomplete: ac('work tel') },
    { name: `${role}.email`, label: label(msg('E-mail de contact')), kind: 'email', autocomplete: ac('email') },
  ];
}

/** The fields of one group, in the order of the form. */
export function fieldsOf(group: FamilyGroup, withConjoint = true): FieldDef[] {
  switch (group) {
    case 'responsable':
      return guardianIdentity(true);
    case 'conjoint':
      return guardianIdentity(false);
    case 'contact':
      return [...contactOf('responsable'), ...(withConjoint ? contactOf('conjoint') : [])];
    case 'notifications':
      return [1, 2, 3].map((i) => ({
        name: `email${i}`,
        label: msg(str`Adresse de notification ${i}`),
        kind: 'email',
        autocomplete: 'off',
      }));
    case 'fiscal':
      return [
        { name: 'quotientFamilial', label: msg('Quotient familial'), kind: 'number', inputmode: 'numeric' },
        { name: 'cafNumber', label: msg('Numéro allocataire CAF'), inputmode: 'numeric', autocomplete: 'off' },
        { name: 'fiscalIncome', label: msg('Revenu fiscal de référence (€)'), kind: 'number', inputmode: 'numeric' },
        { name: 'fiscalShares', label: msg('Nombre de parts fiscales'), kind: 'number', inputmode: 'decimal' },
      ];
    case 'bank':
      return [
        {
          name: 'iban',
          label: msg('IBAN'),
          autocomplete: 'off',
          required: true,
          hint: msg('27 caractères pour un compte français, par exemple FR76 3000 6000 0112 3456 7890 189.'),
        },
        { name: 'bic', label: msg('BIC'), autocomplete: 'off', hint: msg('8 ou 11 caractères.') },
        { name: 'accountHolder', label: msg('Titulaire du compte'), autocomplete: 'name', required: true },
        {
          name: 'password',
          label: msg('Mot de passe actuel'),
          kind: 'password',
          autocomplete: 'current-password',
          required: true,
          hint: msg('Par sécurité, confirmez votre identité.'),
        },
      ];
    case 'child_identity':
      return [
        { name: 'lastName', label: msg('Nom'), autocomplete: 'off', required: true },
        { name: 'firstName', label: msg('Prénom'), autocomplete: 'off', required: true },
        { name: 'birthDate', label: msg('Date de naissance'), kind: 'date', autocomplete: 'off' },
        {
          name: 'sex',
          label: msg('Sexe'),
          options: [
            ['', msg('Non précisé')],
            ['F', msg('Fille')],
            ['M', msg('Garçon')],
          ],
        },
        {
          name: 'diet',
          label: msg('Régime alimentaire'),
          options: [
            ['standard', msg('Standard')],
            ['sans_viande', msg('Sans viande')],
            ['sans_gluten', msg('Sans gluten')],
            ['panier_repas', msg('Panier repas (PAI)')],
          ],
        },
      ];
    case 'child_health':
      return [
        { name: 'allergies', label: msg('Allergies'), kind: 'list', hint: msg('Une allergie par ligne.') },
        { name: 'pai.active', label: msg('Projet d’accueil individualisé (PAI)'), options: yesNo() },
        { name: 'pai.details', label: msg('Détail du PAI'), kind: 'textarea' },
        { name: 'doctorName', label: msg('Médecin traitant'), autocomplete: 'off' },
        { name: 'doctorPhone', label: msg('Téléphone du médecin'), kind: 'tel', autocomplete: 'off' },
        {
          name: 'vaccinations',
          label: msg('Vaccinations'),
          kind: 'vaccines',
          hint: msg('Une vaccination par ligne : le vaccin puis sa date, par exemple « DTP 15/03/2024 ».'),
        },
        { name: 'needsSupport', label: msg('Besoin d’accompagnement'), options: yesNo() },
        { name: 'notes', label: msg('Remarques'), kind: 'textarea' },
      ];
    case 'child_pickup':
      return [
        { name: 'lastName', label: msg('Nom'), autocomplete: 'off', required: true },
        { name: 'firstName', label: msg('Prénom'), autocomplete: 'off', required: true },
        { name: 'relation', label: msg('Lien avec l’enfant'), autocomplete: 'off', required: true },
        { name: 'phone', label: msg('Téléphone'), kind: 'tel', autocomplete: 'off', required: true },
        {
          name: 'allowed',
          label: msg('Autorisation'),
          options: [
            ['true', msg('Autorisée à venir chercher l’enfant')],
            ['false', msg('Interdite de venir chercher l’enfant')],
          ],
        },
      ];
    default:
      return [];
  }
}

/**
 * Labels of the names the server uses for whole sub-objects (pending changes, history), which
 * the forms split into several controls.
 */
export function summaryDefs(): FieldDef[] {
  return [
    { name: 'responsable', label: msg('Responsable') },
    { name: 'conjoint', label: msg('Conjoint') },
    { name: 'emails', label: msg('E-mails de notification') },
    { name: 'members', label: msg('Membres du foyer') },
    { name: 'persons', label: msg('Personnes autorisées') },
    { name: 'pai', label: msg('PAI') },
    { name: 'vaccinations', label: msg('Vaccinations'), kind: 'vaccines' },
  ];
}

/** `{ "pai.active": true }` → `{ pai: { active: true } }`: the forms' flat names to the API's objects. */
export function nest(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const [head, tail] = name.split('.');
    if (tail) out[head] = { ...(out[head] as object), [tail]: value };
    else out[name] = value;
  }
  return out;
}

/** The reverse of `nest`, for the values a form starts from. */
export function flatten(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) out[`${name}.${k}`] = v;
    } else out[name] = value;
  }
  return out;
}

export const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A stored value as the read view shows it. */
export function display(def: FieldDef | undefined, value: unknown): string {
  if (isEmpty(value)) return msg('Non renseigné');
  const option = def?.options?.find(([v]) => v === String(value));
  if (option) return option[1];
  if (typeof value === 'boolean') return value ? msg('Oui') : msg('Non');
  if (def?.kind === 'vaccines' && Array.isArray(value)) {
    return (value as Vaccination[]).map((v) => `${v.name} (${formatDate(v.date)})`).join(', ');
  }
  if (Array.isArray(value)) return value.map((item) => display(undefined, item)).join(', ');
  if (def?.kind === 'date' && typeof value === 'string') return formatDate(value);
  if (def?.kind === 'number' && typeof value === 'number') return value.toLocaleString(intlLocale());
  if (typeof value === 'object') {
    return Object.values(value as object)
      .filter((v) => !isEmpty(v))
      .map((v) => display(undefined, v))
      .join(' ');
  }
  return String(value);
}

interface Vaccination {
  name: string;
  date: string;
}

const VACCINE_LINE = /^(.*\S)\s+(?:(\d{1,2})\/(\d{1,2})\/(\d{4})|(\d{4}-\d{2}-\d{2}))$/;

/** "DTP 15/03/2024" → `{ name: "DTP", date: "2024-03-15" }`; null when the line ends without a date. */
function parseVaccine(line: string): Vaccination | null {
  const m = VACCINE_LINE.exec(line);
  if (!m) return null;
  return { name: m[1], date: m[5] ?? `${m[4]}-${m[3].padStart(2, '0')}-${m[2].padStart(2, '0')}` };
}

/** The value a control starts with. */
export function inputValue(def: FieldDef, value: unknown): string {
  if (isEmpty(value)) return def.options?.[0]?.[0] ?? '';
  if (def.kind === 'vaccines' && Array.isArray(value)) {
    return (value as Vaccination[]).map((v) => `${v.name} ${v.date.split('-').reverse().join('/')}`).join('\n');
  }
  if (Array.isArray(value)) return value.join('\n');
  return String(value);
}

/**
 * Reads a group's form into the body of its PUT, with the client-side checks (required
 * fields, numbers). Empty optional fields are sent as null; the server decides the rest.
 */
export function readForm(
  form: HTMLFormElement,
  defs: FieldDef[],
): { body: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    const control = form.elements.namedItem(def.name) as HTMLInputElement | null;
    if (!control) continue;
    const raw = def.kind === 'password' ? control.value : control.value.trim();
    let value: unknown = raw === '' ? null : raw;
    if (def.options?.some(([v]) => v === 'true')) value = raw === 'true';
    else if (def.kind === 'list' || def.kind === 'vaccines') {
      const lines = raw.split('\n').map((v) => v.trim()).filter(Boolean);
      value = def.kind === 'list' ? lines : lines.map(parseVaccine);
      if ((value as unknown[]).includes(null)) {
        errors[def.name] = msg('Chaque ligne doit finir par une date (JJ/MM/AAAA).');
      }
    }
    else if (def.kind === 'number' && raw !== '') {
      value = Number(raw.replace(/\s/g, '').replace(',', '.'));
      if (Number.isNaN(value)) errors[def.name] = msg('Saisissez un nombre.');
    }
    if (def.required && raw === '') errors[def.name] = msg('Veuillez remplir ce champ.');
    body[def.name] = value;
  }
  return { body, errors };
}
