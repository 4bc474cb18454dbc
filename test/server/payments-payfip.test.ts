import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { payfipObjet, payfipResult } from '../../server/src/payments/payfip.js';

describe('PayFiP objet', () => {
  it('normalises the payments.md example byte for byte', () => {
    expect(payfipObjet('18/09/2020  Établissement attestation hors-sol n#1234')).toBe(
      '18092020 Etablissement attestation hors sol n1234',
    );
  });

  it.each([
    ['Cantine de Léa – septembre', 'Cantine de Lea septembre'],
    ['ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ àâäçéèêëîïôöùûüÿ', 'AAACEEEEIIOOUUUY aaaceeeeiioouuuy'],
    ['Garderie périscolaire : forfait nº 3, n° 4', 'Garderie periscolaire forfait no 3 n 4'],
  ])('removes accents and keeps the letters: %j', (text, objet) => {
    expect(payfipObjet(text)).toBe(objet);
  });

  it('turns apostrophes and hyphens into spaces', () => {
    expect(payfipObjet("Accueil de l'été - Saint-Éloi")).toBe('Accueil de l ete Saint Eloi');
  });

  it('drops forbidden characters, and letters without an ASCII decomposition', () => {
    expect(payfipObjet('Facture #42 (2026/09) : 12,50 € ; payée !')).toBe('Facture 42 202609 1250 payee');
    expect(payfipObjet('Œuvre cœur straße ’ « » ø')).toBe('uvre cur strae');
    expect(payfipObjet('<script>alert("x")</script>')).toBe('scriptalertxscript');
  });

  it('drops tabs and newlines like any other forbidden character, then collapses spaces', () => {
    expect(payfipObjet('  Repas\t\tmidi \n  septembre   2026  ')).toBe('Repasmidi septembre 2026');
  });

  it('turns labels with nothing usable into an empty objet', () => {
    expect(payfipObjet('')).toBe('');
    expect(payfipObjet(' €/#!  ')).toBe('');
    expect(payfipObjet("' - '")).toBe('');
  });

  it('cuts at 100 characters after normalisation', () => {
    const long = `${'é'.repeat(60)}-${'à'.repeat(60)}`;
    expect(payfipObjet(long)).toBe(`${'e'.repeat(60)} ${'a'.repeat(39)}`);
    expect(payfipObjet('x'.repeat(100))).toBe('x'.repeat(100));
    expect(payfipObjet('x'.repeat(101))).toBe('x'.repeat(100));
  });

  it('always returns at most 100 characters of [A-Za-z0-9 ], without double or leading spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const objet = payfipObjet(text);
        expect(objet).toMatch(/^[A-Za-z0-9 ]{0,100}$/);
        expect(objet).not.toMatch(/^ | {2}/);
        expect(payfipObjet(objet)).toBe(objet.trimEnd());
      }),
    );
  });
});

describe('PayFiP resultrans', () => {
  it.each([
    ['P', 'paid'],
    ['V', 'paid'],
    ['R', 'refused'],
    ['Z', 'refused'],
    ['A', 'cancelled'],
  ] as const)('maps the documented code %s to %s', (code, outcome) => {
    expect(payfipResult(code)).toBe(outcome);
  });

  it.each(['', 'p', 'v', ' P', 'P ', 'PP', 'PAID', 'X', 'T', 'W', 'M', '0', 'P5', 'P1'])(
    'treats the undocumented value %j as an error, never as paid',
    (code) => {
      expect(payfipResult(code)).toBe('error');
    },
  );
});
