import type { Channel } from './planning.js';

/**
 * The family file as its parents read and change it (GET /famille, PUT /famille/groups/{group},
 * the pickup-person, photo and login-address routes, GET /famille/history).
 */

/** The parts of the file a parent changes in one go; each is applied at once or waits for the town hall. */
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

/** Whether the commune lets parents change a group directly or checks the change first. */
export type GroupPolicy = 'direct' | 'validation';

/** The commune's choice for every group. */
export type FamilyFilePolicy = Record<FamilyGroup, GroupPolicy>;

/** The family itself: its number, login address, tax figures and bank details; a plain record of fields, as the forms read it. */
export type FamilyDetails = {
  number: string;
  name: string;
  /** The login address; a family signing in with its number may have none. */
  email: string | null;
  /** Up to three more addresses that receive invoice notifications. */
  notificationEmails: string[];
  quotientFamilial: number | null;
  cafNumber: string | null;
  /** Revenu fiscal de référence, in euros. */
  fiscalIncome: number | null;
  /** Number of tax shares, by halves (2.5). */
  fiscalShares: number | null;
  /** Masked by the server (country and last characters); the full IBAN never reaches the browser. */
  iban: string | null;
  bic: string | null;
  accountHolder: string | null;
};

/** A legal guardian: identity and address form the `responsable` or `conjoint` group, phones and e-mail `contact`. */
export interface Guardian {
  civility: string | null;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  /** Phones are stored normalised ("06 12 34 56 78"). */
  phoneHome: string | null;
  phoneMobile: string | null;
  phoneWork: string | null;
  email: string | null;
  profession: string | null;
  employer: string | null;
}

/** Someone else living in the household (grandparent, step-sibling…). */
export interface HouseholdMember {
  id: string;
  firstName: string;
  lastName: string;
  relation: string;
  birthDate: string | null;
}

/** A person who may (or, `allowed: false`, may not) collect the child. */
export interface PickupPerson {
  id: string;
  firstName: string;
  lastName: string;
  relation: string;
  phone: string;
  allowed: boolean;
}

/** The canteen's diets; no religious labels. */
export type Diet = 'standard' | 'sans_viande' | 'sans_gluten' | 'panier_repas';

/** A vaccine and the day it was given. */
export interface Vaccination {
  name: string;
  date: string;
}

/** The child's health record, sealed on the server and shown in clear to the child's family only. */
export interface ChildHealth {
  allergies: string[];
  /** Projet d'accueil individualisé. */
  pai: { active: boolean; details: string | null };
  doctorName: string | null;
  doctorPhone: string | null;
  vaccinations: Vaccination[];
  needsSupport: boolean;
  notes: string | null;
}

/** A child of the family with everything the file holds about them. */
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
  /** Free extra information the commune asks for, by name. */
  complementary: Record<string, string>;
}

/** A field's value before and after a change (the IBAN masked). */
export interface FieldChange {
  old: unknown;
  new: unknown;
}

/** A change of a group waiting for the town hall, one per group and child. */
export interface PendingChange {
  id: string;
  group: FamilyGroup;
  childId: string | null;
  fields: Record<string, FieldChange>;
  requestedAt: string;
}

/** GET /famille: the whole file, IBAN masked, health in clear for the parent. */
export interface FamilyFile {
  family: FamilyDetails;
  guardians: { responsable: Guardian | null; conjoint: Guardian | null };
  household: HouseholdMember[];
  children: FamilyChild[];
  pending: PendingChange[];
  policy: FamilyFilePolicy;
}

/** `applied` when the commune lets parents change the group directly, `pending` while the town hall checks it. */
export type SaveStatus = 'applied' | 'pending';

/** What every write of the file answers: what became of it and the file as it now stands. */
export interface WriteAnswer {
  status: SaveStatus;
  file: FamilyFile;
}

/** POST /famille/login-email: the new login address and the account password again. */
export interface LoginEmailBody {
  email: string;
  password: string;
}

/** POST and PUT /famille/children/{childId}/pickup-persons[/{id}]. */
export interface PickupPersonBody {
  firstName: string;
  lastName: string;
  relation: string;
  phone: string;
  /** Allowed to take the child (yes when left out). */
  allowed?: boolean;
}

/** PUT /famille/children/{childId}/photo: a JPEG or PNG in base64. */
export interface PhotoBody {
  data: string;
}

/** The answer of a photo upload: its type and size as the server read them from its bytes. */
export interface PhotoAnswer {
  hasPhoto: true;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** How a change reached the file: saved, asked for, accepted or refused by the town hall, a person added or removed. */
export type FileHistoryAction = 'modifie' | 'demande' | 'valide' | 'refuse' | 'ajoute' | 'supprime';

/** GET /famille/history: who changed which group and which fields (never the values), newest first. */
export interface FileHistoryEntry {
  at: string;
  /** A FamilyGroup, `login_email`, or another part of the file the town hall changed. */
  group: string;
  /** French name of the group. */
  groupLabel: string;
  action: FileHistoryAction;
  fields: string[];
  channel: Channel;
  /** The child's first name, for a child's group. */
  childName?: string;
}
