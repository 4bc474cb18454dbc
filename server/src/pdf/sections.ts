/** Blocks shared by the child file and the family file: guardians, a child's identity, health, pickup persons. */
import type { PdfLayout } from './layout.js';
import type { ChildHealth, ChildInfo, GuardianInfo, Guardians, PickupPersonInfo } from './types.js';
import { formatDay, present, yesNo } from './text.js';
import { DIET_LABELS } from '../domain/diets.js';


const SEX_LABELS = { F: 'Fille', M: 'Garçon' } as const;

export const fullName = (person: { civility?: string | null; firstName: string; lastName: string }) =>
  [person.civility, person.firstName, person.lastName].filter((part) => part && part.trim()).join(' ');

const day = (value: string | null | undefined) => (present(value) ? formatDay(value!.trim()) : null);

export function addressOf(guardian: GuardianInfo): string | null {
  const town = [guardian.postalCode, guardian.city].filter((part) => part && part.trim()).join(' ');
  return present([guardian.addressLine1, guardian.addressLine2, town].filter((part) => part && part.trim()).join('\n'));
}

/** `contact`: phones only (simple child file); `full`: address, e-mail, work too. */
export function guardianRows(layout: PdfLayout, role: string, guardian: GuardianInfo, detail: 'contact' | 'full') {
  layout.subsection(`${role} : ${fullName(guardian)}`);
  layout.rows([
    ['Téléphone portable', guardian.phoneMobile],
    ['Téléphone domicile', guardian.phoneHome],
    ['Téléphone travail', guardian.phoneWork],
  ]);
  if (detail === 'full') {
    layout.rows([
      ['Date de naissance', day(guardian.birthDate)],
      ['Adresse', addressOf(guardian)],
      ['E-mail', guardian.email],
      ['Profession', guardian.profession],
      ['Employeur', guardian.employer],
    ]);
  }
}

export function guardiansSection(layout: PdfLayout, guardians: Guardians, detail: 'contact' | 'full', title = 'Responsables légaux') {
  layout.section(title);
  if (!guardians.responsable && !guardians.conjoint) layout.row('Responsables', null);
  if (guardians.responsable) guardianRows(layout, 'Responsable', guardians.responsable, detail);
  if (guardians.conjoint) guardianRows(layout, 'Conjoint', guardians.conjoint, detail);
}

export function childIdentityRows(layout: PdfLayout, child: ChildInfo) {
  layout.rows([
    ['Nom', child.lastName],
    ['Prénom', child.firstName],
    ['Date de naissance', day(child.birthDate)],
    ['Sexe', child.sex ? SEX_LABELS[child.sex] : null],
  ]);
}

export function schoolRows(layout: PdfLayout, child: ChildInfo) {
  layout.rows([
    ['École', child.school],
    ['Classe', child.className],
  ]);
}

const pickupLine = (person: PickupPersonInfo) => `${person.firstName} ${person.lastName} (${person.relation}) – ${person.phone}`;

/** Allowed persons, then, apart and in bold, those who must not be given the child. */
export function pickupSection(layout: PdfLayout, persons: PickupPersonInfo[]) {
  const allowed = persons.filter((p) => p.allowed);
  const forbidden = persons.filter((p) => !p.allowed);
  layout.section('Personnes autorisées à venir chercher l’enfant');
  if (allowed.length === 0) layout.text('Aucune personne autorisée en dehors des responsables légaux.', { size: 10 });
  allowed.forEach((person, i) => layout.row(`Personne ${i + 1}`, pickupLine(person)));
  if (forbidden.length) {
    layout.section('Personnes NON autorisées à venir chercher l’enfant');
    forbidden.forEach((person, i) => layout.row(`Interdiction ${i + 1}`, pickupLine(person)));
  }
}

const joined = (list: string[] | null | undefined) => present((list ?? []).filter((item) => item.trim()).join(', '));

function withDetails(flag: boolean | null | undefined, details: string | null | undefined) {
  const answer = yesNo(flag);
  if (!answer) return present(details);
  return flag && present(details) ? `${answer} – ${details!.trim()}` : answer;
}

export function healthSection(layout: PdfLayout, health: ChildHealth | null | undefined) {
  layout.section('Santé');
  if (!health) {
    layout.text('Les informations de santé n’ont pas été renseignées par la famille.', { size: 10 });
    return;
  }
  const vaccinations = (health.vaccinations ?? []).map((v) => (present(v.date) ? `${v.name} : ${formatDay(v.date!.trim())}` : v.name));
  layout.rows([
    ['Allergies', joined(health.allergies) ?? 'Aucune allergie signalée'],
    ['PAI (projet d’accueil individualisé)', withDetails(health.pai, health.paiDetails)],
    ['Médecin traitant', health.doctorName],
    ['Téléphone du médecin', health.doctorPhone],
    ['Vaccinations', present(vaccinations.join('\n'))],
    ['Besoin d’accompagnement', withDetails(health.needsSupport, health.supportDetails)],
    ['Observations', health.notes],
  ]);
}

export function dietSection(layout: PdfLayout, child: ChildInfo) {
  layout.section('Restauration');
  layout.row('Régime alimentaire', DIET_LABELS[child.diet ?? 'standard']);
}

export function complementarySection(layout: PdfLayout, complementary: Record<string, string> | null | undefined) {
  const entries = Object.entries(complementary ?? {});
  layout.section('Informations complémentaires');
  if (entries.length === 0) layout.text('Aucune information complémentaire.', { size: 10 });
  for (const [label, value] of entries) layout.row(label, value);
}
