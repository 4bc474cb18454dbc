/** French names of the audit actions written here, for the history of changes. */
export const PLANNING_AUDIT_LABELS: Record<string, string> = {
  service_cree: 'Service créé',
  service_modifie: 'Service modifié',
  service_desactive: 'Service désactivé',
  periode_ajoutee: 'Période ajoutée',
  periode_modifiee: 'Période modifiée',
  periode_supprimee: 'Période supprimée',
  fermeture_ajoutee: 'Fermeture ajoutée',
  fermeture_modifiee: 'Fermeture modifiée',
  fermeture_supprimee: 'Fermeture supprimée',
  alsace_moselle_modifie: 'Option Alsace-Moselle modifiée',
  calendrier_importe: 'Calendrier scolaire importé',
  motif_ajoute: 'Motif d’absence ajouté',
  motif_modifie: 'Motif d’absence modifié',
  motif_desactive: 'Motif d’absence désactivé',
  inscription_ajoutee: 'Inscription à un service ajoutée',
  inscription_terminee: 'Inscription à un service terminée',
};
