import { call, JSON_CONTENT, type ApiClient } from './client.js';

/** Shapes and calls of the "Family file (parents)" section of docs/api.md. */

export type Policy = 'direct' | 'validation';

export type FamilyGroup =
  | 'responsable'
  | 'conjoint'
  | 'contact'
  | 'fiscal'
  | 'bank'
  | 'notifications'
  | 'household'
  | 'child_identity'
  | 'child_health'
  | 'child_pickup'
  | 'child_complementary';

/** Columns of the `guardians` table: identity and address form the guardian's group, phones and e-mail `contact`. */
export interface Guardian {
  civility: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  phoneHome: string | null;
  phoneMobile: string | null;
  phoneWork: string | null;
  email: string | null;
  profession: string | null;
  employer: string | null;
}

export interface HouseholdMember {
  id?: string;
  firstName: string;
  lastName: string;
  relation: string;
  birthDate: string | null;
}

export interface PickupPerson {
  id: string;
  firstName: string;
  lastName: string;
  relation: string;
  phone: string;
  allowed: boolean;
}

export type PickupPersonInput = Omit<PickupPerson, 'id'>;

export type Diet = 'standard' | 'sans_viande' | 'sans_gluten' | 'panier_repas';

export interface ChildHealth {
  allergies: string[];
  pai: { active: boolean; details: string | null };
  doctorName: string | null;
  doctorPhone: string | null;
  vaccinations: Array<{ name: string; date: string }>;
  needsSupport: boolean;
  notes: string | null;
}

export interface FamilyChild {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  sex: 'F' | 'M' | null;
  school: string | null;
  className: string | null;
  diet: Diet;
  hasPhoto: boolean;
  health: ChildHealth;
  pickupPersons: PickupPerson[];
  complementary: Record<string, string>;
}

export interface PendingChange {
  id: string;
  group: FamilyGroup;
  childId: string | null;
  fields: Record<string, { old: unknown; new: unknown }>;
  requestedAt: string;
}

export interface FamilyFile {
  family: {
    number: string;
    name: string;
    email: string;
    notificationEmails: string[];
    quotientFamilial: number | null;
    cafNumber: string | null;
    fiscalIncome: number | null;
    fiscalShares: number | null;
    /** Masked by the server ("FR76 •••• … 1890"); the full IBAN never reaches the browser. */
    iban: string | null;
    bic: string | null;
    accountHolder: string | null;
  };
  guardians: { responsable: Guardian | null; conjoint: Guardian | null };
  household: HouseholdMember[];
  children: FamilyChild[];
  pending: PendingChange[];
  policy: Partial<Record<FamilyGroup, Policy>>;
}

export interface WriteAnswer {
  status: 'applied' | 'pending';
  file: FamilyFile;
}

export interface FileHistoryEntry {
  at: string;
  group: string;
  /** French name of the group, from the server. */
  groupLabel?: string;
  action: string;
  fields: string[];
  channel: 'internet' | 'mairie';
  childName?: string;
}

/** Pickup-person routes answer either `{ status, file }` or the bare FamilyFile (docs/api.md). */
function asWriteAnswer(answer: WriteAnswer | FamilyFile): WriteAnswer {
  return 'file' in answer ? answer : { status: 'applied', file: answer };
}

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
  body: { email: string; password: string },
  signal?: AbortSignal,
): Promise<WriteAnswer> {
  return call(() => client.http.post('famille/login-email', { json: body, retry: 0, signal }).json<WriteAnswer>());
}

/** Adds a person when `id` is absent, replaces it otherwise, removes it when `person` is null. */
export async function writePickupPerson(
  client: ApiClient,
  childId: string,
  id: string | undefined,
  person: PickupPersonInput | null,
  signal?: AbortSignal,
): Promise<WriteAnswer> {
  const path = `famille/children/${encodeURIComponent(childId)}/pickup-persons${id ? `/${encodeURIComponent(id)}` : ''}`;
  const options = { retry: 0, signal } as const;
  const answer = await call(() =>
    (person === null
      ? client.http.delete(path, { ...options, headers: JSON_CONTENT })
      : client.http[id ? 'put' : 'post'](path, { ...options, json: person })
    ).json<WriteAnswer | FamilyFile>(),
  );
  return asWriteAnswer(answer);
}

export function uploadPhoto(client: ApiClient, childId: string, data: string, signal?: AbortSignal): Promise<unknown> {
  return call(() =>
    client.http.put(`famille/children/${encodeURIComponent(childId)}/photo`, { json: { data }, retry: 0, signal }),
  );
}

export function getFileHistory(client: ApiClient, signal?: AbortSignal): Promise<FileHistoryEntry[]> {
  return call(() => client.http.get('famille/history', { signal }).json<FileHistoryEntry[]>());
}
