import { defineOnce } from '../base/define-once.js';
import { PortailAdminFamilies } from './portail-admin-families.js';
import { PortailAdminFamiliesImport } from './portail-admin-families-import.js';
import { PortailAdminFamiliesLetters } from './portail-admin-families-letters.js';

/** The "Familles" section of the staff page: search and detail, activation letters, import. */
const elements: [string, CustomElementConstructor][] = [
  ['portail-admin-families-letters', PortailAdminFamiliesLetters],
  ['portail-admin-families-import', PortailAdminFamiliesImport],
  ['portail-admin-families', PortailAdminFamilies],
];
for (const [tag, element] of elements) defineOnce(tag, element);
