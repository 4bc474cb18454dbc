import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { paymentSettings, publicKeys, settings } from '../../db/schema/index.js';
import { loadWidgetBundle } from '../widget/bundle.js';

/** Addresses of the town pages used when the settings name none (the guide's example pages). */
export const DEFAULT_PAGES = {
  login: '/enfance/cantine-periscolaire',
  planning: '/enfance/reservations',
  factures: '/enfance/factures',
  famille: '/enfance/dossier-famille',
};

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The exact code to paste in the town's pages, pinned to the current build with SRI when there is one. */
export async function integrationSnippet(deps: Deps, tenantId: string) {
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const bundle = loadWidgetBundle(deps.widgetDir);
  const [key] = await deps.database.db
    .select({ key: publicKeys.key })
    .from(publicKeys)
    .where(and(eq(publicKeys.tenantId, tenantId), isNull(publicKeys.revokedAt)))
    .orderBy(desc(publicKeys.createdAt))
    .limit(1);
  const [pages] = await deps.database.db
    .select({ portalUrl: settings.portalUrl, returnUrl: paymentSettings.returnUrl })
    .from(settings)
    .leftJoin(paymentSettings, eq(paymentSettings.tenantId, settings.tenantId))
    .where(eq(settings.tenantId, tenantId));
  const login = escapeAttribute(pages?.portalUrl ?? DEFAULT_PAGES.login);
  const factures = escapeAttribute(pages?.returnUrl ?? DEFAULT_PAGES.factures);
  // Each element with the links it offers: the home's shortcuts, the sign-in link of the others.
  const elements = [
    `<portail-login></portail-login>`,
    `<portail-accueil planning-href="${DEFAULT_PAGES.planning}" factures-href="${factures}" famille-href="${DEFAULT_PAGES.famille}"></portail-accueil>`,
    `<portail-planning login-href="${login}"></portail-planning>`,
    `<portail-factures login-href="${login}"></portail-factures>`,
    `<portail-famille login-href="${login}"></portail-famille>`,
  ];
  const scriptUrl = bundle ? `${publicUrl}/widget/v1/${bundle.version}/portail.js` : `${publicUrl}/widget/v1/portail.js`;
  const script = key
    ? `<script type="module" src="${escapeAttribute(scriptUrl)}"${bundle ? ` integrity="${bundle.integrity}"` : ''} crossorigin="anonymous" data-portail-key="${key.key}" data-portail-api="${escapeAttribute(publicUrl)}"></script>`
    : null;
  return {
    publicKey: key?.key ?? null,
    version: bundle?.version ?? null,
    integrity: bundle?.integrity ?? null,
    scriptUrl,
    script,
    elements,
    html: script
      ? [
          '<!-- Une fois par page qui contient un élément du portail : -->',
          script,
          '',
          '<!-- Page du portail (connexion et accueil) ; adaptez les adresses des raccourcis à vos pages : -->',
          elements[0],
          elements[1],
          '',
          '<!-- Page « Réservations » : -->',
          elements[2],
          '',
          '<!-- Page « Factures et paiement » (le paiement revient sur la page d’où il est lancé) : -->',
          elements[3],
          '',
          '<!-- Page « Dossier famille » : -->',
          elements[4],
        ].join('\n')
      : null,
  };
}
