/** The messages, "Mes demandes", help and e-mail preference routes of docs/api.md, for the stand-in server. */
import type {
  Conversation,
  ConversationList,
  HelpContent,
  MailPreferences,
  MyRequest,
  NewConversationBody,
  ReplyBody,
} from '../../../server/src/contracts/index.js';
import type { RecordedCall } from './mock-api.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const notFound = () => json(404, { code: 'introuvable', message: 'Conversation introuvable.', requestId: 'r' });

export class MockMessages {
  help: HelpContent = {
    contact: {
      name: 'Service enfance',
      address: 'Mairie, 1 place de la République\n31000 Ville-de-Démo',
      openingHours: 'Lundi, mardi, jeudi : 8 h 30 – 12 h\nMercredi : 8 h 30 – 18 h',
      phone: '01 99 00 12 40',
      email: 'enfance@ville-demo.fr',
    },
    infoMessage: 'Le service sera fermé le 24 décembre.',
    help: [
      [{ text: 'Pour réserver la cantine, ouvrez la page Réservations.' }],
      [
        { text: 'Le règlement est en ligne : ' },
        { text: 'https://www.ville-demo.fr/reglement', href: 'https://www.ville-demo.fr/reglement' },
        { text: ' ; ' },
        { text: 'piège', href: 'javascript:alert(1)' },
      ],
    ],
    topics: ['Inscription', 'Absence', 'Facture', 'Changement de situation', 'Autre'],
  };

  preferences: MailPreferences = { messages: true, invoices: true, bookings: true, waitlist: true };

  requests: MyRequest[] = [
    {
      key: 'document:d1', kind: 'document', kindLabel: 'Document', label: 'Attestation CAF', state: 'refused', stateLabel: 'Refusé',
      requestedAt: '2026-09-02T08:00:00Z', decidedAt: '2026-09-03T08:00:00Z', outcome: 'Document illisible', position: null, day: null, target: 'documents', targetId: 'd1',
    },
    {
      key: 'waitlist:w1', kind: 'waitlist', kindLabel: 'Liste d’attente', label: 'Cantine – Léa – lundi 8 septembre 2026', state: 'waitlisted', stateLabel: 'En liste d’attente',
      requestedAt: '2026-09-01T08:00:00Z', decidedAt: null, outcome: null, position: 2, day: '2026-09-08', target: 'planning', targetId: 'c1',
    },
    {
      key: 'message:m1', kind: 'message', kindLabel: 'Message', label: 'Question sur la facture', state: 'pending', stateLabel: 'En attente de réponse',
      requestedAt: '2026-09-04T08:00:00Z', decidedAt: null, outcome: null, position: null, day: null, target: 'messages', targetId: 'conv-2',
    },
  ];

  conversations: Conversation[] = [
    {
      id: 'conv-1', topic: 'Autre', subject: 'Grève du jeudi 10 septembre', startedBy: 'town', correspondent: 'Service enfance', status: 'open',
      lastMessageAt: '2026-09-05T09:00:00Z', lastAuthor: 'town', preview: 'En raison d’un mouvement de grève…', unread: 1, awaitingAnswer: false,
      messages: [
        {
          id: 'm1', author: 'town', authorName: 'Service enfance', sentAt: '2026-09-05T09:00:00Z', attachments: [{ id: 'a1', name: 'menu.pdf', mime: 'application/pdf', size: 12_000 }],
          body: 'En raison d’un mouvement de grève, la cantine sera fermée.\nMerci de prévoir un repas.\n<b>pas du gras</b> https://exemple.fr/piege',
        },
      ],
    },
    {
      id: 'conv-2', topic: 'Facture', subject: 'Question sur la facture', startedBy: 'family', correspondent: 'Service enfance', status: 'closed',
      lastMessageAt: '2026-09-04T08:00:00Z', lastAuthor: 'family', preview: 'Bonjour, la facture de septembre…', unread: 0, awaitingAnswer: true,
      messages: [{ id: 'm2', author: 'family', authorName: 'Vous', sentAt: '2026-09-04T08:00:00Z', attachments: [], body: 'Bonjour, la facture de septembre…' }],
    },
  ];

  get unread(): number {
    return this.conversations.reduce((n, c) => n + c.unread, 0);
  }

  summary({ messages: _m, ...rest }: Conversation) {
    return rest;
  }

  answer(method: string, path: string, call: RecordedCall): Response {
    const route = `${method} ${path}`;
    if (route === 'GET aide') return json(200, this.help);
    if (route === 'GET demandes') return json(200, this.requests);
    if (route === 'GET mail-preferences') return json(200, this.preferences);
    if (route === 'PUT mail-preferences') {
      this.preferences = call.body as MailPreferences;
      return json(200, this.preferences);
    }
    if (route === 'GET messages') {
      return json(200, { conversations: this.conversations.map((c) => this.summary(c)), unread: this.unread } satisfies ConversationList);
    }
    if (route === 'GET messages/unread') return json(200, { unread: this.unread });
    if (route === 'POST messages') {
      const body = call.body as NewConversationBody;
      if (!body.body?.trim()) return json(422, { code: 'validation', message: 'Certains champs sont mal remplis.', fields: { body: 'Le message est vide.' }, requestId: 'r' });
      const conversation: Conversation = {
        id: `conv-${this.conversations.length + 1}`, topic: body.topic, subject: body.subject, startedBy: 'family', correspondent: 'Service enfance', status: 'open',
        lastMessageAt: '2026-09-06T10:00:00Z', lastAuthor: 'family', preview: body.body.slice(0, 140), unread: 0, awaitingAnswer: true,
        messages: [
          {
            id: `m${Date.now()}`, author: 'family', authorName: 'Vous', body: body.body, sentAt: '2026-09-06T10:00:00Z',
            attachments: (body.attachments ?? []).map((a, i) => ({ id: `a-new-${i}`, name: a.name, mime: 'application/pdf', size: Math.round((a.data.length * 3) / 4) })),
          },
        ],
      };
      this.conversations.unshift(conversation);
      return json(201, conversation);
    }
    const match = /^messages\/([^/]+)(?:\/(replies|read|attachments\/([^/]+)))?$/.exec(path);
    const conversation = match && this.conversations.find((c) => c.id === decodeURIComponent(match[1]));
    if (!match || !conversation) return notFound();
    if (method === 'GET' && !match[2]) return json(200, conversation);
    if (method === 'POST' && match[2] === 'read') {
      conversation.unread = 0;
      return json(200, { unread: this.unread });
    }
    if (method === 'POST' && match[2] === 'replies') {
      if (conversation.status === 'closed') return json(409, { code: 'conversation_close', message: 'Cette conversation est close.', requestId: 'r' });
      const body = call.body as ReplyBody;
      conversation.messages.push({ id: `m${Date.now()}`, author: 'family', authorName: 'Vous', body: body.body, sentAt: '2026-09-06T11:00:00Z', attachments: [] });
      conversation.awaitingAnswer = true;
      return json(201, conversation);
    }
    if (method === 'GET' && match[3]) {
      return new Response(new Blob(['%PDF-1.7'], { type: 'application/pdf' }), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="menu.pdf"' } });
    }
    return notFound();
  }
}
