import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systempaySignature, verifySystempaySignature } from '../../server/src/payments/systempay-signature.js';

/** Official PayZen/Systempay documentation example (payments.md §4.2). */
const OFFICIAL_FIELDS = {
  vads_action_mode: 'INTERACTIVE',
  vads_amount: '1524',
  vads_ctx_mode: 'TEST',
  vads_currency: '978',
  vads_page_action: 'PAYMENT',
  vads_payment_config: 'SINGLE',
  vads_site_id: '12345678',
  vads_trans_date: '20090501193530',
  vads_trans_id: '654321',
  vads_version: 'V2',
};
const OFFICIAL_KEY = '1122334455667788';
const OFFICIAL_SHA1 = '606b369759fac4f0864144c803c73676cbe470ff';
const OFFICIAL_HMAC = 'O1ycab+xOkAmToSWeEE2hj39aAKCQ2IxGK+JxKv8iUI=';

/**
 * A genuine IPN of a Systempay TEST shop with its HMAC-SHA-256 key (khalyomede/systempay,
 * test/unit/PaymentNotificationTest.php, cited by payments.md §0). PHP nulls are posted as empty
 * values. It exercises empty segments, UTF-8 (`démo`), an apostrophe, JSON in a value and the
 * code-unit sort of `vads_threeds_cavv` / `vads_threeds_cavvAlgorithm`.
 */
const IPN_KEY = 'PLtsY7IpnYMBadb5';
const IPN_SIGNATURE = 'Ur5s9uhuLMSxTS7X7qIHuUdvIiWTFk2FPfCXDxIRP0I=';
const IPN: Record<string, string> = {
  vads_amount: '19999',
  vads_auth_mode: 'FULL',
  vads_auth_number: '3fe85c',
  vads_auth_result: '00',
  vads_capture_delay: '0',
  vads_card_brand: 'CB',
  vads_card_number: '497010XXXXXX0014',
  vads_payment_certificate: 'd6fdfcb76d0e23f0d8a2e205c5570348c1a9478e',
  vads_ctx_mode: 'TEST',
  vads_currency: '978',
  vads_effective_amount: '19999',
  vads_effective_currency: '978',
  vads_site_id: '49808206',
  vads_trans_date: '20200801134711',
  vads_trans_id: '9c20f0',
  vads_trans_uuid: '192ee2d72bfc4ab3a9b1230a4eb301cf',
  vads_validation_mode: '0',
  vads_version: 'V2',
  vads_warranty_result: 'NO',
  vads_payment_src: 'EC',
  vads_sequence_number: '1',
  vads_contract_used: '5249685',
  vads_trans_status: 'AUTHORISED',
  vads_expiry_month: '6',
  vads_expiry_year: '2021',
  vads_bank_label: "Banque de démo et de l'innovation",
  vads_bank_product: 'F',
  vads_pays_ip: 'FR',
  vads_presentation_date: '20200801134715',
  vads_effective_creation_date: '20200801134715',
  vads_operation_type: 'DEBIT',
  vads_threeds_enrolled: 'U',
  vads_threeds_auth_type: '',
  vads_threeds_cavv: '',
  vads_threeds_eci: '',
  vads_threeds_xid: '',
  vads_threeds_cavvAlgorithm: '',
  vads_threeds_status: '',
  vads_threeds_sign_valid: '',
  vads_threeds_error_code: '6',
  vads_threeds_exit_status: '6',
  vads_risk_control: 'BIN_FRAUD=OK;CARD_FRAUD=OK;IP_FRAUD=OK;SUSPECT_COUNTRY=OK;SUSPECT_IP_COUNTRY=OK',
  vads_result: '00',
  vads_extra_result: '00',
  vads_card_country: 'FR',
  vads_language: 'fr',
  vads_brand_management: '{"userChoice":false,"brandList":"CB|VISA","brand":"CB"}',
  vads_hash: '8f9ad1ae7ed93f952658031b8b356f8c8faed1564242b857ca1e496955195b5a',
  vads_url_check_src: 'PAY',
  vads_action_mode: 'INTERACTIVE',
  vads_payment_config: 'SINGLE',
  vads_page_action: 'PAYMENT',
  signature: IPN_SIGNATURE,
};

const ALGORITHMS = ['SHA1', 'HMAC-SHA-256'] as const;

/** The same fields, inserted in another order. */
function reordered(fields: Record<string, string>, order: number[]): Record<string, string> {
  const entries = Object.entries(fields);
  return Object.fromEntries(order.map((i) => entries[i]!));
}

describe('Systempay signature', () => {
  it('reproduces the official documentation example byte for byte', () => {
    expect(systempaySignature(OFFICIAL_FIELDS, OFFICIAL_KEY, 'SHA1')).toBe(OFFICIAL_SHA1);
    expect(systempaySignature(OFFICIAL_FIELDS, OFFICIAL_KEY, 'HMAC-SHA-256')).toBe(OFFICIAL_HMAC);
  });

  it('signs the documented string: values sorted by name, joined with +, then +key', () => {
    const documented = 'INTERACTIVE+1524+TEST+978+PAYMENT+SINGLE+12345678+20090501193530+654321+V2+1122334455667788';
    expect(createHash('sha1').update(documented).digest('hex')).toBe(OFFICIAL_SHA1);
    expect(createHmac('sha256', OFFICIAL_KEY).update(documented).digest('base64')).toBe(OFFICIAL_HMAC);
  });

  it('recomputes the signature of a genuine Systempay IPN', () => {
    expect(systempaySignature(IPN, IPN_KEY, 'HMAC-SHA-256')).toBe(IPN_SIGNATURE);
    expect(verifySystempaySignature(IPN, IPN_SIGNATURE, IPN_KEY, 'HMAC-SHA-256')).toBe(true);
  });

  it('keeps empty values as empty segments and signs UTF-8 text, not URL-encoded text', () => {
    const fields = { vads_b: '', vads_a: 'Léa & Noé', vads_c: '3' };
    const key = 'Kéy';
    const string = 'Léa & Noé++3+Kéy';
    expect(systempaySignature(fields, key, 'SHA1')).toBe(createHash('sha1').update(string, 'utf8').digest('hex'));
    expect(systempaySignature(fields, key, 'HMAC-SHA-256')).toBe(
      createHmac('sha256', Buffer.from(key, 'utf8')).update(string, 'utf8').digest('base64'),
    );
  });

  it('sorts names by code unit, not by locale (upper case before lower case)', () => {
    const fields = { vads_threeds_eci: 'c', vads_threeds_cavvAlgorithm: 'b', vads_threeds_cavv: 'a', vads_Z: 'z' };
    expect(systempaySignature(fields, 'k', 'SHA1')).toBe(createHash('sha1').update('z+a+b+c+k').digest('hex'));
  });

  it('does not depend on the order the fields arrive in', () => {
    const size = Object.keys(IPN).length;
    const order = fc.shuffledSubarray([...Array(size).keys()], { minLength: size, maxLength: size });
    fc.assert(
      fc.property(order, (o) => {
        expect(verifySystempaySignature(reordered(IPN, o), IPN_SIGNATURE, IPN_KEY, 'HMAC-SHA-256')).toBe(true);
      }),
    );
  });

  it.each(ALGORITHMS)('ignores every field that is not vads_* (%s)', (algorithm) => {
    const withExtras = { ...OFFICIAL_FIELDS, signature: 'whatever', csrf: 'x', VADS_amount: '1', vads: 'y' };
    expect(systempaySignature(withExtras, OFFICIAL_KEY, algorithm)).toBe(
      systempaySignature(OFFICIAL_FIELDS, OFFICIAL_KEY, algorithm),
    );
  });

  it('refuses to sign without a key', () => {
    expect(() => systempaySignature(OFFICIAL_FIELDS, '', 'SHA1')).toThrow(RangeError);
  });
});

describe('Systempay verification', () => {
  it.each([
    ['SHA1', OFFICIAL_SHA1],
    ['HMAC-SHA-256', OFFICIAL_HMAC],
  ] as const)('accepts the official example (%s)', (algorithm, signature) => {
    expect(verifySystempaySignature(OFFICIAL_FIELDS, signature, OFFICIAL_KEY, algorithm)).toBe(true);
  });

  it('rejects any tampered vads_ field of a genuine IPN', () => {
    const names = Object.keys(IPN).filter((name) => name.startsWith('vads_'));
    for (const name of names) {
      const tampered = { ...IPN, [name]: `${IPN[name]}0` };
      expect(verifySystempaySignature(tampered, IPN_SIGNATURE, IPN_KEY, 'HMAC-SHA-256'), name).toBe(false);
    }
  });

  it('rejects a vads_ field added or removed in transit', () => {
    const { vads_threeds_xid: _removed, ...withoutEmptyField } = IPN;
    expect(verifySystempaySignature(withoutEmptyField, IPN_SIGNATURE, IPN_KEY, 'HMAC-SHA-256')).toBe(false);
    const added = { ...IPN, vads_amount_bis: '' };
    expect(verifySystempaySignature(added, IPN_SIGNATURE, IPN_KEY, 'HMAC-SHA-256')).toBe(false);
  });

  it('rejects the wrong key, the wrong algorithm and a malformed signature', () => {
    expect(verifySystempaySignature(IPN, IPN_SIGNATURE, 'PLtsY7IpnYMBadb6', 'HMAC-SHA-256')).toBe(false);
    expect(verifySystempaySignature(IPN, IPN_SIGNATURE, '', 'HMAC-SHA-256')).toBe(false);
    expect(verifySystempaySignature(OFFICIAL_FIELDS, OFFICIAL_HMAC, OFFICIAL_KEY, 'SHA1')).toBe(false);
    expect(verifySystempaySignature(OFFICIAL_FIELDS, OFFICIAL_SHA1, OFFICIAL_KEY, 'HMAC-SHA-256')).toBe(false);
    expect(verifySystempaySignature(OFFICIAL_FIELDS, OFFICIAL_SHA1.toUpperCase(), OFFICIAL_KEY, 'SHA1')).toBe(false);
    expect(verifySystempaySignature(OFFICIAL_FIELDS, OFFICIAL_SHA1.slice(0, -1), OFFICIAL_KEY, 'SHA1')).toBe(false);
    expect(verifySystempaySignature(OFFICIAL_FIELDS, '', OFFICIAL_KEY, 'SHA1')).toBe(false);
  });

  it('accepts what it signs and nothing signed with another key, for any vads_ fields', () => {
    const fields = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }).map((s) => `vads_${s}`),
      fc.string({ maxLength: 20 }),
    );
    const key = fc.string({ minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(fields, key, key, fc.constantFrom(...ALGORITHMS), (f, k1, k2, algorithm) => {
        const signature = systempaySignature(f, k1, algorithm);
        expect(verifySystempaySignature(f, signature, k1, algorithm)).toBe(true);
        if (k1 !== k2) expect(verifySystempaySignature(f, signature, k2, algorithm)).toBe(false);
      }),
    );
  });
});
