import { eq } from 'drizzle-orm';
import { tenants } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { audit } from '../../db/audit.js';
import { notFound } from '../../errors.js';
import { childFilePdf, familyFilePdf } from '../../pdf/index.js';
import type { ChildHealth, ChildInfo, Diet, Guardians } from '../../pdf/types.js';
import { listFamilyDocuments } from '../documents/service.js';
import { GROUP_LABELS, type FamilyGroup } from './policy.js';
import { familyFileHistory, readFamilyFile, type FamilyFile } from './file.js';

/**
 * The printable editions of the family file (reference 002: "fiche enfant simple ou complète",
 * and the right-of-access file), built from what the parent sees: the IBAN stays masked.
 */
type FileChild = FamilyFile['children'][number];

const healthOf = (child: FileChild): ChildHealth => ({
  allergies: child.health.allergies,
  pai: child.health.pai.active,
  paiDetails: child.health.pai.details,
  doctorName: child.health.doctorName,
  doctorPhone: child.health.doctorPhone,
  vaccinations: child.health.vaccinations,
  needsSupport: child.health.needsSupport,
  notes: child.health.notes,
});

const childInfo = (child: FileChild): ChildInfo => ({
  firstName: child.firstName,
  lastName: child.lastName,
  birthDate: child.birthDate,
  sex: child.sex,
  school: child.school,
  className: child.className,
  diet: child.diet as Diet,
  health: healthOf(child),
  pickupPersons: child.pickupPersons,
  complementary: child.complementary,
});

const guardiansOf = (file: FamilyFile): Guardians => ({ responsable: file.guardians.responsable, conjoint: file.guardians.conjoint });

const show = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value));

export async function childFileEdition(deps: Deps, tenant: { id: string; name: string }, familyId: string, childId: string, edition: 'simple' | 'complete') {
  const file = await readFamilyFile(deps, tenant.id, familyId);
  const child = file.children.find((c) => c.id === childId);
  if (!child) throw notFound('Cet enfant est introuvable.');
  const pdf = await childFilePdf(
    { townName: tenant.name, editedAt: deps.clock.now(), family: { number: file.family.number, name: file.family.name }, child: childInfo(child), guardians: guardiansOf(file) },
    edition,
  );
  return { pdf, filename: `fiche-${edition === 'complete' ? 'complete' : 'simple'}-${asciiName(child.firstName)}.pdf` };
}

export async function familyFileEdition(deps: Deps, tenant: { id: string; name: string }, familyId: string) {
  const [file, history, documents] = await Promise.all([
    readFamilyFile(deps, tenant.id, familyId),
    familyFileHistory(deps, tenant.id, familyId),
    listFamilyDocuments(deps, tenant.id, familyId),
  ]);
  const childName = (id: string | null) => file.children.find((c) => c.id === id)?.firstName ?? null;
  const pdf = await familyFilePdf({
    townName: tenant.name,
    editedAt: deps.clock.now(),
    family: {
      number: file.family.number,
      name: file.family.name,
      email: file.family.email,
      notificationEmails: file.family.notificationEmails,
      quotientFamilial: file.family.quotientFamilial,
      cafNumber: file.family.cafNumber,
      fiscalIncome: file.family.fiscalIncome,
      fiscalShares: file.family.fiscalShares,
      ibanMasked: file.family.iban,
      bic: file.family.bic,
      accountHolder: file.family.accountHolder,
    },
    guardians: guardiansOf(file),
    household: file.household,
    children: file.children.map(childInfo),
    pending: file.pending.map((p) => ({
      group: GROUP_LABELS[p.group as FamilyGroup] ?? p.group,
      childName: childName(p.childId),
      fields: Object.entries(p.fields).map(([label, change]) => ({ label, old: show(change.old), new: show(change.new) })),
      requestedAt: new Date(p.requestedAt),
    })),
    history: history.map((h) => ({ at: new Date(h.at), group: h.groupLabel, action: h.action, fields: h.fields, channel: h.channel, childName: h.childName ?? null })),
    documents: documents.mine.map((d) => ({ title: d.title, typeLabel: d.typeLabel, statusLabel: d.statusLabel, uploadedAt: new Date(d.uploadedAt), childName: childName(d.childId) })),
  });
  return { pdf, filename: `dossier-famille-${asciiName(file.family.number)}.pdf` };
}

const asciiName = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]/g, '-')
    .slice(0, 40);

/** A staff edition of a family's file (it holds health data): who, which family, what, when. */
export async function auditEdition(deps: Deps, staff: StaffContext, familyId: string, what: string) {
  await audit(deps.database.db, staff, 'edition_dossier', familyId, { quoi: what });
}

export async function townName(deps: Deps, tenantId: string) {
  const [row] = await deps.database.db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return row.name;
}
