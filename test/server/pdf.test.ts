import { describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { pagesText } from './pdf-text.js';
import { activationLetterPdf, childFilePdf, familyFilePdf } from '../../server/src/pdf/index.js';
import type { ActivationLetter, ChildFileData, FamilyFileData } from '../../server/src/pdf/types.js';

const EDITED_AT = new Date('2026-09-07T08:00:00Z'); // 10:00 in Paris

/** A valid PDF: the header, and pdf-lib reads it back with the expected number of pages. */
async function expectPdf(bytes: Uint8Array, pages: number) {
  expect(bytes).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  expect(Buffer.from(bytes.subarray(-6)).toString('latin1')).toContain('%%EOF');
  const doc = await PDFDocument.load(bytes);
  expect(doc.getPageCount()).toBe(pages);
  return doc;
}

const guardians: ChildFileData['guardians'] = {
  responsable: {
    civility: 'Mme',
    firstName: 'Claire',
    lastName: 'Martin',
    phoneMobile: '06 12 34 56 78',
    phoneWork: '01 44 55 66 77',
    email: 'claire.martin@exemple.fr',
    addressLine1: '12 rue des Tilleuls',
    postalCode: '25000',
    city: 'Besançon',
    profession: 'Infirmière',
  },
  conjoint: { civility: 'M.', firstName: 'Thomas', lastName: 'Martin', phoneMobile: '06 98 76 54 32' },
};

const childData = (overrides: Partial<ChildFileData['child']> = {}): ChildFileData => ({
  townName: 'Ville de Besançon-les-Bains',
  editedAt: EDITED_AT,
  family: { number: 'F-0042', name: 'Famille Martin' },
  guardians,
  child: {
    firstName: 'Léa',
    lastName: 'Martin',
    birthDate: '2018-03-14',
    sex: 'F',
    school: 'École Jules Ferry',
    className: 'CE1',
    diet: 'sans_viande',
    health: {
      allergies: ['arachide', 'kiwi'],
      pai: true,
      paiDetails: 'Trousse d’urgence dans le sac',
      doctorName: 'Dr Lefèvre',
      doctorPhone: '01 23 45 67 89',
      vaccinations: [{ name: 'DTP', date: '2024-03-01' }],
      needsSupport: false,
      notes: 'Porte des lunettes',
    },
    pickupPersons: [
      { firstName: 'Monique', lastName: 'Martin', relation: 'Grand-mère', phone: '06 11 22 33 44', allowed: true },
      { firstName: 'Bruno', lastName: 'Lambert', relation: 'Oncle', phone: '06 00 00 00 01', allowed: false },
    ],
    complementary: { 'Droit à l’image': 'Oui', 'Taille de t-shirt': '8 ans' },
    ...overrides,
  },
});

describe('the child file (reference 002)', () => {
  it('simple edition: identity, class, guardians and phones, pickup persons — and no health data', async () => {
    const bytes = await childFilePdf(childData(), 'simple');
    await expectPdf(bytes, 1);
    const [text] = await pagesText(bytes);
    for (const expected of ['Ville de Besançon-les-Bains', 'Fiche enfant', 'Léa Martin', '14/03/2018', 'Fille', 'École Jules Ferry', 'CE1', 'Responsable : Mme Claire Martin', '06 12 34 56 78', 'Conjoint : M. Thomas Martin', 'Monique Martin (Grand-mère) – 06 11 22 33 44', 'Personnes NON autorisées', 'Bruno Lambert (Oncle)', 'édition simple']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Édité le 7 septembre 2026 à 10:00 – page 1/1');
    for (const absent of ['arachide', 'Dr Lefèvre', 'Sans viande', 'Taille de t-shirt', 'Infirmière', '12 rue des Tilleuls']) expect(text).not.toContain(absent);
  });

  it('complete edition adds health, PAI, doctor, vaccinations, support needs, diet and complementary data', async () => {
    const bytes = await childFilePdf(childData(), 'complete');
    const doc = await PDFDocument.load(bytes);
    const text = (await pagesText(bytes)).join('\n');
    for (const expected of ['Santé', 'arachide, kiwi', 'Oui – Trousse d’urgence dans le sac', 'Dr Lefèvre', '01 23 45 67 89', 'DTP : 01/03/2024', 'Besoin d’accompagnement', 'Sans viande', 'Droit à l’image', '8 ans', 'Infirmière', '12 rue des Tilleuls', '25000 Besançon', 'édition complète']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`page ${doc.getPageCount()}/${doc.getPageCount()}`);
    expect(doc.getTitle()).toBe('Fiche enfant');
    expect(doc.getCreationDate()?.toISOString()).toBe(EDITED_AT.toISOString());
  });

  it('says so when the family has not filled in the health record', async () => {
    const text = (await pagesText(await childFilePdf(childData({ health: null, complementary: {} }), 'complete'))).join('\n');
    expect(text).toContain('Les informations de santé n’ont pas été renseignées par la famille.');
    expect(text).toContain('Aucune information complémentaire.');
  });

  it('writes French accents and typography with the standard fonts (WinAnsi)', async () => {
    const sentence = 'Élodie Garçon, né à Besançon – œuvre « été »';
    const more = 'Côte-d’Or, où il a goûté à la crème brûlée';
    const bytes = await childFilePdf(childData({ firstName: 'Élodie', lastName: 'Garçon', health: { notes: sentence }, complementary: { Séjour: more } }), 'simple');
    await expectPdf(bytes, 1);
    const complete = await childFilePdf(childData({ firstName: 'Élodie', lastName: 'Garçon', health: { notes: sentence }, complementary: { Séjour: more } }), 'complete');
    await expectPdf(complete, (await PDFDocument.load(complete)).getPageCount());
    const text = (await pagesText(complete)).join('\n');
    expect(text).toContain(sentence);
    expect(text).toContain(more);
    expect((await pagesText(bytes)).join('\n')).toContain('Élodie Garçon');
  });

  it('never throws on letters WinAnsi lacks: accents are dropped, others replaced', async () => {
    const bytes = await childFilePdf(childData({ firstName: 'Łucja 🙂', lastName: 'Nguyễn 李', className: 'CE1\u202fbis' }), 'simple');
    const text = (await pagesText(bytes)).join('\n');
    expect(text).toContain('Lucja ?');
    expect(text).toContain('Nguyen ?');
    expect(text).toContain('CE1 bis');
  });

  it('breaks long content across pages and numbers every page n/m', async () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ firstName: `Personne${i}`, lastName: 'Dupont', relation: 'Voisin', phone: '06 00 00 00 00', allowed: true }));
    const notes = Array.from({ length: 60 }, (_, i) => `Ligne ${i} d’observations détaillées sur l’enfant, pour vérifier le retour à la ligne automatique.`).join(' ');
    const bytes = await childFilePdf(childData({ pickupPersons: many, health: { notes } }), 'complete');
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    const texts = await pagesText(bytes);
    texts.forEach((text, i) => {
      expect(text).toContain(`Édité le 7 septembre 2026 à 10:00 – page ${i + 1}/${pages}`);
      expect(text).toContain('Ville de Besançon-les-Bains');
    });
    const all = texts.join('\n');
    expect(all).toContain('Personne44 Dupont');
    expect(all).toContain('Ligne 59');
  });
});

const familyData = (): FamilyFileData => {
  const child = childData().child;
  return {
    townName: 'Ville de Test',
    editedAt: EDITED_AT,
    family: {
      number: 'F-0042',
      name: 'Famille Martin',
      email: 'claire.martin@exemple.fr',
      notificationEmails: ['thomas.martin@exemple.fr'],
      quotientFamilial: 850,
      cafNumber: '1234567',
      fiscalIncome: 32500,
      fiscalShares: 2.5,
      ibanMasked: 'FR76 •••• … 1890',
      bic: 'AGRIFRPP',
      accountHolder: 'Claire Martin',
    },
    guardians,
    household: [{ firstName: 'Paul', lastName: 'Martin', relation: 'Frère', birthDate: '2012-06-01' }],
    children: [child, { ...child, firstName: 'Hugo', birthDate: '2020-11-02', health: null, pickupPersons: [] }],
    pending: [{ group: 'fiscal', fields: [{ label: 'Quotient familial', old: '850', new: '720' }], requestedAt: new Date('2026-09-05T14:30:00Z') }],
    history: [{ at: new Date('2026-09-01T07:15:00Z'), group: 'child_health', action: 'modifie', fields: ['allergies'], channel: 'internet', childName: 'Léa' }],
    documents: [{ title: 'Attestation 2026', typeLabel: 'Attestation CAF', statusLabel: 'Accepté', uploadedAt: new Date('2026-08-30T10:00:00Z') }],
    extraSections: [{ title: 'Réservations', rows: [{ label: 'Cantine', value: '12 jours en septembre' }] }],
  };
};

describe('the family file export (right of access)', () => {
  it('prints every section, with the IBAN masked', async () => {
    const bytes = await familyFilePdf(familyData());
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    await expectPdf(bytes, doc.getPageCount());
    // Intl writes a no-break space before the euro sign; the PDF keeps it (no line break there).
    const text = (await pagesText(bytes)).join('\n').replaceAll('\u00a0', ' ');
    const sections = [
      'Dossier famille – droit d’accès',
      'Famille Martin – n° de famille F-0042',
      'article 15 du RGPD',
      'Situation fiscale',
      'Coordonnées bancaires',
      'Responsables légaux',
      'Autres membres du foyer',
      'Enfant : Léa Martin',
      'Enfant : Hugo Martin',
      'Demandes de modification en attente de validation',
      'Historique des modifications du dossier',
      'Documents déposés',
      'Réservations',
    ];
    let last = -1;
    for (const section of sections) {
      const at = text.indexOf(section);
      expect(at, section).toBeGreaterThan(last);
      last = at;
    }
    for (const value of ['thomas.martin@exemple.fr', '32 500 €', '2,5', 'FR76 •••• … 1890', 'AGRIFRPP', 'Frère', 'Paul Martin, né(e) le 01/06/2012', 'avant : 850 ; après : 720', 'Situation fiscale – demandée le 5 septembre 2026 à 16:30', 'Modification – Santé de l’enfant (Léa) par internet (allergies)', 'Attestation CAF : Attestation 2026 (Accepté)', '12 jours en septembre', 'arachide']) {
      expect(text).toContain(value);
    }
  });

  it('says "none" for empty sections rather than leaving them out', async () => {
    const data = { ...familyData(), household: [], pending: [], history: [], documents: [], extraSections: [] };
    data.family = { number: 'F-1', name: 'Famille Vide', notificationEmails: [] };
    data.guardians = { responsable: null, conjoint: null };
    const text = (await pagesText(await familyFilePdf(data))).join('\n');
    for (const value of ['Aucun autre membre déclaré.', 'Aucune demande en attente.', 'Aucune modification enregistrée.', 'Aucun document.', 'Non renseigné']) expect(text).toContain(value);
  });
});

const letter = (i: number): ActivationLetter => ({
  familyNumber: `F-${1000 + i}`,
  familyName: `Famille Numéro${i}`,
  addressLines: [`Famille Numéro${i}`, `${i} rue de l’Église`, '25000 Besançon'],
  code: `ABCDE-FGHIJ-KLMNP-QRSTV-WXYZ${i}-0`,
  expiresAt: new Date('2026-11-06T08:00:00Z'),
  portalUrl: 'https://www.ville-test.fr/portail-famille',
  townName: 'Ville de Test',
  contactEmail: 'enfance@ville-test.fr',
});

describe('activation letters', () => {
  it('prints one page per family with its number, its code in Courier, how to activate and the expiry — and no password', async () => {
    const bytes = await activationLetterPdf([letter(1), letter(2), letter(3)], EDITED_AT);
    const doc = await expectPdf(bytes, 3);
    const texts = await pagesText(bytes);
    texts.forEach((text, i) => {
      const own = letter(i + 1);
      expect(text).toContain('Votre espace famille en ligne');
      expect(text).toContain(own.familyNumber);
      expect(text).toContain(own.code);
      expect(text).toContain(`${i + 1} rue de l’Église`);
      expect(text).toContain('https://www.ville-test.fr/portail-famille');
      expect(text).toContain('Première connexion ? Activez votre compte');
      expect(text).toContain('valable jusqu’au 6 novembre 2026 à 09:00');
      expect(text).toContain('enfance@ville-test.fr');
      expect(text).toContain('Édité le 7 septembre 2026 à 10:00');
      expect(text).not.toMatch(/mot de passe|password/i);
      for (const other of [1, 2, 3].filter((n) => n !== i + 1)) expect(text).not.toContain(letter(other).code);
    });
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Font'))
      .map((font) => String(font.get(PDFName.of('BaseFont'))));
    expect(fonts).toContain('/Courier-Bold');
  });

  it('refuses an empty batch', async () => {
    await expect(activationLetterPdf([])).rejects.toThrow(/Aucune lettre/);
  });
});
