import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { children, documents, families, settings, staffUsers, tenants, DOCUMENT_TYPES } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import type { StaffContext } from '../../actors.js';
import { ApiError, notFound } from '../../errors.js';
import { queueMail } from '../../mail/outbox.js';
import { formatDayShort, parisDay } from '../../domain/dates.js';
import { sniffDocument, MAX_IMAGE_SIDE, type DocumentMime } from './sniff.js';
import { audit } from '../../db/audit.js';
import type { DocumentStatus } from '../../contracts/index.js';

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TOO_LARGE = 'Le fichier ne doit pas dépasser 5 Mo.';
/** A family cannot pile up files faster than the town hall checks them. */
export const MAX_PENDING_PER_FAMILY = 30;

export const TYPE_LABELS: Record<DocumentType, string> = {
  attestation_caf: 'Attestation CAF',
  certificat_medical: 'Certificat médical',
  justificatif_domicile: 'Justificatif de domicile',
  attestation_assurance: 'Attestation d’assurance',
  pai: 'PAI',
  jugement_garde: 'Jugement de garde',
  autre: 'Autre',
};

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  pending: 'En attente de vérification',
  accepted: 'Accepté',
  rejected: 'Refusé',
  published: 'Publié par la commune',
};

/** French names of the audit actions written here, for the staff history. */
export const DOCUMENT_AUDIT_LABELS: Record<string, string> = {
  document_accepte: 'Document accepté',
  document_refuse: 'Document refusé',
  document_publie: 'Document publié',
  document_retire: 'Document retiré',
  document_telecharge: 'Document consulté',
};

const EXTENSIONS: Record<DocumentMime, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** What a document is, never its bytes: also what the family's own export lists. */
export const documentColumns = {
  id: documents.id,
  childId: documents.childId,
  type: documents.type,
  title: documents.title,
  mime: documents.mime,
  size: documents.size,
  status: documents.status,
  uploadedAt: documents.uploadedAt,
  decidedAt: documents.decidedAt,
  rejectionReason: documents.rejectionReason,
};

const metadata = { ...documentColumns, familyId: documents.familyId };

type MetadataRow = { id: string; childId: string | null; type: string; title: string; mime: DocumentMime; size: number; status: DocumentStatus; uploadedAt: Date; rejectionReason: string | null };

export const typeLabel = (type: string) => TYPE_LABELS[type as DocumentType] ?? TYPE_LABELS.autre;

/** The `Document` of the API: metadata only, never the content. */
export const documentView = (row: MetadataRow) => ({
  id: row.id,
  type: row.type,
  typeLabel: typeLabel(row.type),
  title: row.title,
  childId: row.childId,
  mime: row.mime,
  size: row.size,
  status: row.status,
  statusLabel: STATUS_LABELS[row.status],
  uploadedAt: row.uploadedAt.toISOString(),
  rejectionReason: row.rejectionReason,
});

export type DocumentView = ReturnType<typeof documentView>;

/** Base64 (optionally a data: URL) to bytes; the size is checked before decoding anything large. */
export function decodeBase64File(data: string): Uint8Array {
  const payload = data.replace(/^data:[a-z0-9.+-]+\/[a-z0-9.+-]+;base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload) || payload.length % 4 === 1) {
    throw new ApiError(422, 'fichier_illisible', 'Le fichier envoyé n’a pas pu être lu. Réessayez ou choisissez un autre fichier.', { fields: { data: 'Le fichier n’a pas pu être lu.' } });
  }
  if (Math.floor((payload.length * 3) / 4) - (payload.match(/=+$/)?.[0].length ?? 0) > MAX_DOCUMENT_BYTES) {
    throw new ApiError(413, 'fichier_trop_lourd', DOCUMENT_TOO_LARGE, { fields: { data: DOCUMENT_TOO_LARGE } });
  }
  return new Uint8Array(Buffer.from(payload, 'base64'));
}

const refuse = (status: 415 | 422, code: string, message: string) => new ApiError(status, code, message, { fields: { data: message } });

/** The stored type of an upload, from its bytes; every refusal says why, in French. */
export async function checkedMime(bytes: Uint8Array): Promise<DocumentMime> {
  if (bytes.length === 0) throw refuse(422, 'fichier_vide', 'Le fichier envoyé est vide.');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new ApiError(413, 'fichier_trop_lourd', DOCUMENT_TOO_LARGE, { fields: { data: DOCUMENT_TOO_LARGE } });
  const sniffed = await sniffDocument(bytes);
  if (sniffed.ok) return sniffed.mime;
  switch (sniffed.problem) {
    case 'format':
      throw refuse(415, 'format_non_accepte', 'Ce fichier n’est pas accepté : seuls les PDF, JPEG et PNG le sont. Le format est vérifié d’après le contenu du fichier, pas d’après son nom.');
    case 'pdf_active':
      throw refuse(
        422,
        'pdf_contenu_actif',
        'Ce PDF contient du contenu actif (script, pièce jointe, lien vers un site ou un autre document, lancement de programme) et ne peut pas être déposé. Ouvrez-le puis enregistrez-le de nouveau avec « Imprimer » → « Enregistrer au format PDF », et déposez cette nouvelle version.',
      );
    case 'pdf_unreadable':
      throw refuse(422, 'pdf_non_verifiable', 'Ce PDF n’a pas pu être vérifié (il est peut-être protégé). Enregistrez-le de nouveau avec « Imprimer » → « Enregistrer au format PDF », puis déposez cette nouvelle version.');
    case 'image_unreadable':
      throw refuse(422, 'image_illisible', 'Cette image est incomplète ou illisible. Choisissez une autre photo ou un PDF.');
    case 'image_too_large':
      throw refuse(422, 'image_trop_grande', `L’image mesure ${sniffed.width} × ${sniffed.height} pixels : elle ne doit pas dépasser ${MAX_IMAGE_SIDE} pixels de côté.`);
  }
}

/** An ASCII file name from the title: accents dropped, anything else a dash; the extension from the sniffed type. */
export function safeFilename(title: string, mime: DocumentMime): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80)
    .replace(/[-.]+$/g, '');
  return `${base || 'document'}.${EXTENSIONS[mime]}`;
}

export interface StoredFile {
  content: Uint8Array;
  mime: DocumentMime;
  filename: string;
}

// ---------------------------------------------------------------------------------------------
// Parents

export async function listFamilyDocuments(deps: Deps, tenantId: string, familyId: string) {
  const rows = await deps.database.db
    .select(metadata)
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), or(eq(documents.familyId, familyId), eq(documents.status, 'published'))))
    .orderBy(desc(documents.uploadedAt), asc(documents.id));
  return {
    mine: rows.filter((row) => row.familyId === familyId).map(documentView),
    published: rows.filter((row) => row.status === 'published').map(documentView),
  };
}

export interface NewFamilyDocument {
  type: DocumentType;
  title: string;
  childId?: string;
  bytes: Uint8Array;
}

export async function uploadFamilyDocument(deps: Deps, tenantId: string, familyId: string, input: NewFamilyDocument): Promise<DocumentView> {
  const mime = await checkedMime(input.bytes);
  const { db } = deps.database;
  return db.transaction(async (tx) => {
    // The family row is locked so that two uploads at once cannot both pass the pending cap.
    await tx.select({ id: families.id }).from(families).where(and(eq(families.tenantId, tenantId), eq(families.id, familyId))).for('update');
    if (input.childId) {
      const [child] = await tx
        .select({ id: children.id })
        .from(children)
        .where(and(eq(children.tenantId, tenantId), eq(children.id, input.childId), eq(children.familyId, familyId)));
      if (!child) throw notFound('Cet enfant est introuvable.');
    }
    const [{ pending }] = await tx
      .select({ pending: sql<number>`count(*)::int` })
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.familyId, familyId), eq(documents.status, 'pending')));
    if (pending >= MAX_PENDING_PER_FAMILY) {
      throw new ApiError(409, 'trop_de_documents', `Vous avez déjà ${pending} documents en attente de vérification. Attendez que la mairie les ait traités avant d’en déposer d’autres.`);
    }
    const [row] = await tx
      .insert(documents)
      .values({
        tenantId,
        familyId,
        childId: input.childId ?? null,
        type: input.type,
        title: input.title,
        mime,
        size: input.bytes.length,
        content: input.bytes,
        status: 'pending',
        uploadedAt: deps.clock.now(),
      })
      .returning(metadata);
    return documentView(row);
  });
}

/** A family's own document or one the commune published; anything else is "not found", whoever owns it. */
export async function familyDocumentFile(deps: Deps, tenantId: string, familyId: string, id: string): Promise<StoredFile> {
  const [row] = await deps.database.db
    .select({ content: documents.content, mime: documents.mime, title: documents.title })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.id, id), or(eq(documents.familyId, familyId), eq(documents.status, 'published'))));
  if (!row) throw notFound('Ce document est introuvable.');
  return { content: row.content, mime: row.mime, filename: safeFilename(row.title, row.mime) };
}

// ---------------------------------------------------------------------------------------------
// Staff

export type StaffListFilter = DocumentStatus | 'all';

/** The commune's documents, with the family's name; the pending queue oldest first, the rest newest first. */
export async function listCommuneDocuments(deps: Deps, tenantId: string, filter: StaffListFilter, limit = 500) {
  const rows = await deps.database.db
    .select({
      ...metadata,
      familyName: families.name,
      familyNumber: families.familyNumber,
      childFirstName: children.firstName,
      childLastName: children.lastName,
      decidedBy: staffUsers.displayName,
    })
    .from(documents)
    .leftJoin(families, and(eq(families.tenantId, documents.tenantId), eq(families.id, documents.familyId)))
    .leftJoin(children, and(eq(children.tenantId, documents.tenantId), eq(children.id, documents.childId)))
    .leftJoin(staffUsers, and(eq(staffUsers.tenantId, documents.tenantId), eq(staffUsers.id, documents.decidedBy)))
    .where(and(eq(documents.tenantId, tenantId), filter === 'all' ? undefined : eq(documents.status, filter)))
    .orderBy(filter === 'pending' ? asc(documents.uploadedAt) : desc(documents.uploadedAt), asc(documents.id))
    .limit(limit);
  return rows.map((row) => ({
    ...documentView(row),
    familyId: row.familyId,
    familyName: row.familyName,
    familyNumber: row.familyNumber,
    childName: row.childFirstName ? `${row.childFirstName} ${row.childLastName}` : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
  }));
}

export type Decision = { kind: 'accept' } | { kind: 'reject'; reason: string };

/**
 * Accepts or rejects a parent's document still pending, and tells the family by e-mail in the same
 * transaction (the mail leaves only if the decision commits).
 */
export async function decideDocument(deps: Deps, staff: StaffContext, id: string, decision: Decision) {
  const now = deps.clock.now();
  const { db } = deps.database;
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(documents)
      .set({ status: decision.kind === 'accept' ? 'accepted' : 'rejected', decidedAt: now, decidedBy: staff.staffUserId, rejectionReason: decision.kind === 'reject' ? decision.reason : null })
      .where(and(eq(documents.tenantId, staff.tenantId), eq(documents.id, id), eq(documents.status, 'pending')))
      .returning(metadata);
    if (!row) {
      const [existing] = await tx
        .select({ status: documents.status, familyId: documents.familyId })
        .from(documents)
        .where(and(eq(documents.tenantId, staff.tenantId), eq(documents.id, id)));
      if (!existing || existing.familyId === null) throw notFound('Ce document est introuvable.');
      throw new ApiError(409, 'document_deja_traite', `Ce document a déjà été traité (${STATUS_LABELS[existing.status].toLowerCase()}).`);
    }
    const [family] = await tx
      .select({ email: families.email, number: families.familyNumber, townName: tenants.name, portalUrl: settings.portalUrl })
      .from(families)
      .innerJoin(tenants, eq(tenants.id, families.tenantId))
      .leftJoin(settings, eq(settings.tenantId, families.tenantId))
      .where(and(eq(families.tenantId, staff.tenantId), eq(families.id, row.familyId!)));
    await audit(tx, staff, decision.kind === 'accept' ? 'document_accepte' : 'document_refuse', row.id, {
      type: row.type,
      famille: family.number,
      ...(decision.kind === 'reject' ? { motif: decision.reason } : {}),
    });
    if (family.email) await queueMail(tx, { tenantId: staff.tenantId, to: family.email, ...decisionMail(row, decision, family) }, now);
    return { row, mailed: Boolean(family.email) };
  });
  if (result.mailed) deps.onMailQueued?.();
  return { document: documentView(result.row), mailQueued: result.mailed };
}

function decisionMail(row: MetadataRow, decision: Decision, town: { townName: string; portalUrl: string | null }) {
  const what = `le document « ${row.title} » (${typeLabel(row.type)}) que vous avez déposé le ${formatDayShort(parisDay(row.uploadedAt), true)}`;
  const lines =
    decision.kind === 'accept'
      ? [`Bonjour,`, '', `Les services de ${town.townName} ont vérifié ${what} : il est accepté.`, '', 'Aucune démarche de plus n’est nécessaire.']
      : [
          `Bonjour,`,
          '',
          `Les services de ${town.townName} ont vérifié ${what} : il n’a pas pu être accepté.`,
          '',
          `Motif : ${decision.reason}`,
          '',
          `Vous pouvez déposer un nouveau document depuis votre espace famille${town.portalUrl ? ` : ${town.portalUrl}` : '.'}`,
        ];
  return {
    subject: decision.kind === 'accept' ? `Document accepté : ${row.title}` : `Document refusé : ${row.title}`,
    text: [...lines, '', 'Cordialement,', town.townName].join('\n'),
  };
}

export interface NewPublishedDocument {
  type: DocumentType;
  title: string;
  bytes: Uint8Array;
}

/** A document every family of the commune sees (règlement intérieur, menus…). */
export async function publishDocument(deps: Deps, staff: StaffContext, input: NewPublishedDocument): Promise<DocumentView> {
  const mime = await checkedMime(input.bytes);
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documents)
      .values({
        tenantId: staff.tenantId,
        familyId: null,
        type: input.type,
        title: input.title,
        mime,
        size: input.bytes.length,
        content: input.bytes,
        status: 'published',
        uploadedAt: deps.clock.now(),
        decidedAt: deps.clock.now(),
        decidedBy: staff.staffUserId,
      })
      .returning(metadata);
    await audit(tx, staff, 'document_publie', row.id, { titre: row.title, type: row.type, format: mime, octets: row.size });
    return documentView(row);
  });
}

/** Withdraws a published document: families no longer see it (a family's own files cannot be removed here). */
export async function unpublishDocument(deps: Deps, staff: StaffContext, id: string) {
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(documents)
      .where(and(eq(documents.tenantId, staff.tenantId), eq(documents.id, id), isNull(documents.familyId), eq(documents.status, 'published')))
      .returning({ id: documents.id, title: documents.title, type: documents.type });
    if (!row) throw notFound('Ce document publié est introuvable.');
    await audit(tx, staff, 'document_retire', row.id, { titre: row.title, type: row.type });
  });
}

/** Any document of the commune; every staff read of a family's file is written to the audit log. */
export async function staffDocumentFile(deps: Deps, staff: StaffContext, id: string): Promise<StoredFile> {
  return deps.database.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ content: documents.content, mime: documents.mime, title: documents.title, type: documents.type, familyNumber: families.familyNumber })
      .from(documents)
      .leftJoin(families, and(eq(families.tenantId, documents.tenantId), eq(families.id, documents.familyId)))
      .where(and(eq(documents.tenantId, staff.tenantId), eq(documents.id, id)));
    if (!row) throw notFound('Ce document est introuvable.');
    await audit(tx, staff, 'document_telecharge', id, { type: row.type, famille: row.familyNumber });
    return { content: row.content, mime: row.mime, filename: safeFilename(row.title, row.mime) };
  });
}

/** Headers of a download: never rendered in the API's origin, never guessed, never cached. */
export function attachmentHeaders(file: StoredFile): Record<string, string> {
  return {
    'Content-Type': file.mime,
    'Content-Length': String(file.content.length),
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': 'sandbox',
  };
}
