/**
 * The commune's online payment provider: its settings as staff edit them (secret sealed, never
 * returned), and the provider as payments and invoices use it. Billing and payments both read it.
 */
import { createPublicKey } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { allowedOrigins, paymentSettings } from '../../db/schema/index.js';
import { PAYMENT_ENVIRONMENTS, PAYMENT_PROVIDERS, type PaymentProvider } from '../../db/schema/billing.js';
import type { StaffContext } from '../../actors.js';
import { validationError } from '../../errors.js';
import type { ProviderContext } from '../../payments/adapter.js';
import { PROVIDER_LABELS, type ProviderSettings } from '../../payments/providers.js';
import { MINIMUM_ONLINE_CENTS } from '../../domain/online-payment.js';
import { audit } from '../../db/audit.js';
import { isLocalHost } from '../../domain/web-address.js';
import type { OnlinePayment } from '../../contracts/index.js';
import type { PaymentSettings } from '../../contracts/staff/index.js';

// ---------------------------------------------------------------------------------------------
// The commune's online payment provider. The public part of the configuration is stored as is;
// the Systempay key or the Paybox HMAC key is sealed with the application key and never leaves
// the server again: the settings page only learns that one is set.
// ---------------------------------------------------------------------------------------------

const PROVIDERS = ['none', ...PAYMENT_PROVIDERS] as const;
const ENVIRONMENTS = PAYMENT_ENVIRONMENTS;

export const settingsBody = z.strictObject(
  {
    provider: z.enum(PROVIDERS, { error: 'Le prestataire doit être « none », « payfip », « tipi », « systempay » ou « paybox ».' }),
    environment: z.enum(ENVIRONMENTS, { error: 'L’environnement doit être « sandbox », « test » ou « production ».' }),
    returnUrl: z.string({ error: 'L’adresse de la page des factures doit être un texte.' }).trim().max(2000, 'L’adresse de la page des factures est trop longue.').nullable().optional(),
    config: z.record(z.string(), z.unknown(), { error: 'La configuration du prestataire est invalide.' }).default({}),
    secret: z.string({ error: 'La clé secrète doit être un texte.' }).trim().max(500, 'La clé secrète est trop longue.').optional(),
  },
  { error: 'Ce réglage n’existe pas.' },
);
export type SettingsBody = z.infer<typeof settingsBody>;

const numcli = z.string({ error: 'Le numéro client PayFiP est obligatoire.' }).trim().regex(/^[0-9]{6}$/, 'Le numéro client PayFiP compte 6 chiffres.');

const configSchemas = {
  payfip: z.strictObject({ numcli, saisie: z.enum(['T', 'X', 'W'], { error: 'Le mode de saisie PayFiP est T (test), X (activation) ou W (production).' }) }, { error: 'Ce champ n’existe pas.' }),
  tipi: z.strictObject(
    {
      numcli,
      saisie: z.enum(['T', 'X', 'A'], { error: 'Le mode de saisie TIPI est T (test), X (activation) ou A (production).' }),
      // TIPI signs nothing: a paid result waits for the régie, unless PayFiP's web service confirms it.
      verification: z.enum(['none', 'webservice'], { error: 'La vérification des paiements TIPI est « none » (par la régie) ou « webservice » (auprès de PayFiP).' }).default('none'),
    },
    { error: 'Ce champ n’existe pas.' },
  ),
  systempay: z.strictObject(
    {
      siteId: z.string({ error: 'L’identifiant de boutique est obligatoire.' }).trim().regex(/^[0-9]{8}$/, 'L’identifiant de boutique Systempay compte 8 chiffres.'),
      algorithm: z.enum(['HMAC-SHA-256', 'SHA1'], { error: 'L’algorithme de signature est HMAC-SHA-256 ou SHA1.' }),
      ctxMode: z.enum(['TEST', 'PRODUCTION'], { error: 'Le mode Systempay est TEST ou PRODUCTION.' }),
    },
    { error: 'Ce champ n’existe pas.' },
  ),
  paybox: z.strictObject(
    {
      site: z.string({ error: 'Le numéro de site est obligatoire.' }).trim().regex(/^[0-9]{7}$/, 'Le numéro de site Paybox compte 7 chiffres.'),
      rang: z.string({ error: 'Le rang est obligatoire.' }).trim().regex(/^[0-9]{2,3}$/, 'Le rang Paybox compte 2 ou 3 chiffres.'),
      identifiant: z.string({ error: 'L’identifiant est obligatoire.' }).trim().regex(/^[0-9]{1,9}$/, 'L’identifiant Paybox compte 1 à 9 chiffres.'),
      hash: z.literal('SHA512', { error: 'Seul SHA512 est accepté pour la signature Paybox.' }).default('SHA512'),
      publicKeyPem: z
        .string({ error: 'La clé publique de Paybox est obligatoire.' })
        .trim()
        .max(5000, 'La clé publique de Paybox est trop longue.')
        .refine((pem) => {
          try {
            return createPublicKey(pem).asymmetricKeyType === 'rsa';
          } catch {
            return false;
          }
        }, 'La clé publique de Paybox doit être une clé RSA au format PEM (pubkey.pem).'),
    },
    { error: 'Ce champ n’existe pas.' },
  ),
};

const secretRules: Partial<Record<PaymentProvider, { pattern: RegExp; message: string }>> = {
  systempay: { pattern: /^[A-Za-z0-9]{8,64}$/, message: 'La clé Systempay (certificat du mode choisi) compte 8 à 64 lettres ou chiffres.' },
  paybox: { pattern: /^[0-9A-Fa-f]{128}$/, message: 'La clé HMAC Paybox compte 128 chiffres hexadécimaux.' },
};

/** Notification URL of a tenant's provider, to declare in its back-office (Systempay) when asked. */
export const notificationUrl = (publicUrl: string, tenantId: string, provider: PaymentProvider) => `${publicUrl}/v1/paiement/${tenantId}/${provider}/notification`;

/** The contract's settings, every field given, and the provider's French name, which the staff page does not show. */
export type SettingsView = Required<PaymentSettings> & { providerLabel: string | null };

export async function readPaymentSettings(deps: Deps, tenantId: string): Promise<SettingsView> {
  const [row] = await deps.database.db.select().from(paymentSettings).where(eq(paymentSettings.tenantId, tenantId));
  const provider = row?.provider ?? 'none';
  return {
    provider,
    providerLabel: provider === 'none' ? null : PROVIDER_LABELS[provider],
    environment: row?.environment ?? 'test',
    returnUrl: row?.returnUrl ?? null,
    config: row?.config ?? {},
    secretSet: Boolean(row?.secretSealed),
    notificationUrl: provider === 'none' ? null : notificationUrl(deps.publicUrl, tenantId, provider),
    sandboxAvailable: deps.demo,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

async function checkReturnUrl(tx: Tx, tenantId: string, value: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'L’adresse de la page des factures doit être une adresse complète (https://www.ville.fr/…).';
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname))) || url.username || url.password) {
    return 'L’adresse de la page des factures doit commencer par https://, sans identifiant ni mot de passe.';
  }
  if (url.hash) return 'L’adresse de la page des factures ne doit pas contenir de #.';
  const [allowed] = await tx
    .select({ id: allowedOrigins.id })
    .from(allowedOrigins)
    .where(and(eq(allowedOrigins.tenantId, tenantId), eq(allowedOrigins.origin, url.origin)));
  return allowed ? null : `La page des factures doit être sur un site autorisé de la commune : ${url.origin} n’en fait pas partie.`;
}

/** Replaces the provider settings (admin). A secret left out keeps the one already set for the same provider. */
export async function savePaymentSettings(deps: Deps, staff: StaffContext, body: SettingsBody): Promise<SettingsView> {
  const tenantId = staff.tenantId;
  const fields: Record<string, string> = {};
  if (body.environment === 'sandbox' && !deps.demo) fields.environment = 'Le bac à sable n’existe qu’en mode démonstration : choisissez test ou production.';

  let config: Record<string, string> = {};
  if (body.provider !== 'none') {
    const parsed = configSchemas[body.provider].safeParse(body.config);
    if (parsed.success) config = parsed.data as Record<string, string>;
    else for (const issue of parsed.error.issues) fields[`config.${issue.path.join('.') || '_'}`] ??= issue.message;
  }

  const rule = body.provider === 'none' ? undefined : secretRules[body.provider];
  if (body.secret !== undefined && body.secret !== '') {
    if (!rule) fields.secret = 'Ce prestataire n’utilise pas de clé secrète.';
    else if (!rule.pattern.test(body.secret)) fields.secret = rule.message;
  }

  await deps.database.db.transaction(async (tx) => {
    const [current] = await tx.select().from(paymentSettings).where(eq(paymentSettings.tenantId, tenantId)).for('update');
    const newSecret = body.secret ? body.secret : null;
    const keepSecret = !newSecret && rule && current?.provider === body.provider && current.secretSealed;
    if (rule && !newSecret && !keepSecret) fields.secret ??= 'La clé secrète du prestataire est obligatoire.';

    const returnUrl = body.returnUrl ? body.returnUrl : null;
    if (body.provider !== 'none' && !returnUrl) fields.returnUrl = 'Indiquez l’adresse de la page du site qui affiche les factures : les paiements y reviennent.';
    else if (returnUrl) {
      const problem = await checkReturnUrl(tx, tenantId, returnUrl);
      if (problem) fields.returnUrl = problem;
    }
    if (Object.keys(fields).length > 0) throw validationError(fields);

    const now = deps.clock.now();
    const secretSealed = !rule ? null : newSecret ? deps.encryption.encrypt(newSecret) : current!.secretSealed;
    const values = { provider: body.provider, environment: body.environment, config, secretSealed, returnUrl, updatedAt: now };
    await tx
      .insert(paymentSettings)
      .values({ tenantId, ...values })
      .onConflictDoUpdate({ target: paymentSettings.tenantId, set: values });
    await audit(tx, staff, 'payment_settings_updated', body.provider, { provider: body.provider, environment: body.environment, secretChanged: Boolean(newSecret) });
  });
  return readPaymentSettings(deps, tenantId);
}

export interface ActiveProvider {
  settings: ProviderSettings;
  returnUrl: string;
}

/**
 * The provider payments go through now, secret opened, or null when online payment is off (no
 * provider, no return page, a secret that cannot be opened, a sandbox outside demo mode).
 */
export async function activeProvider(deps: Deps, db: Db | Tx, tenantId: string): Promise<ActiveProvider | null> {
  const [row] = await db.select().from(paymentSettings).where(eq(paymentSettings.tenantId, tenantId));
  if (!row || row.provider === 'none' || !row.returnUrl) return null;
  if (row.environment === 'sandbox' && !deps.demo) return null;
  let secret: string | null = null;
  if (secretRules[row.provider]) {
    if (!row.secretSealed) return null;
    try {
      secret = deps.encryption.decrypt(row.secretSealed);
    } catch {
      deps.log({ event: 'paiement_cle_illisible', tenant: tenantId });
      return null;
    }
  }
  const settings = { provider: row.provider, environment: row.environment, config: row.config, secret } as unknown as ProviderSettings;
  return { settings, returnUrl: row.returnUrl };
}

/** How the payment adapters reach their provider, judging at `now`. */
export const providerContext = (deps: Deps, now = deps.clock.now()): ProviderContext => ({ publicUrl: deps.publicUrl, fetch: deps.fetch, now });


/** What the parents' invoices page says about online payment. */
export async function onlinePaymentSummary(deps: Deps, tenantId: string): Promise<OnlinePayment> {
  const active = await activeProvider(deps, deps.database.db, tenantId);
  const provider = active?.settings.provider ?? null;
  return { enabled: provider !== null, provider, providerLabel: provider ? PROVIDER_LABELS[provider] : null, minimumCents: MINIMUM_ONLINE_CENTS };
}

