import { startServer, closeOnSignals } from '../server/src/start.js';
import { DEMO_LOGINS, seedDemo } from './seed.js';
import { startSite } from './site-server.js';
import { createSandboxes, SANDBOX_PAYBOX, SANDBOX_PAYFIP, SANDBOX_SYSTEMPAY, sandboxUrls } from './sandboxes/index.js';

export interface DemoOptions {
  apiPort: number;
  sitePort: number;
  dataDir?: string;
  databaseUrl?: string;
  smtpUrl?: string;
  quiet?: boolean;
}

/** The whole demo: API + widget + staff page on one port, the town site on another. */
export async function startDemo(options: DemoOptions) {
  const siteOrigin = `http://localhost:${options.sitePort}`;
  const api = await startServer({
    port: options.apiPort,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    smtpUrl: options.smtpUrl,
    publicUrl: `http://localhost:${options.apiPort}`,
    demo: true,
    sandbox: (publicUrl) => createSandboxes({ publicUrl }),
    log: options.quiet ? () => {} : undefined,
  });
  const demo = await seedDemo(api.deps, siteOrigin);
  const site = await startSite(options.sitePort, api.url, demo.publicKey);
  return {
    api,
    site,
    demo,
    async close() {
      await site.close();
      await api.close();
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = process.env;
  const running = await startDemo({
    apiPort: Number(env.PORT ?? 3000),
    sitePort: Number(env.DEMO_PORT ?? 3001),
    databaseUrl: env.DATABASE_URL,
    smtpUrl: env.SMTP_URL,
    quiet: env.DEMO_LOGS !== '1',
  });
  const { api, site, demo } = running;
  const sandbox = sandboxUrls(api.url);
  console.log(`
Portail Famille – démonstration « Ville de Démo »  (${api.database.kind === 'postgres' ? 'PostgreSQL' : 'base embarquée ./.data'})

  Site de la commune        ${site.url}/
  Cantine et périscolaire   ${site.url}/cantine-periscolaire.html   (connexion, accueil)
  Réservations              ${site.url}/reservations.html           (planning)
  Dossier famille           ${site.url}/dossier-famille.html        (fiche famille, documents)
  Factures                  ${site.url}/factures.html               (factures, paiement en ligne)
  Page avec CSP stricte     ${site.url}/csp-stricte.html
  Paramètres (personnel)    ${api.url}/admin
  Boîte aux lettres (démo)  ${api.url}/mailbox
  Paiement (bacs à sable)   ${sandbox.home}   (aucun paiement réel)
    PayFiP / TIPI           ${sandbox.payfipWebService}   (numcli ${SANDBOX_PAYFIP.numcli})
    Systempay               ${sandbox.systempayForm}   (boutique ${SANDBOX_SYSTEMPAY.siteId}, mode TEST)
    Paybox                  ${sandbox.payboxForm}   (site ${SANDBOX_PAYBOX.site}, rang ${SANDBOX_PAYBOX.rang})
  API                       ${api.url}/health

  Famille (déjà activée)    ${DEMO_LOGINS.family.login}  /  ${DEMO_LOGINS.family.password}
  Première connexion        n° de famille ${DEMO_LOGINS.newFamilyNumber}  /  code ${demo.activationCode ?? '(compte déjà activé)'}
  Personnel, administrateur ${DEMO_LOGINS.admin.login}  /  ${DEMO_LOGINS.admin.password}
  Personnel, agent          ${DEMO_LOGINS.agent.login}  /  ${DEMO_LOGINS.agent.password}

Ctrl+C pour arrêter.`);
  closeOnSignals(running.close);
}
