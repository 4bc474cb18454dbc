import { Hono } from 'hono';
import { renderInvoicePdf } from './invoice-document.js';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { validationError } from '../../errors.js';
import { day, idParam, jsonBody, month, text } from '../../http/validate.js';
import { pdfAnswer } from '../../http/downloads.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { createRegie, listRegies, updateRegie } from './regies.js';
import { listTariffs, readTariff, updateTariff } from './tariffs.js';
import { discardRun, previewRun, publishRun } from './invoicing.js';
import { issueCreditNote } from './credit-notes.js';
import { recordOfflinePayment } from './offline-payments.js';
import { listInvoices, listRuns, readInvoice, readRun, readRunSummary } from './staff-queries.js';

const STRICT = { error: 'Ce champ n’existe pas.' };

const uuid = (label: string) => z.uuid({ error: `${label} est invalide.` });
const integer = (label: string, min: number, max: number) =>
  z.number({ error: `${label} doit être un nombre entier.` }).int(`${label} doit être un nombre entier.`).min(min, `${label} doit valoir au moins ${min}.`).max(max, `${label} est trop grand.`);
const cents = (label: string, min: number, max = 100_000_000) =>
  z.number({ error: `${label} doit être un montant en centimes.` }).int(`${label} doit être un nombre entier de centimes.`).min(min, `${label} doit valoir au moins ${min} centime${min > 1 ? 's' : ''}.`).max(max, `${label} est trop grand.`);
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} doit être un texte.` })
    .trim()
    .max(max, `${label} est trop long.`)
    .nullable()
    .transform((value) => (value ? value : null));

const regieFields = {
  code: z.string({ error: 'Le code est obligatoire.' }).trim().regex(/^[A-Z0-9]{1,20}$/, 'Le code compte 1 à 20 lettres majuscules ou chiffres, sans espace ni accent.'),
  name: text('Le nom', 120),
  payfipNumcli: z
    .string({ error: 'Le numéro client PayFiP doit être un texte.' })
    .trim()
    .regex(/^\d{6}$/, 'Le numéro client PayFiP compte six chiffres.')
    .nullable()
    .or(z.literal('').transform(() => null)),
  dueDays: integer('Le délai de paiement', 0, 365),
  paymentInstructions: optionalText('Les modalités de paiement', 1000),
};
const regieBody = z.strictObject(
  { ...regieFields, payfipNumcli: regieFields.payfipNumcli.default(null), dueDays: regieFields.dueDays.default(30), paymentInstructions: regieFields.paymentInstructions.default(null) },
  STRICT,
);
const regieChange = z.strictObject(
  {
    code: regieFields.code.optional(),
    name: regieFields.name.optional(),
    payfipNumcli: regieFields.payfipNumcli.optional(),
    dueDays: regieFields.dueDays.optional(),
    paymentInstructions: regieFields.paymentInstructions.optional(),
    active: z.boolean({ error: 'Indiquez si la régie est active.' }).optional(),
  },
  STRICT,
);

const tariffChange = z.strictObject(
  {
    regieId: uuid('La régie').nullable().optional(),
    basePriceCents: cents('Le prix de base', 0, 1_000_000).optional(),
    brackets: z
      .array(
        z.strictObject(
          {
            maxQuotient: z.number({ error: 'Le plafond de quotient familial doit être un nombre.' }).min(0, 'Le plafond de quotient familial ne peut pas être négatif.').max(1_000_000, 'Le plafond de quotient familial est trop grand.').nullable(),
            priceCents: cents('Le prix de la tranche', 0, 1_000_000),
          },
          STRICT,
        ),
        { error: 'Les tranches de quotient familial sont invalides.' },
      )
      .max(20, 'Pas plus de vingt tranches.')
      .optional(),
    rankDiscounts: z
      .array(
        z.strictObject(
          {
            fromRank: integer('Le rang', 1, 20),
            percent: z.number({ error: 'Le pourcentage de réduction doit être un nombre.' }).min(0, 'Le pourcentage ne peut pas être négatif.').max(100, 'Le pourcentage ne peut pas dépasser 100.'),
          },
          STRICT,
        ),
        { error: 'Les réductions par rang sont invalides.' },
      )
      .max(10, 'Pas plus de dix réductions.')
      .optional(),
    lateCancellationBilled: z.boolean({ error: 'Indiquez si les annulations tardives sont facturées.' }).optional(),
    waitlistedBilled: z.boolean({ error: 'Indiquez si les jours en liste d’attente sont facturés.' }).optional(),
    childcareTaxCredit: z.boolean({ error: 'Indiquez si ce service est une garde ouvrant droit au crédit d’impôt.' }).optional(),
  },
  STRICT,
);

const runBody = z.strictObject(
  {
    regieId: uuid('La régie'),
    month: month(),
    issueDate: day('La date de facture').optional(),
    dueDate: day('L’échéance').optional(),
  },
  STRICT,
);

const creditNoteBody = z.strictObject(
  {
    reason: text('Le motif de l’avoir', 200),
    lines: z
      .array(
        z.strictObject(
          {
            label: text('Le libellé de la ligne', 200),
            quantity: integer('La quantité', 1, 1000),
            unitCents: z
              .number({ error: 'Le montant unitaire doit être un nombre entier de centimes.' })
              .int('Le montant unitaire doit être un nombre entier de centimes.')
              .refine((value) => value !== 0 && Math.abs(value) <= 10_000_000, 'Le montant unitaire doit être non nul et raisonnable.'),
          },
          STRICT,
        ),
        { error: 'Les lignes de l’avoir sont invalides.' },
      )
      .max(50, 'Pas plus de cinquante lignes.')
      .optional(),
  },
  STRICT,
);

const paymentBody = z.strictObject(
  {
    method: z.enum(['cheque', 'cash', 'direct_debit'], { error: 'Le moyen de paiement doit être « cheque », « cash » ou « direct_debit ».' }),
    amountCents: cents('Le montant', 1),
    paidOn: day('La date de réception'),
    payerName: text('Le nom du payeur', 120),
    note: optionalText('La remarque', 500).optional(),
  },
  STRICT,
);

const STATUSES = ['unpaid', 'paid', 'carried', 'cancelled'] as const;

function invoiceFilter(query: Record<string, string>) {
  const fields: Record<string, string> = {};
  const familyId = query.familyId || undefined;
  if (familyId && !z.uuid().safeParse(familyId).success) fields.familyId = 'La famille est invalide.';
  const status = query.status || undefined;
  if (status && !STATUSES.includes(status as never)) fields.status = 'Le statut doit être « unpaid », « paid », « carried » ou « cancelled ».';
  const q = (query.q ?? '').trim() || undefined;
  if (q && q.length > 80) fields.q = 'La recherche est trop longue.';
  if (Object.keys(fields).length) throw validationError(fields);
  return { familyId, status: status as (typeof STATUSES)[number] | undefined, q };
}

/**
 * Staff billing API, mounted behind requireStaff: agents read everything and record offline
 * payments; only admins change régies and tariffs, compute and publish invoicing runs and issue
 * credit notes.
 */
export function billingStaffRoutes() {
  const admin = requireAdmin();
  return (
    new Hono<AppEnv>()
      // Régies
      .get('/regies', async (c) => c.json(await listRegies(c.get('deps').database.db, c.get('staff').tenantId)))
      .post('/regies', admin, async (c) => c.json(await createRegie(c.get('deps'), c.get('staff'), await jsonBody(c, regieBody)), 201))
      .patch('/regies/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateRegie(c.get('deps'), c.get('staff'), id, await jsonBody(c, regieChange)));
      })

      // Tariffs
      .get('/tariffs', async (c) => c.json(await listTariffs(c.get('deps').database.db, c.get('staff').tenantId)))
      .get('/services/:id/tariff', async (c) => c.json(await readTariff(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
      .patch('/services/:id/tariff', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateTariff(c.get('deps'), c.get('staff'), id, await jsonBody(c, tariffChange)));
      })

      // Invoicing runs
      .get('/invoicing/runs', async (c) => {
        const regieId = c.req.query('regieId') || undefined;
        if (regieId && !z.uuid().safeParse(regieId).success) throw validationError({ regieId: 'La régie est invalide.' });
        return c.json(await listRuns(c.get('deps').database.db, c.get('staff').tenantId, regieId));
      })
      .post('/invoicing/runs', admin, async (c) => {
        const deps = c.get('deps');
        const staff = c.get('staff');
        const runId = await previewRun(deps, staff, await jsonBody(c, runBody));
        return c.json(await readRunSummary(deps.database.db, staff.tenantId, runId), 201);
      })
      .get('/invoicing/runs/:id', async (c) => c.json(await readRun(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
      .post('/invoicing/runs/:id/publish', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        await jsonBody(c, z.strictObject({}, STRICT));
        const deps = c.get('deps');
        await publishRun(deps, c.get('staff'), id);
        return c.json(await readRunSummary(deps.database.db, c.get('staff').tenantId, id));
      })
      .delete('/invoicing/runs/:id', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        const deps = c.get('deps');
        await discardRun(deps, c.get('staff'), id);
        return c.json(await readRunSummary(deps.database.db, c.get('staff').tenantId, id));
      })

      // Invoices
      .get('/invoices', async (c) => c.json(await listInvoices(c.get('deps').database.db, c.get('staff').tenantId, invoiceFilter(c.req.query()))))
      .get('/invoices/:id', async (c) => c.json(await readInvoice(c.get('deps').database.db, c.get('staff').tenantId, idParam(c.req.param('id')))))
      .get('/invoices/:id/pdf', async (c) => {
        const id = idParam(c.req.param('id'));
        const deps = c.get('deps');
        await readInvoice(deps.database.db, c.get('staff').tenantId, id);
        const { pdf, filename } = await renderInvoicePdf(deps, c.get('staff').tenantId, id);
        return pdfAnswer(c, pdf, filename);
      })
      .post('/invoices/:id/credit-note', admin, async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await issueCreditNote(c.get('deps'), c.get('staff'), id, await jsonBody(c, creditNoteBody)), 201);
      })
      .post('/invoices/:id/payments', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await recordOfflinePayment(c.get('deps'), c.get('staff'), id, await jsonBody(c, paymentBody)), 201);
      })
  );
}
