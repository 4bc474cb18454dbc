import { parseArgs } from 'node:util';
import { openDatabase, migrateDatabase } from '../db/client.js';
import { createStaffUser, createTenant, normaliseOrigin } from '../modules/tenants/service.js';
import { staffActivationLink } from '../modules/auth/codes.js';

const usage = `Créer une commune et son premier administrateur :

  npm run tenant:create -- --name "Ville de Saint-Exemple" --origin https://www.saint-exemple.fr \\
      --portal-url https://www.saint-exemple.fr/enfance/portail --admin-email enfance@saint-exemple.fr \\
      [--admin-name "Service enfance"] [--contact-email enfance@saint-exemple.fr] [--origin …]

Variables : DATABASE_URL (sinon base embarquée ./.data), PUBLIC_URL (adresse publique de la plateforme).`;

const fail = (message: string): never => {
  console.error(`Erreur : ${message}\n\n${usage}`);
  process.exit(2);
};

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    'portal-url': { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    'contact-email': { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const name = values.name?.trim() || fail('le nom de la commune (--name) est obligatoire.');
const adminEmail = values['admin-email']?.trim().toLowerCase() || fail('l’e-mail de l’administrateur (--admin-email) est obligatoire.');
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) fail('l’e-mail de l’administrateur n’est pas valide.');
const origins = (values.origin ?? []).map((o) => normaliseOrigin(o) ?? fail(`origine invalide : ${o} (attendu : https://www.exemple.fr, sans chemin).`));
const portalUrl = values['portal-url'];
if (portalUrl && !/^https:\/\//.test(portalUrl) && !/^http:\/\/localhost[:/]/.test(portalUrl)) fail('l’adresse du portail doit commencer par https://.');
const publicUrl = (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, '');

const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
await migrateDatabase(database);
try {
  const created = await database.db.transaction(async (tx) => {
    const { tenant, publicKey } = await createTenant(tx, { name, origins, portalUrl, contactEmail: values['contact-email'] ?? adminEmail });
    const { activation } = await createStaffUser(tx, tenant.id, { email: adminEmail, displayName: values['admin-name'] ?? 'Administrateur', role: 'admin' }, new Date());
    return { tenant, publicKey, activation: activation! };
  });
  console.log(`Commune créée : ${created.tenant.name}
  Clé publique        ${created.publicKey}
  Origines autorisées ${origins.join(', ') || '(aucune : à ajouter dans les paramètres)'}

Lien d’activation de l’administrateur (usage unique, valable jusqu’au ${created.activation.expiresAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}) :
  ${staffActivationLink(publicUrl, created.activation.token)}

Transmettez ce lien à ${adminEmail} par un canal sûr : il permet de choisir le mot de passe.`);
} catch (err) {
  if ((err as { cause?: { code?: string } }).cause?.code === '23505') fail('un compte du personnel utilise déjà cet e-mail.');
  throw err;
} finally {
  await database.close();
}
