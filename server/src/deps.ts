import type { Hono } from 'hono';
import type { Database } from './db/client.js';
import type { Clock } from './clock.js';
import type { PasswordHasher } from './security/passwords.js';
import type { MailTransport } from './mail/transport.js';
import type { Encryption } from './security/encryption.js';

export interface LogLine {
  requestId?: string;
  tenant?: string;
  route?: string;
  method?: string;
  status?: number;
  ms?: number;
  event?: string;
  error?: string;
}

export interface Deps {
  database: Database;
  clock: Clock;
  hasher: PasswordHasher;
  /** Seals health data and bank details (AES-256-GCM, key from DATA_ENCRYPTION_KEY). */
  encryption: Encryption;
  mail: MailTransport;
  /** Public base URL of this API (scheme://host[:port]); used for links to its own resources. */
  publicUrl: string;
  /** Folder of the built widget (portail.js, admin.js, chunks/). */
  widgetDir: string;
  /** Demo mode: local mailbox page and payment sandboxes. */
  demo: boolean;
  /** Reverse proxies in front of the server whose X-Forwarded-For entries are trusted (0: none, the socket address counts). */
  trustedProxies: number;
  /** Staff cookies are `__Host-` and Secure unless the platform is served over plain http on localhost. */
  secureCookies: boolean;
  /** Outgoing HTTP calls to the payment providers (PayFiP web service); tests inject a fake. */
  fetch: typeof fetch;
  /** Demo mode only: local pages speaking each provider's protocol, mounted at /sandbox. */
  sandbox?: Hono<any>;
  log(line: LogLine): void;
  /** Called after a transaction that queued mail commits, so delivery starts at once. */
  onMailQueued?(): void;
}

let pending: string[] = [];
let scheduled = false;

function flushLog() {
  scheduled = false;
  if (pending.length === 0) return;
  const chunk = pending.join('');
  pending = [];
  process.stdout.write(chunk);
}

process.on('exit', flushLog);

/**
 * One JSON line per event on stdout. Lines are gathered and written once per turn of the event
 * loop: writes to a pipe are synchronous in Node, and one per request showed up in profiles.
 */
export const jsonLogger = (line: LogLine) => {
  pending.push(JSON.stringify({ t: new Date().toISOString(), ...line }) + '\n');
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushLog);
  }
};
