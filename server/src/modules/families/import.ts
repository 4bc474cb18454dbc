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
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { children, families, guardians, schools } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { parisDay } from '../../domain/dates.js';
import { chunks } from '../../db/rows.js';
import { audit } from '../../db/audit.js';
import { lockTenant } from '../tenants/service.js';
import { readTable } from './import-file.js';
import { checkLines, IMPORT_COLUMNS, type Column, type FamilyPlan } from './import-lines.js';
import type { ImportError, ImportResult } from '../../contracts/staff/index.js';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The errors sent back at most; the count says how many there are in all. */
const MAX_ERRORS_SHOWN = 500;

/** The contract's report, with how the file was read, which the staff page does not show. */
export type ImportPreview = Omit<ImportResult, 'applied'> & { encoding: 'utf-8' | 'windows-1252' | null; separator: ';' | ',' | null };

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
