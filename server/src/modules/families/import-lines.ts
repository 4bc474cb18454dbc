/**
 * Checking the lines of an import file and grouping them by family number: each family once, its
 * children once each (same first name and birth date), every problem named by line and column.
 */
import type { ImportError } from '../../contracts/staff/index.js';

export const IMPORT_COLUMNS = [
  'numero_famille',
  'nom_famille',
  'email',
  'responsable_prenom',
  'responsable_nom',
  'telephone',
  'adresse',
  'code_postal',
  'ville',
  'enfant_prenom',
  'enfant_nom',
  'enfant_naissance',
  'ecole',
  'classe',
] as const;
export type Column = (typeof IMPORT_COLUMNS)[number];
type Line = Record<Column, string> & { row: number };

/** The template offered for download, with one example family of two children. */
export function importTemplateCsv(): string {
  const example = [
    ['F0001', 'MARTIN', 'claire.martin@exemple.fr', 'Claire', 'MARTIN', '06 12 34 56 78', '12 rue des Écoles', '31000', 'Toulouse', 'Léa', 'MARTIN', '14/03/2018', 'École Jules Ferry', 'CE1'],
    ['F0001', 'MARTIN', 'claire.martin@exemple.fr', 'Claire', 'MARTIN', '06 12 34 56 78', '12 rue des Écoles', '31000', 'Toulouse', 'Hugo', 'MARTIN', '2020-11-02', 'École Jules Ferry', 'GS'],
  ];
  return '\uFEFF' + [IMPORT_COLUMNS.join(';'), ...example.map((r) => r.join(';'))].join('\r\n') + '\r\n';
}

const headerKey = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s'’-]+/g, '_');

const LABELS: Record<Column, string> = {
  numero_famille: 'Le numéro de famille',
  nom_famille: 'Le nom de la famille',
  email: 'L’e-mail',
  responsable_prenom: 'Le prénom du responsable',
  responsable_nom: 'Le nom du responsable',
  telephone: 'Le téléphone',
  adresse: 'L’adresse',
  code_postal: 'Le code postal',
  ville: 'La ville',
  enfant_prenom: 'Le prénom de l’enfant',
  enfant_nom: 'Le nom de l’enfant',
  enfant_naissance: 'La date de naissance',
  ecole: 'L’école',
  classe: 'La classe',
};
const MAX_LENGTH: Partial<Record<Column, number>> = { numero_famille: 40, code_postal: 10, telephone: 30, classe: 40 };

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:]{2,}$/;

/** AAAA-MM-JJ from JJ/MM/AAAA or AAAA-MM-JJ, or null when it is no calendar day. */
export function parseBirthDate(value: string): string | null {
  const french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [y, m, d] = french ? [+french[3], +french[2], +french[1]] : iso ? [+iso[1], +iso[2], +iso[3]] : [NaN, NaN, NaN];
  if (!Number.isFinite(y)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface FamilyPlan {
  number: string;
  name: string;
  email: string | null;
  firstRow: number;
  guardian: { firstName: string; lastName: string; phone: string; address: string; postalCode: string; city: string } | null;
  children: { row: number; firstName: string; lastName: string; birthDate: string; school: string; className: string }[];
}

export function checkLines(records: string[][], today: string) {
  const errors: ImportError[] = [];
  const header = (records[0] ?? []).map(headerKey);
  const index = new Map<Column, number>();
  for (const column of IMPORT_COLUMNS) {
    const at = header.indexOf(column);
    if (at >= 0) index.set(column, at);
  }
  for (const column of ['numero_famille', 'nom_famille'] as const) {
    if (!index.has(column)) errors.push({ row: 1, column, message: `La colonne « ${column} » est absente de la première ligne. Partez du modèle à télécharger.` });
  }
  const plans = new Map<string, FamilyPlan>();
  if (errors.length) return { errors, plans, lines: 0 };

  let lines = 0;
  const emailOwner = new Map<string, string>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    if (record.every((cell) => !cell?.trim())) return;
    lines++;
    const line = { row } as Line;
    for (const column of IMPORT_COLUMNS) line[column] = (index.has(column) ? (record[index.get(column)!] ?? '') : '').replace(/\s+/g, ' ').trim();
    const fail = (column: Column, message: string) => errors.push({ row, column, message });
    for (const column of IMPORT_COLUMNS) {
      const max = MAX_LENGTH[column] ?? 200;
      if (line[column].length > max) fail(column, `${LABELS[column]} ne doit pas dépasser ${max} caractères.`);
    }

    if (!line.numero_famille) fail('numero_famille', 'Le numéro de famille est obligatoire.');
    if (!line.nom_famille) fail('nom_famille', 'Le nom de la famille est obligatoire.');
    const email = line.email.toLowerCase();
    if (email && !EMAIL.test(email)) fail('email', `L’e-mail « ${line.email} » n’est pas valide.`);
    if (/^\d{4}$/.test(line.code_postal)) line.code_postal = `0${line.code_postal}`;
    if (line.code_postal && !/^\d{5}$/.test(line.code_postal)) fail('code_postal', 'Le code postal doit compter 5 chiffres.');
    const guardianGiven = [line.responsable_prenom, line.responsable_nom, line.telephone, line.adresse, line.code_postal, line.ville].some(Boolean);
    if (guardianGiven && !line.responsable_prenom) fail('responsable_prenom', 'Le prénom du responsable est obligatoire quand ses coordonnées sont indiquées.');
    if (guardianGiven && !line.responsable_nom) fail('responsable_nom', 'Le nom du responsable est obligatoire quand ses coordonnées sont indiquées.');

    const childGiven = [line.enfant_prenom, line.enfant_nom, line.enfant_naissance, line.ecole, line.classe].some(Boolean);
    let birthDate: string | null = null;
    if (childGiven) {
      if (!line.enfant_prenom) fail('enfant_prenom', 'Le prénom de l’enfant est obligatoire.');
      if (!line.enfant_naissance) fail('enfant_naissance', 'La date de naissance de l’enfant est obligatoire (JJ/MM/AAAA).');
      else {
        birthDate = parseBirthDate(line.enfant_naissance);
        if (!birthDate) fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » n’est pas une date valide (JJ/MM/AAAA ou AAAA-MM-JJ).`);
        else if (birthDate > today) fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » est dans le futur.`);
        else if (birthDate < '1990-01-01') fail('enfant_naissance', `La date de naissance « ${line.enfant_naissance} » est trop ancienne pour un enfant.`);
      }
    }
    if (!line.numero_famille) return;

    let plan = plans.get(line.numero_famille);
    if (!plan) {
      plan = { number: line.numero_famille, name: line.nom_famille, email: email || null, firstRow: row, guardian: null, children: [] };
      plans.set(plan.number, plan);
    } else {
      if (line.nom_famille && line.nom_famille !== plan.name) fail('nom_famille', `Le nom de la famille diffère de celui de la ligne ${plan.firstRow} (même numéro de famille).`);
      if (email && plan.email && email !== plan.email) fail('email', `L’e-mail diffère de celui de la ligne ${plan.firstRow} (même numéro de famille).`);
      plan.email ??= email || null;
    }
    if (email) {
      const owner = emailOwner.get(email);
      if (owner && owner !== plan.number) fail('email', `L’e-mail « ${email} » est déjà celui de la famille n° ${owner} dans ce fichier.`);
      else emailOwner.set(email, plan.number);
    }
    if (guardianGiven && line.responsable_prenom && line.responsable_nom) {
      const g = plan.guardian;
      plan.guardian = {
        firstName: g?.firstName || line.responsable_prenom,
        lastName: g?.lastName || line.responsable_nom,
        phone: g?.phone || line.telephone,
        address: g?.address || line.adresse,
        postalCode: g?.postalCode || line.code_postal,
        city: g?.city || line.ville,
      };
    }
    if (childGiven && line.enfant_prenom && birthDate) {
      const twin = plan.children.find((c) => c.firstName.toLowerCase() === line.enfant_prenom.toLowerCase() && c.birthDate === birthDate);
      if (twin) fail('enfant_prenom', `Cet enfant figure déjà ligne ${twin.row} (même prénom et même date de naissance).`);
      else plan.children.push({ row, firstName: line.enfant_prenom, lastName: line.enfant_nom || plan.name, birthDate, school: line.ecole, className: line.classe });
    }
  });
  if (!lines) errors.push({ row: 2, column: 'numero_famille', message: 'Le fichier ne contient aucune famille après la ligne d’en-tête.' });
  return { errors, plans, lines };
}
