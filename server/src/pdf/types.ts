/**
 * Plain data the PDF renderers take. Callers (the parents' family file API, the staff exports)
 * read and decrypt the records, then map them to these shapes; the renderers do no I/O.
 *
 * Calendar days are `YYYY-MM-DD` strings; instants are `Date`s. Every optional text may be null or
 * empty: the PDF then says "Non renseigné".
 */

/** What every document of the commune carries: the town's name in the header, the edition instant in the footer. */
export interface PdfEdition {
  townName: string;
  /** "Now" from the injected clock, printed in Paris time ("Édité le 7 septembre 2026 à 10:00"). */
  editedAt: Date;
}

export type Optional<T> = T | null | undefined;

export interface GuardianInfo {
  civility?: Optional<string>;
  firstName: string;
  lastName: string;
  birthDate?: Optional<string>;
  addressLine1?: Optional<string>;
  addressLine2?: Optional<string>;
  postalCode?: Optional<string>;
  city?: Optional<string>;
  phoneHome?: Optional<string>;
  phoneMobile?: Optional<string>;
  phoneWork?: Optional<string>;
  email?: Optional<string>;
  profession?: Optional<string>;
  employer?: Optional<string>;
}

export interface Guardians {
  responsable: Optional<GuardianInfo>;
  conjoint: Optional<GuardianInfo>;
}

export interface PickupPersonInfo {
  firstName: string;
  lastName: string;
  relation: string;
  phone: string;
  /** false: the person must NOT be given the child (court order, family decision). */
  allowed: boolean;
}

export interface Vaccination {
  name: string;
  date?: Optional<string>;
}

/** The decrypted health record of a child (the JSON sealed in `children.health_sealed`). */
export interface ChildHealth {
  allergies?: Optional<string[]>;
  pai?: Optional<boolean>;
  paiDetails?: Optional<string>;
  doctorName?: Optional<string>;
  doctorPhone?: Optional<string>;
  vaccinations?: Optional<Vaccination[]>;
  needsSupport?: Optional<boolean>;
  supportDetails?: Optional<string>;
  notes?: Optional<string>;
}

export type { Diet } from '../domain/diets.js';
import type { Diet } from '../domain/diets.js';

export interface ChildInfo {
  firstName: string;
  lastName: string;
  birthDate?: Optional<string>;
  sex?: Optional<'F' | 'M'>;
  school?: Optional<string>;
  className?: Optional<string>;
  diet?: Optional<Diet>;
  /** null when the family has not filled it in yet. */
  health?: Optional<ChildHealth>;
  pickupPersons: PickupPersonInfo[];
  /** Extra data the commune asks for, label → value. */
  complementary?: Optional<Record<string, string>>;
}

export interface FamilyRef {
  number: string;
  name: string;
}

/** Reference 002: "fiche enfant", printed by staff for a group leader or by the parents. */
export interface ChildFileData extends PdfEdition {
  family: FamilyRef;
  child: ChildInfo;
  guardians: Guardians;
}

export type ChildFileEdition = 'simple' | 'complete';

export interface HouseholdMemberInfo {
  firstName: string;
  lastName: string;
  relation: string;
  birthDate?: Optional<string>;
}

export interface PendingChange {
  /** Group of fields (`fiscal`, `child_health`…); known groups get their French name. */
  group: string;
  childName?: Optional<string>;
  fields: { label: string; old: Optional<string>; new: Optional<string> }[];
  requestedAt: Date;
}

export interface FileHistoryEntry {
  at: Date;
  group: string;
  /** `modifie`, `demande`, `valide`, `refuse`, `ajoute`, `supprime` (or a French label). */
  action: string;
  fields: string[];
  channel: 'internet' | 'mairie';
  childName?: Optional<string>;
}

export interface DocumentEntry {
  title: string;
  typeLabel: string;
  statusLabel: string;
  uploadedAt: Date;
  childName?: Optional<string>;
}

/** A free section for data the export adds (bookings, invoices…): label/value rows. */
export interface ExtraSection {
  title: string;
  rows: { label: string; value: Optional<string> }[];
}

/** The right-of-access export (RGPD art. 15): everything the commune holds on the family. */
export interface FamilyFileData extends PdfEdition {
  family: {
    number: string;
    name: string;
    email?: Optional<string>;
    notificationEmails: string[];
    quotientFamilial?: Optional<number>;
    cafNumber?: Optional<string>;
    /** Revenu fiscal de référence, in euros. */
    fiscalIncome?: Optional<number>;
    /** Number of tax shares (2.5 = 2,5 parts). */
    fiscalShares?: Optional<number>;
    /** Already masked ("FR76 •••• … 1890"): the PDF never sees a full IBAN. */
    ibanMasked?: Optional<string>;
    bic?: Optional<string>;
    accountHolder?: Optional<string>;
  };
  guardians: Guardians;
  household: HouseholdMemberInfo[];
  children: ChildInfo[];
  pending: PendingChange[];
  history: FileHistoryEntry[];
  documents: DocumentEntry[];
  extraSections?: ExtraSection[];
}

/** One family's activation letter, sent by post; the code is single-use and never stored in clear. */
export interface ActivationLetter {
  familyNumber: string;
  familyName: string;
  /** Postal address, one line each (name line included if wanted), for a window envelope. */
  addressLines: string[];
  code: string;
  expiresAt: Date;
  /** The town page holding the portal. */
  portalUrl: string;
  townName: string;
  contactEmail?: Optional<string>;
}
