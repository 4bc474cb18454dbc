/**
 * A stand-in for the server, answering like docs/api.md, installed by replacing window.fetch.
 */
import type { Home, Session, TenantConfig } from '../../../widget/src/api/types.js';

export const API_BASE = 'https://api.portail.test';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
  contentType: string | null;
}

let keyCounter = 0;

export class MockApi {
  readonly key = `pk_test_${Date.now().toString(36)}_${++keyCounter}`;
  readonly calls: RecordedCall[] = [];

  config: TenantConfig = {
    name: 'Ville de Démo',
    logoUrl: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/%3E',
    colors: { primary: '#1d4f91', primaryText: '#ffffff' },
    info: { message: 'Les inscriptions pour les vacances de la Toussaint sont ouvertes.', date: '2026-09-02' },
    contactEmail: 'enfance@ville-demo.fr',
    locale: 'fr',
  };

  password = 'correct horse battery staple';
  email = 'parent@example.fr';
  familyNumber = '100234';
  activationCode = 'ACT-7F3K-92QD';
  resetToken = 'reset-token-123';
  /** Idle lifetime granted by login/activation/prolong; tests shorten it. */
  idleMs = 30 * 60 * 1000;
  /** When set, POST /session answers 429 with this Retry-After. */
  rateLimitSeconds: number | null = null;
  /** When true, every personal-data route answers 401 session_expiree. */
  expireSessions = false;

  readonly home: Omit<Home, 'session'> = {
    family: { id: 'fam-1', number: '100234', name: 'Martin', email: 'parent@example.fr' },
    children: [
      { id: 'c1', firstName: 'Léa', lastName: 'Martin', birthDate: '2018-04-12', school: 'École Jules-Ferry', className: 'CE1' },
      { id: 'c2', firstName: 'Hugo', lastName: 'Martin', birthDate: '2020-11-03', school: 'École maternelle Les Tilleuls', className: 'Moyenne section' },
    ],
  };

  #tokens = new Set<string>();
  #tokenCounter = 0;
  #originalFetch?: typeof fetch;

  install(): this {
    this.#originalFetch = window.fetch;
    window.fetch = (input, init) => this.handle(input instanceof Request ? input : new Request(input, init));
    return this;
  }

  uninstall(): void {
    if (this.#originalFetch) window.fetch = this.#originalFetch;
  }

  callsTo(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  /** A session as the server would issue it; also registers its token as valid. */
  issueSession(idleMs = this.idleMs): Session {
    const token = `tok_${this.key}_${++this.#tokenCounter}`;
    this.#tokens.add(token);
    return {
      token,
      idleExpiresAt: new Date(Date.now() + idleMs).toISOString(),
      expiresAt: new Date(Date.now() + 12 * 3600 * 1000).toISOString(),
      family: { id: this.home.family.id, name: this.home.family.name },
    };
  }

  private async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const prefix = `/v1/t/${this.key}/`;
    if (url.origin !== API_BASE || !url.pathname.startsWith(prefix)) {
      return json(404, { code: 'introuvable', message: 'Ressource introuvable.', requestId: 'r' });
    }
    const path = url.pathname.slice(prefix.length);
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    const call: RecordedCall = {
      method: request.method,
      path,
      body,
      authorization: request.headers.get('Authorization'),
      contentType: request.headers.get('Content-Type'),
    };
    this.calls.push(call);

    if (request.method !== 'GET' && !call.contentType?.startsWith('application/json')) {
      return json(415, { code: 'type_contenu', message: 'Le contenu doit être au format JSON.', requestId: 'r' });
    }
    const route = `${request.method} ${path}`;
    const b = (body ?? {}) as Record<string, string>;

    switch (route) {
      case 'GET config':
        return json(200, this.config);
      case 'POST session':
        if (this.rateLimitSeconds !== null) {
          return json(
            429,
            { code: 'trop_de_tentatives', message: 'Trop de tentatives de connexion.', requestId: 'r' },
            { 'Retry-After': String(this.rateLimitSeconds) },
          );
        }
        if ((b.login === this.email || b.login === this.familyNumber) && b.password === this.password) {
          return json(201, this.issueSession());
        }
        return json(401, { code: 'identifiants_invalides', message: 'Identifiant ou mot de passe incorrect.', requestId: 'r' });
      case 'POST activation':
        if (b.familyNumber !== this.familyNumber || b.code !== this.activationCode) {
          return json(400, { code: 'code_invalide', message: "Numéro de famille ou code d'activation invalide.", requestId: 'r' });
        }
        return json(201, this.issueSession());
      case 'POST password/forgot':
        return json(202, { message: 'Si un compte correspond, un e-mail a été envoyé.' });
      case 'POST password/reset':
        if (b.token !== this.resetToken) {
          return json(400, { code: 'lien_invalide', message: "Ce lien n'est plus valide.", requestId: 'r' });
        }
        this.password = b.password;
        return json(200, { message: 'Mot de passe modifié.' });
    }

    const token = call.authorization?.replace(/^Bearer /, '') ?? '';
    if (this.expireSessions || !this.#tokens.has(token)) {
      return json(401, { code: 'session_expiree', message: 'Votre session a expiré.', requestId: 'r' });
    }
    switch (route) {
      case 'DELETE session':
        this.#tokens.delete(token);
        return new Response(null, { status: 204 });
      case 'POST session/prolong': {
        const session = this.issueSession(30 * 60 * 1000);
        this.#tokens.delete(session.token);
        return json(200, { ...session, token });
      }
      case 'GET me':
        return json(200, {
          ...this.home,
          session: {
            idleExpiresAt: new Date(Date.now() + this.idleMs).toISOString(),
            expiresAt: new Date(Date.now() + 12 * 3600 * 1000).toISOString(),
          },
        });
      case 'POST password/change':
        if (b.currentPassword !== this.password) {
          return json(401, { code: 'mot_de_passe_incorrect', message: 'Le mot de passe actuel est incorrect.', requestId: 'r' });
        }
        this.password = b.newPassword;
        this.#tokens.clear();
        return json(200, this.issueSession());
    }
    return json(404, { code: 'introuvable', message: 'Ressource introuvable.', requestId: 'r' });
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
