import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { ApiError } from '../../errors.js';
import { email, jsonBody, text, idParam } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { isDayInRange, parisDay } from '../../domain/dates.js';
import { requireAdmin } from '../../http/staff-auth.js';
import { exportFamily } from './export.js';
import { auditEdition, childFileEdition, familyFileEdition, townName } from './editions.js';
import { pdfAnswer } from '../../http/downloads.js';
import { familyDetail, readSensitive, searchFamilies } from './staff-directory.js';
import { addChild, createFamilyRecord, updateChild, updateFamilyRecord } from './staff-records.js';
import { issueLetterBatch, reissueActivationLetter, sendPasswordReset } from './letters.js';
import { changeRequestQueue, changeRequestValues, decideQueuedRequest } from './staff-requests.js';
import { lettersCsv, lettersPdf, lettersXlsx } from './letter-files.js';
import { applyFamilyImport, MAX_IMPORT_BYTES, previewFamilyImport } from './import.js';
import { ImportFileError } from './import-file.js';
import { importTemplateCsv } from './import-lines.js';
import { DIETS } from '../../domain/diets.js';

/** Empty text clears an optional field. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable()).optional();
const line = (label: string, max = 200) => optional(z.string({ error: `${label} est invalide.` }).trim().max(max, `${label} est trop long.`));
const day = (label: string) => optional(z.string({ error: `${label} est invalide.` }).refine(isDayInRange, `${label} doit être une date valide (AAAA-MM-JJ).`));

const guardianBody = z.strictObject(
  {
    civility: line('La civilité', 20),
    firstName: text('Le prénom', 80),
    lastName: text('Le nom', 80),
    birthDate: day('La date de naissance'),
    addressLine1: line('L’adresse'),
    addressLine2: line('Le complément d’adresse'),
    postalCode: optional(z.string().trim().regex(/^\d{5}$/, 'Le code postal doit compter 5 chiffres.')),
    city: line('La ville', 100),
    phoneHome: line('Le téléphone du domicile', 30),
    phoneMobile: line('Le téléphone portable', 30),
    phoneWork: line('Le téléphone professionnel', 30),
    email: optional(email('L’e-mail du responsable')),
    profession: line('La profession', 100),
    employer: line('L’employeur', 100),
  },
  { error: 'Ce champ n’existe pas.' },
);

const familyFields = {
  familyNumber: text('Le numéro de famille', 40),
  name: text('Le nom de la famille', 120),
  email: optional(email()),
  guardians: z.strictObject({ responsable: guardianBody.optional(), conjoint: guardianBody.nullable().optional() }, { error: 'Ce responsable n’existe pas.' }).optional(),
};
const familyBody = z.strictObject(familyFields, { error: 'Ce champ n’existe pas.' });
const familyChange = familyBody.partial();

const childFields = {
  firstName: text('Le prénom', 80),
  lastName: text('Le nom', 80),
  birthDate: day('La date de naissance'),
  sex: optional(z.enum(['F', 'M'], { error: 'Le sexe doit être « F » ou « M ».' })),
  school: line('L’école', 120),
  className: line('La classe', 40),
  diet: z.enum(DIETS, { error: 'Le régime doit être standard, sans_viande, sans_gluten ou panier_repas.' }).optional(),
};
const childBody = z.strictObject(childFields, { error: 'Ce champ n’existe pas.' });
const childChange = childBody.partial();

const lettersBody = z.strictObject(
  {
    familyIds: z.array(z.uuid({ error: 'Une des familles choisies est invalide.' }), { error: 'La liste des familles est invalide.' }).max(20_000, 'Trop de familles à la fois.').optional(),
    format: z.enum(['csv', 'xlsx', 'pdf'], { error: 'Le format doit être « csv », « xlsx » ou « pdf ».' }),
  },
  { error: 'Ce champ n’existe pas.' },
);
const letterBody = z.strictObject({ format: z.enum(['json', 'pdf'], { error: 'Le format doit être « json » ou « pdf ».' }).default('json') }, { error: 'Ce champ n’existe pas.' });

const decisionBody = z.strictObject(
  {
    decision: z.enum(['accept', 'refuse'], { error: 'La décision doit être « accept » ou « refuse ».' }),
    note: optional(z.string().trim().max(500, 'Le commentaire ne doit pas dépasser 500 caractères.')),
  },
  { error: 'Ce champ n’existe pas.' },
);

const IMPORT_TOO_LARGE = 'Le fichier à importer ne doit pas dépasser 10 Mo.';
// Base64 grows by 4/3; the file name and the JSON around it take a few bytes.
const IMPORT_BODY_MAX = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 64 * 1024;
const importBody = z.strictObject({
  filename: text('Le nom du fichier', 200),
  data: z.string({ error: 'Le fichier est obligatoire.' }).min(1, 'Le fichier est obligatoire.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Le fichier doit être encodé en base64.'),
});
const importLimit = bodyLimit({ maxBytes: IMPORT_BODY_MAX, code: 'fichier_trop_lourd', tooLarge: IMPORT_TOO_LARGE });

async function importFileOf(c: Context<AppEnv>) {
  const body = await jsonBody(c, importBody);
  const bytes = new Uint8Array(Buffer.from(body.data, 'base64'));
  if (bytes.length > MAX_IMPORT_BYTES) throw new ApiError(413, 'fichier_trop_lourd', IMPORT_TOO_LARGE);
  return { filename: body.filename, bytes };
}

const unreadable = (err: unknown): never => {
  if (err instanceof ImportFileError) throw new ApiError(422, 'fichier_illisible', err.message);
  throw err;
};

const download = (c: Context<AppEnv>, body: string | Uint8Array, type: string, filename: string, count?: number) =>
  c.body(body as string, 200, {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${filename}"`,
    'X-Content-Type-Options': 'nosniff',
    ...(count === undefined ? {} : { 'X-Letters-Count': String(count) }),
  });

/**
 * Staff API of the families, mounted behind requireStaff. Agents read families (sensitive data
 * on explicit, audited request), edit them, issue activation letters and reset mail; only admins
 * import a file, which may rewrite hundreds of families at once.
 */
export function familiesStaffRoutes() {
  const admin = requireAdmin();
  return (
    new Hono<AppEnv>()
      .get('/families', async (c) => {
        const query = (c.req.query('q') ?? '').trim();
        if (query.length > 80) throw new ApiError(422, 'validation', 'La recherche est trop longue.', { fields: { q: 'La recherche est trop longue.' } });
        const page = Number(c.req.query('page') ?? '1');
        if (!Number.isInteger(page) || page < 1 || page > 10_000) throw new ApiError(422, 'validation', 'La page demandée est invalide.', { fields: { page: 'La page demandée est invalide.' } });
        return c.json(await searchFamilies(c.get('deps').database.db, c.get('staff').tenantId, query, page));
      })
      .post('/families', async (c) => c.json(await createFamilyRecord(c.get('deps'), c.get('staff'), await jsonBody(c, familyBody)), 201))

      // Import (admins)
      .get('/families/import/template.csv', (c) => download(c, importTemplateCsv(), 'text/csv; charset=utf-8', 'modele-import-familles.csv'))
      .post('/families/import/preview', admin, importLimit, async (c) => {
        const { filename, bytes } = await importFileOf(c);
        return c.json(await previewFamilyImport(c.get('deps'), c.get('staff').tenantId, filename, bytes).catch(unreadable));
      })
      .post('/families/import/apply', admin, importLimit, async (c) => {
        const { filename, bytes } = await importFileOf(c);
        const result = await applyFamilyImport(c.get('deps'), c.get('staff'), filename, bytes).catch(unreadable);
        if (!result.applied) {
          return c.json({ code: 'import_invalide', message: 'Le fichier contient des erreurs : rien n’a été importé. Corrigez-les puis réessayez.', ...result }, 422);
        }
        return c.json(result);
      })

      // Activation letters for many families at once
      .post('/families/letters', async (c) => {
        const body = await jsonBody(c, lettersBody);
        const { letters, town, now } = await issueLetterBatch(c.get('deps'), c.get('staff'), body.familyIds, body.format);
        if (!letters.length) throw new ApiError(422, 'aucune_famille', 'Aucune famille n’attend de lettre d’activation : toutes ont activé leur compte.');
        const name = `lettres-activation-${parisDay(now)}`;
        if (body.format === 'csv') return download(c, lettersCsv(letters), 'text/csv; charset=utf-8', `${name}.csv`, letters.length);
        if (body.format === 'xlsx') {
          return download(c, await lettersXlsx(letters, town.townName), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`, letters.length);
        }
        return download(c, await lettersPdf(letters, town, now), 'application/pdf', `${name}.pdf`, letters.length);
      })

      // Change requests of the family file
      .get('/change-requests', async (c) => c.json(await changeRequestQueue(c.get('deps'), c.get('staff').tenantId)))
      .get('/change-requests/:id/values', async (c) => c.json(await changeRequestValues(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))
      .post('/change-requests/:id/decide', async (c) => {
        const id = idParam(c.req.param('id'));
        const body = await jsonBody(c, decisionBody);
        const deps = c.get('deps');
        const staff = c.get('staff');
        await decideQueuedRequest(deps, staff, id, body.decision, body.note ?? undefined);
        return c.json(await changeRequestQueue(deps, staff.tenantId));
      })

      // One family
      .get('/families/:id', async (c) => {
        const deps = c.get('deps');
        return c.json(await familyDetail(deps.database.db, c.get('staff').tenantId, idParam(c.req.param('id')), deps.clock.now()));
      })
      .patch('/families/:id', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await updateFamilyRecord(c.get('deps'), c.get('staff'), id, await jsonBody(c, familyChange)));
      })
      .get('/families/:id/sensitive', async (c) => {
        const id = idParam(c.req.param('id'));
        const what = c.req.query('what');
        if (what !== 'donnees_sante' && what !== 'iban') {
          throw new ApiError(422, 'validation', 'Précisez la donnée demandée : « donnees_sante » ou « iban ».', { fields: { what: 'Précisez la donnée demandée : « donnees_sante » ou « iban ».' } });
        }
        return c.json(await readSensitive(c.get('deps'), c.get('staff'), id, what));
      })
      // Right of access on request, and the child files staff print for group leaders: every
      // edition reveals health data, so each one is written to the audit log.
      .get('/families/:id/export.json', async (c) => {
        const id = idParam(c.req.param('id'));
        const data = await exportFamily(c.get('deps'), c.get('staff').tenantId, id);
        await auditEdition(c.get('deps'), c.get('staff'), id, 'dossier_json');
        return c.json(data, 200, { 'Content-Disposition': `attachment; filename="dossier-famille-${data.family.familyNumber.replace(/[^A-Za-z0-9-]/g, '')}.json"`, 'Cache-Control': 'no-store' });
      })
      .get('/families/:id/export.pdf', async (c) => {
        const id = idParam(c.req.param('id'));
        const staff = c.get('staff');
        const { pdf, filename } = await familyFileEdition(c.get('deps'), { id: staff.tenantId, name: await townName(c.get('deps'), staff.tenantId) }, id);
        await auditEdition(c.get('deps'), staff, id, 'dossier_pdf');
        return pdfAnswer(c, pdf, filename);
      })
      .get('/families/:id/children/:childId/fiche.pdf', async (c) => {
        const id = idParam(c.req.param('id'));
        const childId = idParam(c.req.param('childId'));
        const staff = c.get('staff');
        const edition = c.req.query('edition') === 'complete' ? 'complete' : 'simple';
        const { pdf, filename } = await childFileEdition(c.get('deps'), { id: staff.tenantId, name: await townName(c.get('deps'), staff.tenantId) }, id, childId, edition);
        await auditEdition(c.get('deps'), staff, id, edition === 'complete' ? 'fiche_enfant_complete' : 'fiche_enfant_simple');
        return pdfAnswer(c, pdf, filename);
      })
      .post('/families/:id/children', async (c) => {
        const id = idParam(c.req.param('id'));
        return c.json(await addChild(c.get('deps'), c.get('staff'), id, await jsonBody(c, childBody)), 201);
      })
      .patch('/families/:id/children/:childId', async (c) => {
        const id = idParam(c.req.param('id'));
        const childId = idParam(c.req.param('childId'));
        return c.json(await updateChild(c.get('deps'), c.get('staff'), id, childId, await jsonBody(c, childChange)));
      })
      .post('/families/:id/activation-letter', async (c) => {
        const id = idParam(c.req.param('id'));
        const { format } = await jsonBody(c, letterBody);
        const { letter, town, now } = await reissueActivationLetter(c.get('deps'), c.get('staff'), id);
        if (format === 'pdf') return download(c, await lettersPdf([letter], town, now), 'application/pdf', `lettre-activation-${letter.familyNumber}.pdf`, 1);
        return c.json(
          {
            familyNumber: letter.familyNumber,
            name: letter.name,
            code: letter.code,
            expiresAt: letter.expiresAt.toISOString(),
            message: 'Nouveau code d’activation émis : les codes précédents ne fonctionnent plus. Il ne sera plus affiché, imprimez ou notez-le maintenant.',
          },
          201,
        );
      })
      .post('/families/:id/password-reset', async (c) => c.json(await sendPasswordReset(c.get('deps'), c.get('staff'), idParam(c.req.param('id')))))
  );
}
