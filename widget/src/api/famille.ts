import { call, JSON_CONTENT, type ApiClient } from './client.js';
import type {
  FamilyFile,
  FamilyGroup,
  FileHistoryEntry,
  LoginEmailBody,
  PhotoBody,
  PickupPersonBody,
  WriteAnswer,
} from '../../../server/src/contracts/index.js';

export type {
  FamilyChild,
  FamilyFile,
  FamilyGroup,
  FileHistoryEntry,
  GroupPolicy,
  PendingChange,
  PickupPerson,
  PickupPersonBody,
  WriteAnswer,
} from '../../../server/src/contracts/index.js';

/** Calls of the "Family file (parents)" section of docs/api.md. */

export function getFamilyFile(client: ApiClient, signal?: AbortSignal): Promise<FamilyFile> {
  return call(() => client.http.get('famille', { signal }).json<FamilyFile>());
}

/** One group of fields; the commune's policy decides whether it is applied or waits for validation. */
export function saveGroup(
  client: ApiClient,
  group: FamilyGroup,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<WriteAnswer> {
  return call(() =>
    client.http.put(`famille/groups/${group}`, { json: body, retry: 0, signal }).json<WriteAnswer>(),
  );
}

export function changeLoginEmail(
  client: ApiClient,
  body: LoginEmailBody,
  signal?: AbortSignal,
): Promise<WriteAnswer> {
  return call(() => client.http.post('famille/login-email', { json: body, retry: 0, signal }).json<WriteAnswer>());
}

/** Adds a person when `id` is absent, replaces it otherwise, removes it when `person` is null. */
export function writePickupPerson(
  client: ApiClient,
  childId: string,
  id: string | undefined,
  person: PickupPersonBody | null,
  signal?: AbortSignal,
): Promise<WriteAnswer> {
  const path = `famille/children/${encodeURIComponent(childId)}/pickup-persons${id ? `/${encodeURIComponent(id)}` : ''}`;
  const options = { retry: 0, signal } as const;
  return call(() =>
    (person === null
      ? client.http.delete(path, { ...options, headers: JSON_CONTENT })
      : client.http[id ? 'put' : 'post'](path, { ...options, json: person })
    ).json<WriteAnswer>(),
  );
}

export function uploadPhoto(client: ApiClient, childId: string, data: string, signal?: AbortSignal): Promise<unknown> {
  return call(() =>
    client.http.put(`famille/children/${encodeURIComponent(childId)}/photo`, { json: { data } satisfies PhotoBody, retry: 0, signal }),
  );
}

export function getFileHistory(client: ApiClient, signal?: AbortSignal): Promise<FileHistoryEntry[]> {
  return call(() => client.http.get('famille/history', { signal }).json<FileHistoryEntry[]>());
}
