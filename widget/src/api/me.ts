import { call, type ApiClient } from './client.js';
import type { Home } from '../../../server/src/contracts/index.js';

export type { Child, Home } from '../../../server/src/contracts/index.js';

export async function getHome(client: ApiClient, signal?: AbortSignal): Promise<Home> {
  const home = await call(() => client.http.get('me', { signal }).json<Home>());
  client.session.touch(home.session);
  return home;
}
