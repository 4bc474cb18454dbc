import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx, Db } from '../../db/client.js';
import { messageAttachments } from '../../db/schema/index.js';
import type { MessageAttachment } from '../../contracts/index.js';
import { ApiError } from '../../errors.js';
import { checkedMime, decodeBase64File, safeFilename, type StoredFile } from '../documents/service.js';

export const MAX_ATTACHMENTS = 3;
/** Each file at most the documents' 5 Mo; all of a message's files together at most 10 Mo. */
export const MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_TOO_LARGE = 'Les pièces jointes d’un message ne doivent pas dépasser 10 Mo en tout (5 Mo par fichier).';

export interface CheckedFile {
  name: string;
  mime: MessageAttachment['mime'];
  bytes: Uint8Array;
}

/** The documents' own error, said about the n-th file of the message. */
const aboutFile = (err: unknown, index: number) => {
  if (!(err instanceof ApiError)) return err;
  const message = err.extra.fields?.data ?? err.message;
  return new ApiError(err.status, err.code, `Pièce jointe ${index + 1} : ${err.message}`, { fields: { [`attachments.${index}.data`]: message } });
};

/**
 * Reads and checks every file before anything is written: PDF, JPEG or PNG by their bytes, active
 * PDFs refused, 5 Mo each and 10 Mo together. One refused file refuses the message.
 */
export async function checkAttachments(uploads: { name: string; data: string }[] | undefined): Promise<CheckedFile[]> {
  const files: CheckedFile[] = [];
  let total = 0;
  for (const [index, upload] of (uploads ?? []).entries()) {
    try {
      const bytes = decodeBase64File(upload.data);
      const mime = await checkedMime(bytes);
      total += bytes.length;
      if (total > MAX_ATTACHMENTS_BYTES) throw new ApiError(413, 'pieces_jointes_trop_lourdes', ATTACHMENTS_TOO_LARGE);
      files.push({ name: upload.name, mime, bytes });
    } catch (err) {
      throw aboutFile(err, index);
    }
  }
  return files;
}

/** Stores a message's checked files in the caller's transaction. */
export async function storeAttachments(tx: Tx, tenantId: string, conversationId: string, messageId: string, files: CheckedFile[]) {
  if (files.length === 0) return;
  await tx
    .insert(messageAttachments)
    .values(files.map((file) => ({ tenantId, conversationId, messageId, name: file.name, mime: file.mime, size: file.bytes.length, content: file.bytes })));
}

/** The files of the given messages, by message, without their bytes. */
export async function attachmentsOf(db: Db | Tx, tenantId: string, messageIds: string[]): Promise<Map<string, MessageAttachment[]>> {
  const byMessage = new Map<string, MessageAttachment[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({ id: messageAttachments.id, messageId: messageAttachments.messageId, name: messageAttachments.name, mime: messageAttachments.mime, size: messageAttachments.size })
    .from(messageAttachments)
    .where(and(eq(messageAttachments.tenantId, tenantId), inArray(messageAttachments.messageId, messageIds)))
    .orderBy(asc(messageAttachments.name), asc(messageAttachments.id));
  for (const { messageId, ...file } of rows) {
    const list = byMessage.get(messageId) ?? [];
    list.push(file);
    byMessage.set(messageId, list);
  }
  return byMessage;
}

/** A file of a conversation, already known to be the caller's; its name made safe for a download. */
export async function attachmentFile(db: Db | Tx, tenantId: string, conversationId: string, id: string): Promise<StoredFile | null> {
  const [row] = await db
    .select({ content: messageAttachments.content, mime: messageAttachments.mime, name: messageAttachments.name })
    .from(messageAttachments)
    .where(and(eq(messageAttachments.tenantId, tenantId), eq(messageAttachments.conversationId, conversationId), eq(messageAttachments.id, id)));
  if (!row) return null;
  return { content: row.content, mime: row.mime, filename: safeFilename(row.name.replace(/\.(pdf|png|jpe?g)$/i, ''), row.mime) };
}
