/** French names of the audit actions written by the families sections. */
export const FAMILIES_AUDIT_LABELS: Record<string, string> = {
  edition_dossier: 'Dossier ou fiche enfant édité',
  famille_creee: 'Famille créée',
  famille_modifiee: 'Famille modifiée',
  email_connexion_modifie: 'Adresse e-mail de connexion modifiée',
  responsable_modifie: 'Responsable modifié',
  enfant_ajoute: 'Enfant ajouté',
  enfant_modifie: 'Enfant modifié',
  donnees_sensibles_lues: 'Données sensibles consultées',
  lettre_activation: 'Lettre d’activation émise',
  lettres_activation: 'Lettres d’activation émises',
  reinitialisation_envoyee: 'E-mail de réinitialisation envoyé',
  demande_acceptee: 'Demande de modification acceptée',
  demande_refusee: 'Demande de modification refusée',
  familles_importees: 'Familles importées',
};
