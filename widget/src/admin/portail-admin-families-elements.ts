import { defineOnce } from '../base/define-once.js';
import { PortailAdminFamilies } from './portail-admin-families.js';
import { PortailAdminFamiliesImport } from './portail-admin-families-import.js';
import { PortailAdminFamiliesLetters } from './portail-admin-families-letters.js';
import { PortailAdminDocuments } from './portail-admin-documents.js';
import { PortailAdminFileRequests } from './portail-admin-file-requests.js';

/** The "Familles" section of the staff page (search and detail, activation letters, import), the change requests of the family files and the documents. */
const elements: [string, CustomElementConstructor][] = [
  ['portail-admin-families-letters', PortailAdminFamiliesLetters],
  ['portail-admin-families-import', PortailAdminFamiliesImport],
  ['portail-admin-families', PortailAdminFamilies],
  ['portail-admin-file-requests', PortailAdminFileRequests],
  ['portail-admin-documents', PortailAdminDocuments],
];
for (const [tag, element] of elements) defineOnce(tag, element);
