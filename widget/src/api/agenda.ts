import { call, JSON_CONTENT, type ApiClient } from './client.js';
import type { CalendarFeed, CalendarFeedAnswer, CalendarFeeds } from '../../../server/src/contracts/index.js';

export type { CalendarFeed } from '../../../server/src/contracts/index.js';

/** Calls of the "Calendar feed per child" section of docs/api.md. */

export async function getCalendarFeeds(client: ApiClient, signal?: AbortSignal): Promise<CalendarFeed[]> {
  return (await call(() => client.http.get('agenda', { signal }).json<CalendarFeeds>())).feeds;
}

/** The child's feed, created if needed; `fresh` replaces its address (the old one stops working). */
export async function openCalendarFeed(client: ApiClient, childId: string, fresh: boolean, signal?: AbortSignal): Promise<CalendarFeed> {
  const path = `agenda/children/${encodeURIComponent(childId)}${fresh ? '/regenerate' : ''}`;
  return (await call(() => client.http.post(path, { json: {}, retry: 0, signal }).json<CalendarFeedAnswer>())).feed;
}

export async function revokeCalendarFeed(client: ApiClient, childId: string, signal?: AbortSignal): Promise<CalendarFeed[]> {
  const path = `agenda/children/${encodeURIComponent(childId)}`;
  return (await call(() => client.http.delete(path, { retry: 0, signal, headers: JSON_CONTENT }).json<CalendarFeeds>())).feeds;
}
