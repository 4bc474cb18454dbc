/**
 * French names of the fields the commune's history lists as changed ("prix de base, régie"), so
 * that staff never read a column name such as `basePriceCents`. Shared by every area's records.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  // Commune settings
  name: 'nom',
  primaryColor: 'couleur principale',
  primaryTextColor: 'couleur du texte',
  infoMessage: 'message d’information',
  infoDate: 'date du message',
  contactEmail: 'e-mail de contact',
  portalUrl: 'adresse du portail',
  // Services and absence reasons
  label: 'libellé',
  groupLabel: 'groupe',
  position: 'ordre d’affichage',
  weekdays: 'jours de la semaine',
  periodKind: 'périodes',
  capacity: 'places',
  schoolCapacities: 'places par école',
  bookingDeadline: 'délai de réservation',
  cancellationDeadline: 'délai d’annulation',
  needsApproval: 'validation par la mairie',
  priceCents: 'prix',
  active: 'actif',
  billed: 'facturé',
  // Régies and tariffs
  code: 'code',
  payfipNumcli: 'numéro client PayFiP',
  dueDays: 'délai de paiement',
  paymentInstructions: 'modalités de paiement',
  regieId: 'régie',
  basePriceCents: 'prix de base',
  brackets: 'tranches de quotient familial',
  rankDiscounts: 'réductions fratrie',
  lateCancellationBilled: 'annulation tardive facturée',
  waitlistedBilled: 'liste d’attente facturée',
  childcareTaxCredit: 'garde ouvrant droit au crédit d’impôt',
  // Families, guardians and children
  familyNumber: 'numéro de famille',
  email: 'e-mail',
  responsable: 'responsable légal',
  conjoint: 'conjoint',
  civility: 'civilité',
  firstName: 'prénom',
  lastName: 'nom',
  phoneHome: 'téléphone fixe',
  phoneMobile: 'téléphone portable',
  phoneWork: 'téléphone professionnel',
  address: 'adresse',
  postalCode: 'code postal',
  city: 'commune',
  profession: 'profession',
  quotientFamilial: 'quotient familial',
  cafNumber: 'numéro allocataire CAF',
  birthDate: 'date de naissance',
  sex: 'sexe',
  school: 'école',
  className: 'classe',
  diet: 'régime',
};

/** Where an action gives a field a more precise name than the shared list. */
const ACTION_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  reglages_modifies: { name: 'nom de la commune' },
  regie_modifiee: { name: 'nom de la régie' },
};

/** "prix de base, régie" from the recorded field names; a name not listed reads as "autre information". */
export function fieldList(action: string, fields: readonly unknown[]): string {
  const own = ACTION_FIELD_LABELS[action] ?? {};
  const names = fields.map((field) => own[String(field)] ?? FIELD_LABELS[String(field)] ?? 'autre information');
  return [...new Set(names)].join(', ');
}
