import { describe, expect, it } from 'vitest';
import { checkIban, IBAN_LENGTHS, maskIban, normalisePhone } from '../../server/src/modules/families/validation.js';
import { mergePolicy } from '../../server/src/modules/families/policy.js';

describe('IBAN', () => {
  it('accepts a valid French IBAN written with spaces or in lower case', () => {
    expect(checkIban('FR76 3000 6000 0112 3456 7890 189')).toEqual({ ok: true, iban: 'FR7630006000011234567890189' });
    expect(checkIban('fr7630006000011234567890189')).toEqual({ ok: true, iban: 'FR7630006000011234567890189' });
  });

  it('accepts valid IBANs of other SEPA countries', () => {
    for (const iban of ['DE89370400440532013000', 'BE68539007547034', 'NL91ABNA0417164300', 'GB29NWBK60161331926819', 'CH9300762011623852957', 'ES9121000418450200051332', 'IT60X0542811101000000123456']) {
      expect(checkIban(iban)).toMatchObject({ ok: true });
    }
  });

  it('refuses a wrong check (one digit changed)', () => {
    expect(checkIban('FR7630006000011234567890188')).toMatchObject({ ok: false, message: expect.stringContaining('clé de contrôle') });
  });

  it('refuses a length that is not the country’s', () => {
    expect(checkIban('FR763000600001123456789018')).toMatchObject({ ok: false, message: 'Un IBAN de ce pays compte 27 caractères.' });
    expect(checkIban('DE8937040044053201300')).toMatchObject({ ok: false, message: 'Un IBAN de ce pays compte 22 caractères.' });
  });

  it('refuses a country outside SEPA and text that is not an IBAN', () => {
    expect(checkIban('US12345678901234567890')).toMatchObject({ ok: false, message: expect.stringContaining('SEPA') });
    expect(checkIban('3000 6000 0112')).toMatchObject({ ok: false });
  });

  it('knows at least the lengths of the main SEPA countries', () => {
    expect(IBAN_LENGTHS).toMatchObject({ FR: 27, DE: 22, BE: 16, ES: 24, IT: 27, LU: 20, MC: 27, NL: 18, PT: 25, CH: 21, GB: 22, AT: 20, IE: 22 });
  });

  it('is masked but for the country and the last four characters', () => {
    const masked = maskIban('FR7630006000011234567890189');
    expect(masked).toBe('FR•• •••• •••• •••• •••• •••0 189');
    expect(masked.replace(/[^0-9]/g, '')).toBe('0189');
  });
});

describe('phone numbers', () => {
  it('normalises French numbers in their usual writings', () => {
    for (const written of ['0612345678', '06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33612345678', '0033612345678']) {
      expect(normalisePhone(written)).toBe('06 12 34 56 78');
    }
  });

  it('keeps a foreign number in international form and refuses the rest', () => {
    expect(normalisePhone('+32 470 12 34 56')).toBe('+32470123456');
    for (const wrong of ['612345678', '06123456789', '0012', 'téléphone', '+33 0612345678', '00 12 34 56 78']) expect(normalisePhone(wrong)).toBeNull();
  });
});

describe('policy', () => {
  it('takes the commune’s choices over the defaults and ignores anything else', () => {
    const policy = mergePolicy({ child_health: 'direct', bank: 'anything', unknown_group: 'direct', contact: 'validation' });
    expect(policy).toMatchObject({ child_health: 'direct', bank: 'validation', contact: 'validation', responsable: 'direct' });
    expect(Object.keys(policy)).not.toContain('unknown_group');
  });
});
