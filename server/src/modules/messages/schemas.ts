import { z } from 'zod';
import type * as Contract from '../../contracts/index.js';
import type { Staff } from '../../contracts/index.js';
import { bodyOf, day, email, idParam } from '../../http/validate.js';
import { bodyLimit } from '../../http/body-limit.js';
import { webAddress } from '../settings/schemas.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENTS_BYTES, ATTACHMENTS_TOO_LARGE } from './attachments.js';

export const MAX_SUBJECT = 150;
export const MAX_BODY = 10_000;

// Base64 grows by 4/3; the text (up to 4 bytes a character) and the JSON around take the rest.
const WITH_FILES_MAX = Math.ceil((MAX_ATTACHMENTS_BYTES * 4) / 3) + 4 * MAX_BODY + 64 * 1024;

/** The 413 before a message with files is even read, when the request says or turns out to be too long. */
export const withFilesLimit = bodyLimit({ maxBytes: WITH_FILES_MAX, code: 'pieces_jointes_trop_lourdes', tooLarge: ATTACHMENTS_TOO_LARGE });

const noControl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

/** A one-line title: trimmed, 1 to `max` characters. */
const line = (label: string, max: number) =>
  z
    .string({ error: `${label} est obligatoire.` })
    .trim()
    .min(1, `${label} est obligatoire.`)
    .max(max, `${label} ne doit pas dépasser ${max} caractères.`)
    .refine(noControl, `${label} ne doit pas contenir de retour à la ligne.`);

/** A message's text: kept as written (line breaks too), only trailing blanks trimmed; never read as HTML. */
const messageText = (label = 'Le message') =>
  z
    .string({ error: `${label} est obligatoire.` })
    .transform((value) => value.replace(/\r\n?/g, '\n').replace(/\s+$/, '').replace(/^\s*\n/, ''))
    .refine((value) => value.trim().length > 0, `${label} est vide : écrivez quelques mots.`)
    .refine((value) => value.length <= MAX_BODY, `${label} ne doit pas dépasser 10\u00a0000 caractères.`);

const attachment = z.strictObject(
  {
    name: line('Le nom du fichier', 120),
    data: z.string({ error: 'Le fichier est obligatoire.' }).min(1, 'Le fichier est obligatoire.'),
  },
  { error: 'Ce champ n’existe pas.' },
);
const attachments = z
  .array(attachment, { error: 'Les pièces jointes sont invalides.' })
  .max(MAX_ATTACHMENTS, `Vous pouvez joindre au plus ${MAX_ATTACHMENTS} fichiers.`)
  .optional();

export const subject = line('L’objet', MAX_SUBJECT);
const topic = line('Le sujet', 60);

export const newConversationBody = bodyOf<Contract.NewConversationBody>()(
  z.strictObject({ topic, subject, body: messageText(), attachments }, { error: 'Ce champ n’existe pas.' }),
);
export const replyBody = bodyOf<Contract.ReplyBody>()(z.strictObject({ body: messageText('La réponse'), attachments }, { error: 'Ce champ n’existe pas.' }));

const flag = (label: string) => z.boolean({ error: `${label} : oui ou non.` });
export const mailPreferencesBody = bodyOf<Contract.MailPreferences>()(
  z.strictObject(
    { messages: flag('Messages'), invoices: flag('Factures'), bookings: flag('Réservations'), waitlist: flag('Liste d’attente') },
    { error: 'Ce champ n’existe pas.' },
  ),
);

// ---------------------------------------------------------------------------------------------
// Staff

export const staffNewConversationBody = bodyOf<Staff.StaffNewConversationBody>()(
  z.strictObject(
    { familyId: z.uuid({ error: 'Choisissez la famille.' }), topic, subject, body: messageText(), attachments },
    { error: 'Ce champ n’existe pas.' },
  ),
);
export const staffReplyBody = bodyOf<Staff.StaffReplyBody>()(
  z.strictObject({ body: messageText('La réponse'), attachments, close: z.boolean({ error: 'Clôturer : oui ou non.' }).optional() }, { error: 'Ce champ n’existe pas.' }),
);
export const noteBody = bodyOf<Staff.InternalNoteBody>()(z.strictObject({ body: messageText('La note') }, { error: 'Ce champ n’existe pas.' }));
export const conversationChange = bodyOf<Staff.ConversationChange>()(
  z
    .strictObject(
      {
        status: z.enum(['open', 'closed'], { error: 'L’état doit être « open » ou « closed ».' }).optional(),
        assigneeId: z.uuid({ error: 'Choisissez un agent de la liste.' }).nullable().optional(),
      },
      { error: 'Ce champ n’existe pas.' },
    )
    .refine((value) => value.status !== undefined || value.assigneeId !== undefined, 'Indiquez un changement : l’état ou l’agent.'),
);
export const templateBody = bodyOf<Staff.MessageTemplateBody>()(
  z.strictObject({ title: line('Le titre du modèle', 100), body: messageText('Le texte du modèle') }, { error: 'Ce champ n’existe pas.' }),
);

const target = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({ kind: z.literal('school'), schoolId: z.uuid({ error: 'Choisissez l’école.' }) }),
    z.strictObject({ kind: z.literal('service'), serviceId: z.uuid({ error: 'Choisissez la prestation.' }) }),
    z.strictObject({ kind: z.literal('bookings'), day: day('Le jour'), serviceId: z.uuid({ error: 'Choisissez la prestation.' }).nullish() }),
  ],
  { error: 'Choisissez les familles destinataires : toutes, une école, une prestation ou les réservations d’un jour.' },
);
export const bulkPreviewBody = bodyOf<Staff.BulkPreviewBody>()(z.strictObject({ target }, { error: 'Ce champ n’existe pas.' }));
export const bulkMessageBody = bodyOf<Staff.BulkMessageBody>()(z.strictObject({ target, topic, subject, body: messageText() }, { error: 'Ce champ n’existe pas.' }));

/** 10000 → "10 000", with the no-break space French typography puts between thousands. */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, '\u00a0');

/** Empty text clears an optional setting. */
const optionalText = (label: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? null : value),
    z
      .string({ error: `${label} doit être un texte.` })
      .transform((value) => value.replace(/\r\n?/g, '\n').trim())
      .refine((value) => value.length <= max, `${label} ne doit pas dépasser ${thousands(max)} caractères.`)
      .nullable(),
  );
const optionalOf = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable());

export const messageSettingsBody = bodyOf<Staff.MessageSettingsBody>()(
  z.strictObject(
    {
      serviceName: line('Le nom du service', 80),
      address: optionalText('L’adresse', 300),
      openingHours: optionalText('Les horaires', 1000),
      phone: optionalOf(line('Le téléphone', 30).refine((value) => /^[0-9 +().-]{6,30}$/.test(value), 'Le téléphone ne doit contenir que des chiffres, espaces et + ( ) . -')),
      email: optionalOf(email('L’e-mail du service')),
      infoMessage: optionalText('Le message d’information', 1000),
      helpText: optionalText('Le texte d’aide', MAX_BODY),
      topics: z
        .array(line('Le sujet', 60), { error: 'La liste des sujets est obligatoire.' })
        .min(1, 'Gardez au moins un sujet.')
        .max(12, 'Au plus 12 sujets.')
        .refine((list) => new Set(list.map((t) => t.toLowerCase())).size === list.length, 'Chaque sujet ne doit figurer qu’une fois.'),
      mailContent: z.enum(['full', 'notice'], { error: 'Choisissez le contenu des e-mails : le message ou une simple notification.' }),
      messagesPageUrl: optionalOf(webAddress('L’adresse de la page des messages', { fragment: false })),
      retentionMonths: z
        .number({ error: 'La durée de conservation est obligatoire.' })
        .int('La durée de conservation est un nombre entier de mois.')
        .min(6, 'La durée de conservation est d’au moins 6 mois.')
        .max(120, 'La durée de conservation est d’au plus 120 mois (10 ans).'),
    },
    { error: 'Ce réglage n’existe pas.' },
  ),
);

export const staffFilter = z.enum(['unread', 'waiting', 'answered', 'closed', 'open', 'all']).catch('open');
export const pageQuery = z.coerce.number().int().min(1).max(10_000).catch(1);
export const searchQuery = z
  .string()
  .trim()
  .max(100)
  .catch('')
  .transform((value) => value.slice(0, 100));
export const assigneeQuery = z.union([z.enum(['me', 'none']), z.uuid()]).optional().catch(undefined);
export const familyQuery = z.uuid().optional().catch(undefined);

/** A path id that is not a UUID cannot be one of the commune's: 404, like any id of another family or commune. */
export const conversationId = (value: string) => idParam(value, 'Cette conversation est introuvable.');
export const attachmentId = (value: string) => idParam(value, 'Cette pièce jointe est introuvable.');
export const templateId = (value: string) => idParam(value, 'Ce modèle est introuvable.');
