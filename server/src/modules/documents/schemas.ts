import type { Context } from 'hono';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../db/schema/index.js';
import { idParam, jsonBody } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { DOCUMENT_TOO_LARGE, MAX_DOCUMENT_BYTES } from './service.js';

// Base64 grows by 4/3; the title and the rest of the JSON take a few bytes more.
const UPLOAD_BODY_MAX = Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 16 * 1024;

/** The 413 before the body is even read, when the request says or turns out to be too long. */
export const uploadLimit = bodyLimit({ maxBytes: UPLOAD_BODY_MAX, code: 'fichier_trop_lourd', tooLarge: DOCUMENT_TOO_LARGE });

export const readUpload = <T extends z.ZodType>(c: Context, schema: T) => jsonBody(c, schema);

const type = z.enum(DOCUMENT_TYPES, { error: 'Choisissez le type de document dans la liste.' });
const title = z
  .string({ error: 'Le titre du document est obligatoire.' })
  .trim()
  .min(1, 'Le titre du document est obligatoire.')
  .max(120, 'Le titre ne doit pas dépasser 120 caractères.')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Le titre ne doit pas contenir de retour à la ligne ni de caractère de contrôle.');
const data = z.string({ error: 'Le fichier est obligatoire.' }).min(1, 'Le fichier est obligatoire.');

export const familyUpload = z.strictObject({ type, title, childId: z.uuid({ error: 'L’enfant est invalide.' }).nullish(), data }, { error: 'Ce champ n’existe pas.' });
export const publication = z.strictObject({ type: type.default('autre'), title, data }, { error: 'Ce champ n’existe pas.' });
export const rejection = z.strictObject({
  reason: z
    .string({ error: 'Le motif du refus est obligatoire.' })
    .trim()
    .min(3, 'Expliquez en quelques mots pourquoi le document est refusé.')
    .max(500, 'Le motif ne doit pas dépasser 500 caractères.'),
});
export const statusFilter = z.enum(['pending', 'accepted', 'rejected', 'published', 'all']).catch('pending');

/** A path id that is not a UUID cannot be one of the commune's: 404, like any id of another commune. */
export const documentId = (value: string) => idParam(value, 'Ce document est introuvable.');
