import { and, eq } from 'drizzle-orm';
import { children, familyFileEvents } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { sniffImage } from '../../security/images.js';

export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
export const MAX_PHOTO_SIDE = 2000;

/** A child's photo: PNG or JPEG recognised by its bytes, at most 2 Mo and 2000 × 2000 pixels. Always direct (it replaces a paper photo). */
export async function saveChildPhoto(deps: Deps, tenantId: string, familyId: string, childId: string, bytes: Uint8Array) {
  if (bytes.length > MAX_PHOTO_BYTES) throw new ApiError(413, 'image_trop_lourde', 'La photo ne doit pas dépasser 2 Mo.', { fields: { data: 'La photo ne doit pas dépasser 2 Mo.' } });
  const info = sniffImage(bytes);
  if (!info) {
    throw new ApiError(422, 'format_image', 'La photo doit être une image JPEG ou PNG (les autres formats, dont SVG, sont refusés).', { fields: { data: 'Format non accepté : JPEG ou PNG uniquement.' } });
  }
  if (info.width > MAX_PHOTO_SIDE || info.height > MAX_PHOTO_SIDE) {
    const message = `La photo mesure ${info.width} × ${info.height} pixels : elle ne doit pas dépasser ${MAX_PHOTO_SIDE} × ${MAX_PHOTO_SIDE} pixels.`;
    throw new ApiError(422, 'image_trop_grande', message, { fields: { data: message } });
  }
  await deps.database.db.transaction(async (tx) => {
    const [child] = await tx
      .update(children)
      .set({ photo: bytes, photoMime: info.mime })
      .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)))
      .returning({ id: children.id });
    if (!child) throw notFound('Cet enfant est introuvable.');
    await tx.insert(familyFileEvents).values({ tenantId, familyId, childId, fieldGroup: 'child_identity', action: 'modifie', fields: ['photo'], channel: 'internet', at: deps.clock.now() });
  });
  return { hasPhoto: true, mime: info.mime, width: info.width, height: info.height };
}

export async function readChildPhoto(deps: Deps, tenantId: string, familyId: string, childId: string) {
  const [row] = await deps.database.db
    .select({ photo: children.photo, mime: children.photoMime })
    .from(children)
    .where(and(eq(children.tenantId, tenantId), eq(children.id, childId), eq(children.familyId, familyId)));
  if (!row) throw notFound('Cet enfant est introuvable.');
  if (!row.photo || !row.mime) throw notFound('Aucune photo n’est enregistrée pour cet enfant.');
  return { bytes: row.photo, mime: row.mime };
}
