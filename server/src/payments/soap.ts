/**
 * The little SOAP 1.1 the PayFiP web service needs: an envelope with one operation whose `arg0`
 * has flat, unqualified children, and a reader for the flat `<return>` or the `<detail>` of a fault.
 * No general XML parser: the answers are small and flat, and anything else is refused as malformed.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export const escapeXml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

/** An envelope calling `operation` of `namespace` with `arg0` children in the given order; absent values are left out. */
export function soapEnvelope(namespace: string, operation: string, args: [string, string | null | undefined][]): string {
  const children = args
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `<${name}>${escapeXml(value!)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pai="${escapeXml(namespace)}">` +
    `<soapenv:Header/><soapenv:Body><pai:${operation}><arg0>${children}</arg0></pai:${operation}></soapenv:Body></soapenv:Envelope>`
  );
}

export class SoapMalformed extends Error {}

/** The body of an element (any namespace prefix), or null when absent. */
function elementBody(xml: string, name: string): string | null {
  const match = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</(?:[A-Za-z_][\\w.-]*:)?${name}\\s*>)`).exec(xml);
  if (!match) return null;
  return match[1] ?? '';
}

/** The text children of a flat element: `{ idOp: '…', montant: '1000' }`. Nested elements are refused. */
function flatChildren(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const child = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?(?:\/>|>([^<]*)<\/(?:[A-Za-z_][\w.-]*:)?\1\s*>)/g;
  let rest = body;
  for (let match = child.exec(body); match; match = child.exec(body)) {
    fields[match[1]] = unescapeXml((match[3] ?? '').trim());
    rest = rest.replace(match[0], '');
  }
  if (rest.trim() !== '') throw new SoapMalformed('Contenu inattendu dans la réponse SOAP.');
  return fields;
}

export type SoapAnswer =
  | { kind: 'return'; fields: Record<string, string> }
  | { kind: 'fault'; faultString: string; detail: Record<string, string> };

/**
 * Reads an answer: the children of `<return>`, or a fault with the children of its error element
 * (`code`, `libelle`, `descriptif`, `severite` for PayFiP's FonctionnelleErreur).
 * @throws SoapMalformed when the text is not a SOAP envelope with one of the two.
 */
export function readSoapAnswer(xml: string): SoapAnswer {
  if (xml.length > 200_000 || !/<(?:[A-Za-z_][\w.-]*:)?Envelope[\s>]/.test(xml) || !/<(?:[A-Za-z_][\w.-]*:)?Body[\s>]/.test(xml)) {
    throw new SoapMalformed('Ce n’est pas une enveloppe SOAP.');
  }
  const fault = elementBody(xml, 'Fault');
  if (fault !== null) {
    const faultString = unescapeXml((elementBody(fault, 'faultstring') ?? '').trim());
    const detailBody = elementBody(fault, 'detail') ?? '';
    // The error element (FonctionnelleErreur, TechDysfonctionnementErreur…) wraps the flat fields.
    const inner = /<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([\s\S]*)<\/(?:[A-Za-z_][\w.-]*:)?\1\s*>/.exec(detailBody.trim());
    const detail = inner ? flatChildren(inner[2]) : {};
    return { kind: 'fault', faultString, detail };
  }
  const ret = elementBody(xml, 'return');
  if (ret === null) throw new SoapMalformed('Réponse SOAP sans élément return.');
  return { kind: 'return', fields: flatChildren(ret) };
}
