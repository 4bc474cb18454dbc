import { msg } from '@lit/localize';
import type { StaffConversationFilter } from '../api/messages.js';

/** French names of the inbox's states and filters. */
export function stateLabel(state: StaffConversationFilter): string {
  const labels: Record<StaffConversationFilter, () => string> = {
    unread: () => msg('Non lue'),
    waiting: () => msg('En attente de réponse'),
    answered: () => msg('Répondue'),
    closed: () => msg('Close'),
    open: () => msg('Ouvertes'),
    all: () => msg('Toutes'),
  };
  return labels[state]();
}

export function filterLabel(state: StaffConversationFilter): string {
  const labels: Record<StaffConversationFilter, () => string> = {
    unread: () => msg('Non lues'),
    waiting: () => msg('En attente de réponse'),
    answered: () => msg('Répondues'),
    closed: () => msg('Closes'),
    open: () => msg('Ouvertes (non lues, en attente, répondues)'),
    all: () => msg('Toutes'),
  };
  return labels[state]();
}
