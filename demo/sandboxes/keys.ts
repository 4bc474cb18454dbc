/**
 * Accounts and keys of the demo payment sandboxes. They only exist in demo mode: the sandboxes
 * stand in for PayFiP, Systempay and Paybox on the demo town, which is configured with these same
 * values. None of them is accepted by a real provider.
 */

/** PayFiP / TIPI: the collectivités the sandbox knows (numcli → how the payment page names them). */
export const SANDBOX_PAYFIP = {
  numcli: '090909',
  clients: {
    '090909': { collectivite: 'Ville de Démo – Régie enfance', comptable: 'Trésorerie de Ville-de-Démo' },
  } as Record<string, { collectivite: string; comptable: string }>,
};

/** Systempay shop of the demo town: TEST and PRODUCTION keys ("certificats"), chosen by vads_ctx_mode. */
export const SANDBOX_SYSTEMPAY = {
  siteId: '12345678',
  algorithm: 'HMAC-SHA-256' as const,
  ctxMode: 'TEST' as const,
  testKey: 'Demo2026TestKey1',
  productionKey: 'Demo2026ProdKey1',
};

/**
 * Paybox: the public pre-production account of the Paybox documentation (site, rang, identifiant,
 * HMAC key), and the sandbox's own RSA key pair that signs the returns in place of the Paybox one.
 */
export const SANDBOX_PAYBOX = {
  site: '1999888',
  rang: '32',
  identifiant: '110647233',
  hmacKeyHex: '0123456789ABCDEF'.repeat(8),
  /** The town configures this key to verify returns (stands in for Paybox's pubkey.pem). */
  publicKeyPem: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxssltlFi7vfS4ipgFa3T
XUhxj1a3VjObvR9kW2Sx71fLuPPjXuVbNGTLyKhhFJl31suB5VVcL6tta8/vZUpP
95pNIk1/7icU5jQ0fClMZ0NHzunIVG+MBWTTCwdZXgQcZFTaKlcEyR1c3B1B81zA
aZItnpjW9YQ/r9GH9sGS8W7cKnV1O4w9sxxrHrx1sQYNwmD3h6SGE+ZFYIjXF2q1
hWZVXmU8UQ4euA3Y2nJ5/tWp/d0tPnEd2Vveci3G5bu00viYqgLzALmGmyeQ2sgk
Y6OQom09/9LZWGLhMfctFeI2z2wp3TVc2vvMHeE5hLFq7aLTMBwz+1EJg1aTKNUz
WQIDAQAB
-----END PUBLIC KEY-----
`,
  /** Demo only: signs the returns of the sandbox. */
  privateKeyPem: `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDGyyW2UWLu99Li
KmAVrdNdSHGPVrdWM5u9H2RbZLHvV8u48+Ne5Vs0ZMvIqGEUmXfWy4HlVVwvq21r
z+9lSk/3mk0iTX/uJxTmNDR8KUxnQ0fO6chUb4wFZNMLB1leBBxkVNoqVwTJHVzc
HUHzXMBpki2emNb1hD+v0Yf2wZLxbtwqdXU7jD2zHGsevHWxBg3CYPeHpIYT5kVg
iNcXarWFZlVeZTxRDh64Ddjacnn+1an93S0+cR3ZW95yLcblu7TS+JiqAvMAuYab
J5DayCRjo5CibT3/0tlYYuEx9y0V4jbPbCndNVza+8wd4TmEsWrtotMwHDP7UQmD
VpMo1TNZAgMBAAECggEAAZqAZRGB8FFAYc4mFqeRRFDVleN939Hv6umlxdbXykIz
u9hU5OHfA+H7tH8Dba34dCKuKXh+b7s5LqXBUi3e6hgwkJd28efBhTTZiogS3FZ8
2JoDGk6XCXg2Xwj8gHkrLq7HiWXW6BIPpY4cTmH8Zh9h7eCLkcnr1QlCj7METtYu
MnwhPnDG3RfjzOsiTx1GKwmQ6QXz/PESvAE4gcnWmgG+SALcBP14RWlPgxW8RpfR
O8Nvje0md/TDXrG1IVCA4luO77J63EXzEIvTF3Xq58UkdgImEOsh3dHahqSQCJvh
cnJsjwE0HFhnCAf2KGP9gENmRquBn+YyBbu4RV82DQKBgQDpmIdw7auBRoERTYIZ
5EhsvvnJYOdB69PiZQlaNadZR7bWdHQb5RCcUF2mEXQFDm24hNp0CkN1EQym8DY/
ES/0RC33+nTFbQNtZSoNnOR+CRGRJ/8jAF0L/CM00RBJZgpidgd29M3tmvll8xly
p1t0c+BjjLIMLimCKXeNBI8avQKBgQDZ3B5+Yo5+Jtue8cXFEue0Jvojk0s0F6GM
hiPO/KJILcDKKSMjiOc6VZix5p2r+PTk1E5sg9WntWe3Sv4WASQXTts4It0m9QvF
OGlULxnwTR9RUBWxBPynAXo5CBdMJpUtCgzXxe9O+BcKOtF6bDc5aOYawEsWWK6p
l+ait0GSzQKBgBy6gY3F7R3NCfqSyblddfrJ0faOUGKvGjPxsSDDEH3OcBIX6F+1
4EEZMStHYjls+NmEnUlAKeOv4Rp22HURLBCigfTJfKr7KTy/AFkEPqWxf9OWU65+
UPM0YzAPti0Qu544XdqnaNwb/ygmqa6MHpdH2QTlPNB6rOgxKV7SfLcRAoGAUKAz
8NYMogdDdBlJ9ds/QN7D5/KU/FxafyUNj4bTkB7OoIKE7Ju351DSR9RvObvS9fTU
aTiJE54BGkZ4rjAR6UZXvvi4G7jIeF6eLHeaA+Km2nLm9DJCRpQ3ZW/nH1mQD7EO
e7RXEkSiUjjeWY4/CdIWhoPvxf9f9Iew5Tso22kCgYAAgbM3FYIFcBEz1ZZCBX2w
v9tvraQcq/4p9kNol8D1cxMNtRR9ncw5RHvdaz+IJQR7PIBueGUIQRhAjH0b41Cs
3Y7eHgXthDWVPDikOgeMkFdI4cGiCYtIa25QnPpy/i8ydXt4skyTuqwTC+7kCsW7
rVr7CrVCR9dfqAM4ysGb9Q==
-----END PRIVATE KEY-----
`,
};
