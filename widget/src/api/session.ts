import { call, JSON_CONTENT, type ApiClient } from './client.js';
import type { MessageAnswer, Session } from './types.js';

/** Login, logout, activation and password routes. Writes are never retried. */

export async function signIn(
  client: ApiClient,
  body: { login: string; password: string },
  signal?: AbortSignal,
): Promise<Session> {
  const session = await call(() =>
    client.http.post('session', { json: body, retry: 0, signal }).json<Session>(),
  );
  client.session.signIn(session);
  return session;
}

export async function activate(
  client: ApiClient,
  body: { familyNumber: string; code: string; email: string; password: string },
  signal?: AbortSignal,
): Promise<Session> {
  const session = await call(() =>
    client.http.post('activation', { json: body, retry: 0, signal }).json<Session>(),
  );
  client.session.signIn(session);
  return session;
}

/** Ends the session locally whatever the server answers: the parent asked to leave. */
export async function signOut(client: ApiClient): Promise<void> {
  try {
    await call(() => client.http.delete('session', { headers: JSON_CONTENT, retry: 0 }));
  } finally {
    client.session.clear('signed-out');
  }
}

export async function prolong(client: ApiClient, signal?: AbortSignal): Promise<Session> {
  const session = await call(() =>
    client.http.post('session/prolong', { json: {}, retry: 0, signal }).json<Session>(),
  );
  client.session.replace(session);
  return session;
}

export function forgotPassword(
  client: ApiClient,
  body: { login: string },
  signal?: AbortSignal,
): Promise<MessageAnswer> {
  return call(() =>
    client.http.post('password/forgot', { json: body, retry: 0, signal }).json<MessageAnswer>(),
  );
}

export function resetPassword(
  client: ApiClient,
  body: { token: string; password: string },
  signal?: AbortSignal,
): Promise<MessageAnswer> {
  return call(() =>
    client.http.post('password/reset', { json: body, retry: 0, signal }).json<MessageAnswer>(),
  );
}

/** The server revokes every other session and returns a new token, which replaces ours. */
export async function changePassword(
  client: ApiClient,
  body: { currentPassword: string; newPassword: string },
  signal?: AbortSignal,
): Promise<Session> {
  const session = await call(() =>
    client.http.post('password/change', { json: body, retry: 0, signal }).json<Session>(),
  );
  client.session.replace(session);
  return session;
}
