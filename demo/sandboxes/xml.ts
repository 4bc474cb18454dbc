/**
 * The XML reader the PayFiP sandbox needs to read SOAP 1.1 requests: elements, attributes,
 * namespaces, text and CDATA. A document that is not well-formed, or that declares a DOCTYPE
 * (entities are never expanded), is refused with XmlError so that the web service answers with a
 * SOAP Fault instead of failing.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class XmlError extends Error {}

export interface XmlElement {
  /** Name without its prefix. */
  local: string;
  prefix: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (entities decoded). */
  text: string;
  parent: XmlElement | null;
}

// Text is kept as sent, and every value stays a string (montant "1000", numcli "090909").
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

/** One node of the parser's ordered output: `{ name: [children…], ':@': { attribute: value } }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: OrderedNode, parent: XmlElement | null): XmlElement {
  const name = Object.keys(node).find((key) => key !== ':@')!;
  const colon = name.indexOf(':');
  const element: XmlElement = {
    prefix: colon < 0 ? '' : name.slice(0, colon),
    local: colon < 0 ? name : name.slice(colon + 1),
    attributes: { ...node[':@'] },
    children: [],
    text: '',
    parent,
  };
  for (const item of node[name] as OrderedNode[]) {
    if ('#text' in item) element.text += String(item['#text']);
    else element.children.push(toElement(item, element));
  }
  return element;
}

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  const xml = source.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(xml)) throw new XmlError('DOCTYPE et déclarations refusés.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XmlError(`ligne ${valid.err.line} : ${valid.err.msg}`);
  const roots = (parser.parse(xml) as OrderedNode[]).filter((node) => !('#text' in node));
  if (roots.length !== 1) throw new XmlError('Un seul élément racine est permis.');
  return toElement(roots[0], null);
}

/** Namespace URI bound to the element's prefix (declared on it or on an ancestor). */
export function namespaceOf(element: XmlElement): string | undefined {
  const attribute = element.prefix ? `xmlns:${element.prefix}` : 'xmlns';
  for (let e: XmlElement | null = element; e; e = e.parent) {
    if (attribute in e.attributes) return e.attributes[attribute] || undefined;
  }
  return undefined;
}

export function child(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((c) => c.local === local);
}

/** Escapes text for an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}
