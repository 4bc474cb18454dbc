import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { payboxHmac, payboxVerify } from '../../server/src/payments/paybox-signature.js';

/** Public pre-production test account key (payments.md §3.1): `0123456789ABCDEF` × 8. */
const TEST_KEY = '0123456789ABCDEF'.repeat(8);

/** The form eopayment signs in its test_paybox.py `test_sign`, field order as posted. */
function eopaymentForm(site: string, identifiant: string): string {
  return [
    `PBX_SITE=${site}`,
    'PBX_RANG=32',
    `PBX_IDENTIFIANT=${identifiant}`,
    'PBX_TOTAL=999',
    'PBX_DEVISE=978',
    'PBX_CMD=TEST Paybox',
    'PBX_PORTEUR=test@paybox.com',
    'PBX_RETOUR=Mt:M;Ref:R;Auto:A;Erreur:E',
    'PBX_HASH=SHA512',
    'PBX_TIME=2015-06-08T16:21:16+02:00',
  ].join('&');
}

/**
 * Paybox public key (same for e-Transactions/Up2Pay), as published by Paybox and embedded in
 * eopayment `paybox.py`, LexikPayboxBundle and up2pay.
 */
const PAYBOX_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDe+hkicNP7ROHUssGNtHwiT2Ew
HFrSk/qwrcq8v5metRtTTFPE/nmzSkRnTs3GMpi57rBdxBBJW5W9cpNyGUh0jNXc
VrOSClpD5Ri2hER/GcNrxVRP7RlWOqB1C03q4QYmwjHZ+zlM4OUhCCAtSWflB4wC
Ka1g88CjFwRw/PB9kwIDAQAB
-----END PUBLIC KEY-----`;

/** Messages genuinely signed by Paybox (LexikPayboxBundle Tests/Paybox/System/ResponseTest.php). */
const PAID = {
  data: 'Mt=1000&Ref=CMD1349338388&Auto=XXXXXX&Erreur=00000',
  signature:
    'QnhlnuOpcbfUruOU7kKG/ZmDPsDzM31VrpMIObQomYwEE/afhJiDPkWVN9+r3JVFXBsFnqo3VlOVzxQVVahXpF7eWiJoAe5LcIoqSvms96SFFv9LfndS/3zAO5fF/tR4Us3rOSUwT1Hs2AS17R3B9ATwBMhKt1l3DPw9hClpFw0=',
};
const FAILED_URL_ENCODED = {
  data: 'Mt=8160&Ref=COM000000117T1402932051&Erreur=00004',
  signature:
    'j2OZPEE0gKc%2BD34u2QkpBUR3VQyd9zYhpewHS6IZ1vjdiuGvC01irSBb2taQblYQ3RXI0DkmgIgdFY8ywW6NOdWx1vH%2B1c3GSZX2MhMqlonpfElUAN%2FlzYNH%2Ftw%2BntQLvzO2HBPobCLNUERqKrFqU9dSAvAYagXNdjpU%2BXPzPgI%3D',
};

describe('Paybox HMAC', () => {
  it('reproduces the eopayment test vectors with the public test key', () => {
    expect(payboxHmac(eopaymentForm('1999888', '110647233'), TEST_KEY)).toBe(
      '7ABB5F7A31DF4C8976A44374D3BA2F9831E7927CFD62F774ED378F4E27471708F4EFE6D0BEFA44EBABCBD978B661C74E22EEB16DEF73A510E86D0A5C0E7B6D88',
    );
    expect(payboxHmac(eopaymentForm('12345678', '12345678'), TEST_KEY, 'SHA512')).toBe(
      '475FE1C45A0D09D26D2CAC9A1AC39C024773D790F50B6DD15B260F55FCD527FD3AD4AA3998F4162EFE9BDC494B9850A673355A32ACC4F85B67F8566037836F8E',
    );
  });

  it('uses the hex-decoded key, not its text, and the requested hash', () => {
    const message = eopaymentForm('1999888', '110647233').replace('PBX_HASH=SHA512', 'PBX_HASH=SHA256');
    const binaryKey = Buffer.from(TEST_KEY, 'hex');
    expect(binaryKey).toHaveLength(64);
    const expected = createHmac('sha256', binaryKey).update(message).digest('hex').toUpperCase();
    expect(payboxHmac(message, TEST_KEY, 'SHA256')).toBe(expected);
    expect(payboxHmac(message, TEST_KEY, 'SHA256')).toMatch(/^[0-9A-F]{64}$/);
    expect(payboxHmac(message, TEST_KEY, 'SHA256')).not.toBe(
      createHmac('sha256', TEST_KEY).update(message).digest('hex').toUpperCase(),
    );
  });

  it('signs raw UTF-8 values, not URL-encoded ones', () => {
    const message = 'PBX_CMD=appel à Paybox&PBX_PORTEUR=léa@example.fr&PBX_HASH=SHA512';
    const expected = createHmac('sha512', Buffer.from(TEST_KEY, 'hex')).update(Buffer.from(message, 'utf8'));
    expect(payboxHmac(message, TEST_KEY)).toBe(expected.digest('hex').toUpperCase());
    expect(payboxHmac(message, TEST_KEY)).not.toBe(payboxHmac(encodeURI(message), TEST_KEY));
  });

  it('reads the key in either case, and changes with the message and the key', () => {
    const message = eopaymentForm('1999888', '110647233');
    expect(payboxHmac(message, TEST_KEY.toLowerCase())).toBe(payboxHmac(message, TEST_KEY));
    expect(payboxHmac(`${message} `, TEST_KEY)).not.toBe(payboxHmac(message, TEST_KEY));
    expect(payboxHmac(message, `${TEST_KEY.slice(0, -1)}E`)).not.toBe(payboxHmac(message, TEST_KEY));
  });

  it.each(['', 'ABC', 'not hex at all', `${TEST_KEY.slice(0, -2)}ZZ`])('rejects the key %j', (key) => {
    expect(() => payboxHmac('PBX_SITE=1999888', key)).toThrow(RangeError);
  });
});

describe('Paybox RSA verification with the Paybox public key', () => {
  it('accepts genuine Paybox signatures, plain or URL-encoded', () => {
    expect(payboxVerify(PAID.data, PAID.signature, PAYBOX_PUBLIC_KEY)).toBe(true);
    expect(payboxVerify(FAILED_URL_ENCODED.data, FAILED_URL_ENCODED.signature, PAYBOX_PUBLIC_KEY)).toBe(true);
  });

  it('rejects a tampered message or signature', () => {
    expect(payboxVerify(PAID.data.replace('CMD1349338388', 'CMD1349338389'), PAID.signature, PAYBOX_PUBLIC_KEY)).toBe(
      false,
    );
    expect(payboxVerify(PAID.data.replace('Mt=1000', 'Mt=10000'), PAID.signature, PAYBOX_PUBLIC_KEY)).toBe(false);
    expect(payboxVerify(PAID.data, `invalid${PAID.signature.slice(7)}`, PAYBOX_PUBLIC_KEY)).toBe(false);
    expect(payboxVerify(PAID.data, PAID.signature.slice(0, -8), PAYBOX_PUBLIC_KEY)).toBe(false);
    expect(payboxVerify(PAID.data, FAILED_URL_ENCODED.signature, PAYBOX_PUBLIC_KEY)).toBe(false);
  });
});

describe('Paybox RSA verification with a generated key pair', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const other = generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  /** Paybox's own encoding: space as %20, `@ / :` left as is. */
  const received =
    'amount=1234&reference=FAC-2026-0042%20L%C3%A9a&authorization=XXXXXX&error=00000&email=lea@example.fr&date=07092026&time=10:15:00';
  const signature = createSign('RSA-SHA1').update(received).sign(privateKey, 'base64');

  it('verifies the raw received string', () => {
    expect(payboxVerify(received, signature, publicKey)).toBe(true);
  });

  it('decodes a URL-encoded signature and a + turned into a space by a form decoder', () => {
    expect(signature).toMatch(/[+/=]/);
    expect(payboxVerify(received, encodeURIComponent(signature), publicKey)).toBe(true);
    const lowerCaseEscapes = encodeURIComponent(signature).replace(/%(2B|2F|3D)/g, (escape) => escape.toLowerCase());
    expect(payboxVerify(received, lowerCaseEscapes, publicKey)).toBe(true);
    expect(payboxVerify(received, signature.replaceAll('+', ' '), publicKey)).toBe(true);
  });

  it('does not verify the same fields serialised differently', () => {
    const reencoded = new URLSearchParams(new URLSearchParams(received)).toString();
    expect(reencoded).not.toBe(received);
    expect(payboxVerify(reencoded, signature, publicKey)).toBe(false);
  });

  it('rejects every single-character change of the received string', () => {
    for (let i = 0; i < received.length; i++) {
      const changed = received.slice(0, i) + (received[i] === 'x' ? 'y' : 'x') + received.slice(i + 1);
      expect(payboxVerify(changed, signature, publicKey), changed).toBe(false);
    }
  });

  it('rejects a signature checked against another public key', () => {
    expect(payboxVerify(received, signature, other.publicKey)).toBe(false);
    expect(payboxVerify(received, signature, PAYBOX_PUBLIC_KEY)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not base64 at all!'],
    ['bad padding', `${signature.replace(/=+$/, '')}===`],
    ['truncated', signature.slice(0, 100)],
    ['stray character', `${signature.slice(0, 20)}*${signature.slice(21)}`],
    ['broken escape', signature.replace(/[+/=]/, '%ZZ')],
  ])('returns false, without throwing, on a malformed signature (%s)', (_label, malformed) => {
    expect(payboxVerify(received, malformed, publicKey)).toBe(false);
  });

  it('returns false, without throwing, on a malformed public key', () => {
    expect(payboxVerify(received, signature, '')).toBe(false);
    expect(payboxVerify(received, signature, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBe(false);
    expect(payboxVerify(received, signature, privateKey.replace('PRIVATE', 'PUBLIC'))).toBe(false);
  });
});
