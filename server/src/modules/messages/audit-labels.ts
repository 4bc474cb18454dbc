/** French names of the audit actions written by the messages area, for the staff history. */
export const MESSAGES_AUDIT_LABELS: Record<string, string> = {
  message_groupe_envoye: 'Message envoyé à plusieurs familles',
  messages_reglages_modifies: 'Contact, aide et messagerie modifiés',
};

/** French names of the message settings, as the history lists the ones that changed. */
export const MESSAGE_SETTING_LABELS: Record<string, string> = {
  serviceName: 'nom du service',
  address: 'adresse',
  openingHours: 'horaires',
  phone: 'téléphone',
  email: 'e-mail du service',
  infoMessage: 'message d’information',
  helpText: 'texte d’aide',
  topics: 'sujets',
  mailContent: 'contenu des e-mails',
  messagesPageUrl: 'page des messages',
  retentionMonths: 'durée de conservation',
};
