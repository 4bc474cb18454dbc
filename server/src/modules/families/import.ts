/**
 * Import of the families a commune brings from its former portal, from CSV or XLSX.
 *
 * Template (one line per child, the family's columns repeated on each of its lines; a family
 * without children is one line with the child columns empty):
 *
 *   numero_famille;nom_famille;email;responsable_prenom;responsable_nom;telephone;adresse;
 *   code_postal;ville;enfant_prenom;enfant_nom;enfant_naissance;ecole;classe
 *
 * - CSV separated by `;` or `,` (detected on the header line), UTF-8 with or without BOM, or
 *   Windows-1252 (what Excel saves as "CSV (séparateur : point-virgule)") when not valid UTF-8.
 * - `enfant_naissance`: JJ/MM/AAAA or AAAA-MM-JJ.
 * - The family number is the key: importing the same file again changes nothing; a family that
 *   exists is updated in place and its children are matched by first name and birth date.
 * - A cell left empty never erases what the portal already holds, and the e-mail of an account a
 *   parent already activated is theirs (it is their login): the import leaves it alone.
 *
 * Preview and apply run the same checks; apply writes everything in one transaction or nothing,
 * in batches of 500 rows (no round trip per line).
 */
import ExcelJS from 'exceljs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { children, families, guardians, schools } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../http/context.js';
import { parisDay } from '../../domain/dates.js';
import { lockTenant } from './staff-service.js';
import { chunks } from '../../db/rows.js';
import { audit } from '../../db/audit.js';

export const IMPORT_COLUMNS = [
  'numero_famille',
  'nom_famille',
  'email',
  'responsable_prenom',
  'responsable_nom',
  'telephone',
  'adresse',
  'code_postal',
  'ville',
  'enfant_prenom',
  'enfant_nom',
  'enfant_naissance',
  'ecole',
  'classe',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type Line = Record<Column, string> & { row: number };

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The errors sent back at most; the count says how many there are in all. */
const MAX_ERRORS_SHOWN = 500;

/** The template offered for download, with one example family of two children. */
export function importTemplateCsv(): string {
  const example = [
    ['F0001', 'MARTIN', 'claire.martin@exemple.fr', 'Claire', 'MARTIN', '06 12 34 56 78', '12 rue des Écoles', '31000', 'Toulouse', 'Léa', 'MARTIN', '14/03/2018', 'École Jules Ferry', 'CE1'],
    ['F0001', 'MARTIN', 'claire.martin@exemple.fr', 'Claire', 'MARTIN', '06 12 34 56 78', '12 rue des Écoles', '31000', 'Toulouse', 'Hugo', 'MARTIN', '2020-11-02', 'École Jules Ferry', 'GS'],
  ];
  return '\uFEFF' + [IMPORT_COLUMNS.join(';'), ...example.map((r) => r.join(';'))].join('\r\n') + '\r\n';
}

export interface ImportError {
  /** Line of the file (the header is line 1). */
  row: number;
  column: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  familiesToCreate: number;
  familiesToUpdate: number;
  familiesUnchanged: number;
  childrenToCreate: number;
  childrenToUpdate: number;
  schoolsToCreate: number;
}

export interface ImportPreview {
  filename: string;
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'windows-1252' | null;
  separator: ';' | ',' | null;
  errorCount: number;
  errors: ImportError[];
  summary: ImportSummary;
}

export class ImportFileError extends Error {}

// ---------------------------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------------------------

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** The separator that splits the header line (outside quotes) into more columns. */
function separatorOf(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** RFC 4180 records (quotes, doubled quotes, line breaks inside quotes; CRLF or LF). */
export function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      record.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** What a spreadsheet cell says, as text (dates as AAAA-MM-JJ, formulas by their result). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new ImportFileError('Le classeur Excel est illisible. Enregistrez-le au format .xlsx, ou en CSV, puis réessayez.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError('Le classeur ne contient aucune feuille.');
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    records[number - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(records, (r) => r ?? []);
}

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readTable(filename: string, bytes: Uint8Array) {
  if (isZip(bytes)) return { format: 'xlsx' as const, encoding: null, separator: null, records: await readXlsx(bytes) };
  if (/\.xlsx?$/i.test(filename)) throw new ImportFileError('Ce fichier n’est pas un classeur .xlsx valide. Enregistrez-le au format .xlsx (Excel 2007 et suivants) ou en CSV.');
  const { text, encoding } = decodeText(bytes);
  const separator = separatorOf(text);
  return { format: 'csv' as const, encoding, separator, records: parseCsv(text, separator) };
}

// ---------------------------------------------------------------------------------------------
// Checking the lines
// ---------------------------------------------------------------------------------------------

const headerKey = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s'’-]+/g, '_');

const LABELS: Record<Column, string> = {
  numero_famille: 'Le numéro de famille',
  nom_famille: 'Le nom de la famille',
  email: 'L’e-mail',
  responsable_prenom: 'Le prénom du responsable',
  responsable_nom: 'Le nom du responsable',
  telephone: 'Le téléphone',
  adresse: 'L’adresse',
  code_postal: 'Le code postal',
  ville: 'La ville',
  enfant_prenom: 'Le prénom de l’enfant',
  enfant_nom: 'Le nom de l’enfant',
  enfant_naissance: 'La date de naissance',
  ecole: 'L’école',
  classe: 'La classe',
};
const MAX_LENGTH: Partial<Record<Column, number>> = { numero_famille: 40, code_postal: 10, telephone: 30, classe: 40 };

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]{2,}$/;

/** AAAA-MM-JJ from JJ/MM/AAAA or AAAA-MM-JJ, or null when it is no calendar day. */
export function parseBirthDate(value: string): string | null {
  const french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = french ? [+french[3], +french[2], +french[1]] : iso ? [+iso[1], +iso[2], +iso[3]] : [NaN, NaN, NaN];
  if (!Number.isFinite(y)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

interface FamilyPlan {
  number: string;
  name: string;
  email: string | null;
  firstRow: number;
  guardian: { firstName: string; lastName: string; phone: string; address: string; postalCode: string; city: string } | null;
  children: { row: number; firstName: string; lastName: string; birthDate: string; school: string; className: string }[];
}

function checkLines(records: string[][], today: string) {
  const errors: ImportError[] = [];
  const header = (records[0] ?? []).map(headerKey);
  const index = new Map<Column, number>();
  for (const column of IMPORT_COLUMNS) {
    const at = header.indexOf(column);
    if (at >= 0) index.set(column, at);
  }
  for (const column of ['numero_famille', 'nom_famille'] as const) {
    if (!index.has(column)) errors.push({ row: 1, column, message: `La colonne « ${column} » est absente de la première ligne. Partez du modèle à télécharger.` });
  }
  const plans = new Map<string, FamilyPlan>();
  if (errors.length) return { errors, plans, lines: 0 };

  let lines = 0;
  const emailOwner = new Map<string, string>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    if (record.every((cell) => !cell?.trim())) return;
    lines++;
    const line = { row } as Line;
    for (const column of IMPORT_COLUMNS) line[column] = (index.has(column) ? (record[index.get(column)!] ?? '') : '').replace(/\s+/g, ' ').trim();
    const fail = (column: Column, message: string) => errors.push({ row, column, message });
    for (const column of IMPORT_COLUMNS) {
      const max = MAX_LENGTH[column] ?? 200;
      if (line[column].length > max) fail(column, `${LABELS[column]} ne doit pas dépasser ${max} caractères.`);
    }

    if (!line.numero_famille) fail('numero_famille', 'Le numéro de famille est obligatoire.');
    if (!line.nom_famille) fail('nom_famille', 'Le nom de la famille est obligatoire.');
    const email = line.email.toLowerCase();
    if (email && !EMAIL.test(email)) fail('email', `L’e-mail « ${line.email} » n’est pas valide.`);
    if (/^\d{4}$/.test(line.code_postal)) line.code_postal = `0${line.code_postal}`;
    if (line.code_postal && !/^\d{5}$/.test(line.code_postal)) fail('code_postal', 'Le code postal doit compter 5 chiffres.');
    const guardianGiven = [line.responsable_prenom, line.responsable_nom, line.telephone, line.adresse, line.code_postal, line.ville].some(Boolean);
    if (guardianGiven && !line.responsable_prenom) fail('responsable_prenom', 'Le prénom du responsable est obligatoire quand ses coordonnées sont indiquées.');
    if (guardianGiven && !line.responsable_nom) fail('responsable_nom', 'Le nom du responsable est obligatoire quand ses coordonnées sont indiquées.');

    const childGiven = [line.enfant_prenom, line.enfant_nom, line.enfant_naissance, line.ecole, line.classe].some(Boolean);
    let birthDate: string | null = null;
    if (childGiven) {
      if (!line.enfant_prenom) fail('enfant_prenom', 'Le prénom de l’enfant est obligatoire.');
      if (!line.enfant_naissance) fail('enfant_naissance', 'La date de naissance de l’enfant est obligatoire (JJ/MM/AAAA).');
      else {
        birthDate = parseBirthDate(line.enfant_naissance);
        if (!birthDate) fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » n’est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ).`);
        else if (birthDate > today) fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » est dans le futur.`);
        else if (birthDate < '1990-01-01') fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » est trop ancienne pour un enfant.`);
      }
    }
    if (!line.numero_famille) return;

    let plan = plans.get(line.numero_famille);
    if (!plan) {
      plan = { number: line.numero_famille, name: line.nom_famille, email: email || null, firstRow: row, guardian: null, children: [] };
      plans.set(plan.number, plan);
    } else {
      if (line.nom_famille && line.nom_famille !== plan.name) fail('nom_famille', `Le nom de la famille diffère de celui de la ligne ${plan.firstRow} (même numéro de famille).`);
      if (email && plan.email && email !== plan.email) fail('email', `L’e-mail diffère de celui de la ligne ${plan.firstRow} (même numéro de famille).`);
      plan.email ??= email || null;
    }
    if (email) {
      const owner = emailOwner.get(email);
      if (owner && owner !== plan.number) fail('email', `L’e-mail « ${email} » est déjà celui de la famille n° ${owner} dans ce fichier.`);
      else emailOwner.set(email, plan.number);
    }
    if (guardianGiven && line.responsable_prenom && line.responsable_nom) {
      const g = plan.guardian;
      plan.guardian = {
        firstName: g?.firstName || line.responsable_prenom,
        lastName: g?.lastName || line.responsable_nom,
        phone: g?.phone || line.telephone,
        address: g?.address || line.adresse,
        postalCode: g?.postalCode || line.code_postal,
        city: g?.city || line.ville,
      };
    }
    if (childGiven && line.enfant_prenom && birthDate) {
      const twin = plan.children.find((c) => c.firstName.toLowerCase() === line.enfant_prenom.toLowerCase() && c.birthDate === birthDate);
      if (twin) fail('enfant_prenom', `Cet enfant figure déjà ligne ${twin.row} (même prénom et même date de naissance).`);
      else plan.children.push({ row, firstName: line.enfant_prenom, lastName: line.enfant_nom || plan.name, birthDate, school: line.ecole, className: line.classe });
    }
  });
  if (!lines) errors.push({ row: 2, column: 'numero_famille', message: 'Le fichier ne contient aucune famille après la ligne d’en-tête.' });
  return { errors, plans, lines };
}

// ---------------------------------------------------------------------------------------------
// Comparing with the database
// ---------------------------------------------------------------------------------------------

const isMobile = (phone: string) => /^(\+33\s?|0)[67]/.test(phone.replace(/[\s.-]/g, ''));

async function compare(db: Db | Tx, tenantId: string, plans: Map<string, FamilyPlan>, errors: ImportError[]) {
  const numbers = [...plans.keys()];
  const existing = new Map<string, { id: string; name: string; email: string | null; activated: boolean }>();
  for (const batch of chunks(numbers)) {
    const rows = await db
      .select({ id: families.id, number: families.familyNumber, name: families.name, email: families.email, activatedAt: families.activatedAt })
      .from(families)
      .where(and(eq(families.tenantId, tenantId), inArray(families.familyNumber, batch)));
    for (const r of rows) existing.set(r.number, { id: r.id, name: r.name, email: r.email, activated: r.activatedAt !== null });
  }
  const byEmail = new Map([...plans.values()].filter((p) => p.email).map((p) => [p.email!, p]));
  for (const batch of chunks([...byEmail.keys()])) {
    const rows = await db
      .select({ number: families.familyNumber, email: families.email })
      .from(families)
      .where(and(eq(families.tenantId, tenantId), inArray(families.email, batch)));
    for (const r of rows) {
      const plan = byEmail.get(r.email!);
      if (plan && plan.number !== r.number) {
        errors.push({ row: plan.firstRow, column: 'email', message: `L’e-mail « ${r.email} » est déjà celui de la famille n° ${r.number} dans le portail.` });
      }
    }
  }
  const ids = [...existing.values()].map((e) => e.id);
  const guardianOf = new Map<string, { firstName: string; lastName: string; phoneMobile: string | null; phoneHome: string | null; addressLine1: string | null; postalCode: string | null; city: string | null }>();
  const childrenOf = new Map<string, { id: string; firstName: string; lastName: string; birthDate: string | null; schoolId: string | null; className: string | null }[]>();
  for (const batch of chunks(ids)) {
    const [adults, kids] = await Promise.all([
      db
        .select({
          familyId: guardians.familyId,
          firstName: guardians.firstName,
          lastName: guardians.lastName,
          phoneMobile: guardians.phoneMobile,
          phoneHome: guardians.phoneHome,
          addressLine1: guardians.addressLine1,
          postalCode: guardians.postalCode,
          city: guardians.city,
        })
        .from(guardians)
        .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.familyId, batch), eq(guardians.role, 'responsable'))),
      db
        .select({ id: children.id, familyId: children.familyId, firstName: children.firstName, lastName: children.lastName, birthDate: children.birthDate, schoolId: children.schoolId, className: children.className })
        .from(children)
        .where(and(eq(children.tenantId, tenantId), inArray(children.familyId, batch))),
    ]);
    for (const { familyId, ...g } of adults) guardianOf.set(familyId, g);
    for (const { familyId, ...k } of kids) childrenOf.set(familyId, [...(childrenOf.get(familyId) ?? []), k]);
  }
  const schoolRows = await db.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.tenantId, tenantId));
  const schoolIds = new Map(schoolRows.map((s) => [s.name, s.id]));
  const newSchools = new Set<string>();

  const familyInserts: { number: string; name: string; email: string | null }[] = [];
  const familyUpdates: { id: string; name: string; email: string | null }[] = [];
  const guardianWrites: { number: string; familyId?: string; values: GuardianValues }[] = [];
  const childInserts: { number: string; familyId?: string; firstName: string; lastName: string; birthDate: string; school: string; className: string }[] = [];
  const childUpdates: { id: string; lastName: string; school: string | null; schoolId: string | null; className: string | null }[] = [];
  let unchanged = 0;

  for (const plan of plans.values()) {
    const found = existing.get(plan.number);
    let changed = false;
    for (const child of plan.children) if (child.school && !schoolIds.has(child.school)) newSchools.add(child.school);
    if (!found) {
      familyInserts.push({ number: plan.number, name: plan.name, email: plan.email });
      if (plan.guardian) guardianWrites.push({ number: plan.number, values: guardianValues(plan.guardian, null) });
      for (const child of plan.children) childInserts.push({ number: plan.number, ...child });
      continue;
    }
    const email = found.activated ? found.email : (plan.email ?? found.email);
    if (plan.name !== found.name || email !== found.email) {
      familyUpdates.push({ id: found.id, name: plan.name, email });
      changed = true;
    }
    if (plan.guardian) {
      const current = guardianOf.get(found.id) ?? null;
      const values = guardianValues(plan.guardian, current);
      if (!current || (Object.keys(values) as (keyof GuardianValues)[]).some((k) => (current[k] ?? null) !== values[k])) {
        guardianWrites.push({ number: plan.number, familyId: found.id, values });
        changed = true;
      }
    }
    const kids = childrenOf.get(found.id) ?? [];
    for (const child of plan.children) {
      const match = kids.find((k) => k.firstName.toLowerCase() === child.firstName.toLowerCase() && k.birthDate === child.birthDate);
      if (!match) {
        childInserts.push({ number: plan.number, familyId: found.id, ...child });
        changed = true;
        continue;
      }
      const schoolId = child.school ? (schoolIds.get(child.school) ?? null) : match.schoolId;
      const update = { id: match.id, lastName: child.lastName || match.lastName, school: child.school || null, schoolId, className: child.className || match.className };
      if (update.lastName !== match.lastName || (child.school && schoolId !== match.schoolId) || update.className !== match.className) {
        childUpdates.push(update);
        changed = true;
      }
    }
    if (!changed) unchanged++;
  }
  return { existing, familyInserts, familyUpdates, guardianWrites, childInserts, childUpdates, newSchools: [...newSchools], unchanged };
}

interface GuardianValues {
  firstName: string;
  lastName: string;
  phoneMobile: string | null;
  phoneHome: string | null;
  addressLine1: string | null;
  postalCode: string | null;
  city: string | null;
}

/** The responsable as the file gives it, empty cells keeping what the portal holds. */
function guardianValues(g: NonNullable<FamilyPlan['guardian']>, current: GuardianValues | null): GuardianValues {
  const mobile = g.phone && isMobile(g.phone);
  return {
    firstName: g.firstName,
    lastName: g.lastName,
    phoneMobile: mobile ? g.phone : (current?.phoneMobile ?? null),
    phoneHome: g.phone && !mobile ? g.phone : (current?.phoneHome ?? null),
    addressLine1: g.address || (current?.addressLine1 ?? null),
    postalCode: g.postalCode || (current?.postalCode ?? null),
    city: g.city || (current?.city ?? null),
  };
}

type Comparison = Awaited<ReturnType<typeof compare>>;

async function analyse(db: Db | Tx, tenantId: string, filename: string, bytes: Uint8Array, today: string) {
  const table = await readTable(filename, bytes);
  const { errors, plans, lines } = checkLines(table.records, today);
  const comparison = plans.size && !errors.some((e) => e.row === 1) ? await compare(db, tenantId, plans, errors) : null;
  errors.sort((a, b) => a.row - b.row || IMPORT_COLUMNS.indexOf(a.column as Column) - IMPORT_COLUMNS.indexOf(b.column as Column));
  const preview: ImportPreview = {
    filename,
    format: table.format,
    encoding: table.encoding,
    separator: table.separator,
    errorCount: errors.length,
    errors: errors.slice(0, MAX_ERRORS_SHOWN),
    summary: {
      rows: lines,
      familiesToCreate: comparison?.familyInserts.length ?? 0,
      familiesToUpdate: comparison ? plans.size - comparison.familyInserts.length - comparison.unchanged : 0,
      familiesUnchanged: comparison?.unchanged ?? 0,
      childrenToCreate: comparison?.childInserts.length ?? 0,
      childrenToUpdate: comparison?.childUpdates.length ?? 0,
      schoolsToCreate: comparison?.newSchools.length ?? 0,
    },
  };
  return { preview, comparison };
}

export async function previewFamilyImport(deps: Pick<Deps, 'database' | 'clock'>, tenantId: string, filename: string, bytes: Uint8Array) {
  return (await analyse(deps.database.db, tenantId, filename, bytes, parisDay(deps.clock.now()))).preview;
}

/**
 * Applies the file in one transaction when it has no error at all; otherwise writes nothing and
 * answers the same preview (`applied: false`).
 */
export async function applyFamilyImport(deps: Pick<Deps, 'database' | 'clock'>, staff: StaffContext, filename: string, bytes: Uint8Array) {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    await lockTenant(tx, staff.tenantId);
    const { preview, comparison } = await analyse(tx, staff.tenantId, filename, bytes, parisDay(now));
    if (preview.errorCount || !comparison) return { applied: false as const, ...preview };
    await write(tx, staff.tenantId, comparison, now);
    await audit(tx, staff, 'familles_importees', null, {
      fichier: filename,
      familles_creees: preview.summary.familiesToCreate,
      familles_modifiees: preview.summary.familiesToUpdate,
      enfants_crees: preview.summary.childrenToCreate,
      enfants_modifies: preview.summary.childrenToUpdate,
    });
    return { applied: true as const, ...preview };
  });
}

async function write(tx: Tx, tenantId: string, plan: Comparison, now: Date) {
  const familyIds = new Map([...plan.existing].map(([number, f]) => [number, f.id]));

  if (plan.newSchools.length) await tx.insert(schools).values(plan.newSchools.map((name) => ({ tenantId, name }))).onConflictDoNothing();
  const schoolIds = new Map((await tx.select({ id: schools.id, name: schools.name }).from(schools).where(eq(schools.tenantId, tenantId))).map((s) => [s.name, s.id]));

  for (const batch of chunks(plan.familyInserts)) {
    const rows = await tx
      .insert(families)
      .values(batch.map((f) => ({ tenantId, familyNumber: f.number, name: f.name, email: f.email })))
      .returning({ id: families.id, number: families.familyNumber });
    for (const r of rows) familyIds.set(r.number, r.id);
  }
  for (const batch of chunks(plan.familyUpdates)) {
    const values = sql.join(
      batch.map((f) => sql`(${f.id}::uuid, ${f.name}::text, ${f.email}::text)`),
      sql`, `,
    );
    await tx.execute(sql`update families f set name = v.name, email = v.email from (values ${values}) as v(id, name, email) where f.tenant_id = ${tenantId} and f.id = v.id`);
  }
  for (const batch of chunks(plan.guardianWrites)) {
    await tx
      .insert(guardians)
      .values(batch.map((g) => ({ tenantId, familyId: g.familyId ?? familyIds.get(g.number)!, role: 'responsable' as const, ...g.values, updatedAt: now })))
      .onConflictDoUpdate({
        target: [guardians.tenantId, guardians.familyId, guardians.role],
        set: {
          firstName: sql`excluded.first_name`,
          lastName: sql`excluded.last_name`,
          phoneMobile: sql`excluded.phone_mobile`,
          phoneHome: sql`excluded.phone_home`,
          addressLine1: sql`excluded.address_line1`,
          postalCode: sql`excluded.postal_code`,
          city: sql`excluded.city`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  for (const batch of chunks(plan.childInserts)) {
    await tx.insert(children).values(
      batch.map((c) => ({
        tenantId,
        familyId: c.familyId ?? familyIds.get(c.number)!,
        firstName: c.firstName,
        lastName: c.lastName,
        birthDate: c.birthDate,
        schoolId: c.school ? (schoolIds.get(c.school) ?? null) : null,
        className: c.className || null,
      })),
    );
  }
  for (const batch of chunks(plan.childUpdates)) {
    const values = sql.join(
      batch.map((c) => sql`(${c.id}::uuid, ${c.lastName}::text, ${c.school ? (schoolIds.get(c.school) ?? null) : c.schoolId}::uuid, ${c.className}::text)`),
      sql`, `,
    );
    await tx.execute(
      sql`update children c set last_name = v.last_name, school_id = v.school_id, class_name = v.class_name
          from (values ${values}) as v(id, last_name, school_id, class_name) where c.tenant_id = ${tenantId} and c.id = v.id`,
    );
  }
}
