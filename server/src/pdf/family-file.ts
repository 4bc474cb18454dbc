import { PdfLayout } from './layout.js';
import { childIdentityRows, complementarySection, dietSection, fullName, guardiansSection, healthSection, pickupSection, schoolRows } from './sections.js';
import { formatDay, formatInstant, present } from './text.js';
import type { FamilyFileData } from './types.js';

const GROUP_LABELS: Record<string, string> = {
  responsable: 'Responsable',
  conjoint: 'Conjoint',
  contact: 'Coordonnées',
  fiscal: 'Situation fiscale',
  bank: 'Coordonnées bancaires',
  notifications: 'E-mails de notification',
  household: 'Foyer',
  child_identity: 'Identité de l’enfant',
  child_health: 'Santé de l’enfant',
  child_pickup: 'Personnes autorisées',
  child_complementary: 'Informations complémentaires',
};

const ACTION_LABELS: Record<string, string> = {
  modifie: 'Modification',
  demande: 'Demande de modification',
  valide: 'Demande validée',
  refuse: 'Demande refusée',
  ajoute: 'Ajout',
  supprime: 'Suppression',
};

const CHANNEL_LABELS = { internet: 'par internet', mairie: 'par la mairie' } as const;

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

const groupLabel = (group: string, childName?: string | null) => `${GROUP_LABELS[group] ?? group}${present(childName) ? ` (${childName})` : ''}`;

/**
 * Right of access (RGPD art. 15): every record the commune holds on the family, section by
 * section, readable without the portal. The IBAN arrives masked; health data is the family's own.
 */
export async function familyFilePdf(data: FamilyFileData): Promise<Uint8Array> {
  const { family } = data;
  const layout = await PdfLayout.create({
    title: 'Dossier famille – droit d’accès',
    subtitle: `${family.name} – n° de famille ${family.number}`,
    townName: data.townName,
    editedAt: data.editedAt,
  });
  layout.newPage({ withTitle: true });
  layout.text(
    `Ce document rassemble les données que ${data.townName} détient sur votre famille dans le Portail Famille, ` +
      'au titre de votre droit d’accès (article 15 du RGPD). Pour faire corriger une information, modifiez-la dans votre espace famille ou adressez-vous à la mairie.',
    { size: 9.5 },
  );

  layout.section('Famille');
  layout.rows([
    ['Numéro de famille', family.number],
    ['Nom', family.name],
    ['E-mail de connexion', family.email],
    ['E-mails de notification', present(family.notificationEmails.join('\n'))],
  ]);

  layout.section('Situation fiscale');
  layout.rows([
    ['Quotient familial', family.quotientFamilial == null ? null : String(family.quotientFamilial)],
    ['Numéro d’allocataire CAF', family.cafNumber],
    ['Revenu fiscal de référence', family.fiscalIncome == null ? null : euros.format(family.fiscalIncome)],
    ['Nombre de parts', family.fiscalShares == null ? null : decimal.format(family.fiscalShares)],
  ]);

  layout.section('Coordonnées bancaires');
  layout.rows([
    ['IBAN (masqué)', family.ibanMasked],
    ['BIC', family.bic],
    ['Titulaire du compte', family.accountHolder],
  ]);

  guardiansSection(layout, data.guardians, 'full');

  layout.section('Autres membres du foyer');
  if (data.household.length === 0) layout.text('Aucun autre membre déclaré.', { size: 10 });
  for (const member of data.household) {
    layout.row(member.relation, [fullName(member), present(member.birthDate) ? `né(e) le ${formatDay(member.birthDate!)}` : null].filter(Boolean).join(', '));
  }

  for (const child of data.children) {
    layout.section(`Enfant : ${child.firstName} ${child.lastName}`);
    childIdentityRows(layout, child);
    schoolRows(layout, child);
    pickupSection(layout, child.pickupPersons);
    healthSection(layout, child.health);
    dietSection(layout, child);
    complementarySection(layout, child.complementary);
  }

  layout.section('Demandes de modification en attente de validation');
  if (data.pending.length === 0) layout.text('Aucune demande en attente.', { size: 10 });
  for (const change of data.pending) {
    layout.subsection(`${groupLabel(change.group, change.childName)} – demandée le ${formatInstant(change.requestedAt)}`);
    for (const field of change.fields) layout.row(field.label, `avant : ${present(field.old) ?? 'vide'} ; après : ${present(field.new) ?? 'vide'}`);
  }

  layout.section('Historique des modifications du dossier');
  if (data.history.length === 0) layout.text('Aucune modification enregistrée.', { size: 10 });
  for (const entry of data.history) {
    const what = `${ACTION_LABELS[entry.action] ?? entry.action} – ${groupLabel(entry.group, entry.childName)} ${CHANNEL_LABELS[entry.channel] ?? ''}`.trim();
    layout.row(formatInstant(entry.at), entry.fields.length ? `${what} (${entry.fields.join(', ')})` : what);
  }

  layout.section('Documents déposés');
  if (data.documents.length === 0) layout.text('Aucun document.', { size: 10 });
  for (const document of data.documents) {
    const about = present(document.childName) ? ` – ${document.childName}` : '';
    layout.row(formatInstant(document.uploadedAt), `${document.typeLabel} : ${document.title}${about} (${document.statusLabel})`);
  }

  for (const extra of data.extraSections ?? []) {
    layout.section(extra.title);
    if (extra.rows.length === 0) layout.text('Aucune donnée.', { size: 10 });
    for (const row of extra.rows) layout.row(row.label, row.value);
  }
  return layout.finish();
}
