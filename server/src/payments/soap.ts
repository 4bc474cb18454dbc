/**
 * The little SOAP 1.1 the PayFiP web service needs: an envelope with one operation whose `arg0`
 * has flat, unqualified children, and a reader for the flat `<return>` or the `<detail>` of a fault.
 * The answers are small and flat: anything else is refused as malformed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const escapeXml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

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

// Every value stays a string (montant "1000", numcli "090909", dattrans "07092026"); entities
// declared in a DOCTYPE are never expanded, since a document with one is refused before parsing.
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
});

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text children of a flat element: `{ idOp: '…', montant: '1000' }`. Nested or repeated elements are refused. */
function flatChildren(element: unknown): Record<string, string> {
  if (element === '') return {};
  if (!isTree(element)) throw new SoapMalformed('Contenu inattendu dans la réponse SOAP.');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(element)) {
    if (name === '#text' || typeof value !== 'string') throw new SoapMalformed('Contenu inattendu dans la réponse SOAP.');
    fields[name] = value;
  }
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
  if (xml.length > 200_000 || /<!DOCTYPE/i.test(xml) || XMLValidator.validate(xml) !== true) {
    throw new SoapMalformed('Ce n’est pas une enveloppe SOAP.');
  }
  const document: unknown = parser.parse(xml);
  const envelope = isTree(document) ? document.Envelope : undefined;
  const body = isTree(envelope) ? envelope.Body : undefined;
  if (!isTree(body)) throw new SoapMalformed('Ce n’est pas une enveloppe SOAP.');
  const fault = body.Fault;
  if (fault !== undefined) {
    if (Array.isArray(fault)) throw new SoapMalformed('Faute SOAP en double.');
    const { faultstring, detail } = isTree(fault) ? fault : {};
    // The error element (FonctionnelleErreur, TechDysfonctionnementErreur…) wraps the flat fields.
    return {
      kind: 'fault',
      faultString: typeof faultstring === 'string' ? faultstring : '',
      detail: isTree(detail) ? flatChildren(Object.values(detail)[0]) : {},
    };
  }
  const responses = Object.values(body);
  const ret = responses.length === 1 && isTree(responses[0]) ? responses[0].return : undefined;
  if (ret === undefined) throw new SoapMalformed('Réponse SOAP sans élément return.');
  return { kind: 'return', fields: flatChildren(ret) };
}
