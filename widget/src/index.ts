import { defineLazily } from './base/lazy-define.js';

defineLazily({
  'portail-login': () => import('./components/login/portail-login.js').then((m) => m.PortailLogin),
  'portail-accueil': () => import('./components/accueil/portail-accueil.js').then((m) => m.PortailAccueil),
  'portail-planning': () => import('./components/planning/portail-planning.js').then((m) => m.PortailPlanning),
  'portail-factures': () => import('./components/factures/portail-factures.js').then((m) => m.PortailFactures),
  'portail-famille': () => import('./components/famille/portail-famille.js').then((m) => m.PortailFamille),
  'portail-panier': () => import('./components/panier/portail-panier.js').then((m) => m.PortailPanier),
  'portail-messages': () => import('./components/messages/portail-messages.js').then((m) => m.PortailMessages),
  'portail-notifications': () => import('./components/notifications/portail-notifications.js').then((m) => m.PortailNotifications),
  'portail-demandes': () => import('./components/demandes/portail-demandes.js').then((m) => m.PortailDemandes),
  'portail-aide': () => import('./components/aide/portail-aide.js').then((m) => m.PortailAide),
});
