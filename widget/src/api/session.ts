import { call, JSON_CONTENT, type ApiClient } from './client.js';
import type {
  ActivationBody,
  ChangePasswordBody,
  ForgotPasswordBody,
  LoginBody,
  MessageAnswer,
  ResetPasswordBody,
  Session,
} from '../../../server/src/contracts/index.js';

export type { FamilySummary } from '../../../server/src/contracts/index.js';

/** Login, logout, activation and password routes. Writes are never retried. */

/** Posts to a route that answers with a new session, and hands it to the shared store. */
async function postForSession(
  client: ApiClient,
  path: string,
  body: object,
  keep: 'signIn' | 'replace',
  signal?: AbortSignal,
): Promise<Session> {
  const session = await call(() => client.http.post(path, { json: body, retry: 0, signal }).json<Session>());
  client.session[keep](session);
  return session;
}

export function signIn(
  client: ApiClient,
  body: LoginBody,
  signal?: AbortSignal,
): Promise<Session> {
  return postForSession(client, 'session', body, 'signIn', signal);
}

export function activate(
  client: ApiClient,
  body: ActivationBody,
  signal?: AbortSignal,
): Promise<Session> {
  return postForSession(client, 'activation', body, 'signIn', signal);
}

/** Ends the session locally whatever the server answers: the parent asked to leave. */
export async function signOut(client: ApiClient): Promise<void> {
  try {
    await call(() => client.http.delete('session', { headers: JSON_CONTENT, retry: 0 }));
  } finally {
    client.session.clear('signed-out');
  }
}

export function prolong(client: ApiClient, signal?: AbortSignal): Promise<Session> {
  return postForSession(client, 'session/prolong', {}, 'replace', signal);
}

export function forgotPassword(
  client: ApiClient,
  body: ForgotPasswordBody,
  signal?: AbortSignal,
): Promise<MessageAnswer> {
  return call(() =>
    client.http.post('password/forgot', { json: body, retry: 0, signal }).json<MessageAnswer>(),
  );
}

export function resetPassword(
  client: ApiClient,
  body: ResetPasswordBody,
  signal?: AbortSignal,
): Promise<MessageAnswer> {
  return call(() =>
    client.http.post('password/reset', { json: body, retry: 0, signal }).json<MessageAnswer>(),
  );
}

/** The server revokes every other session and returns a new token, which replaces ours. */
export function changePassword(
  client: ApiClient,
  body: ChangePasswordBody,
  signal?: AbortSignal,
): Promise<Session> {
  return postForSession(client, 'password/change', body, 'replace', signal);
}
