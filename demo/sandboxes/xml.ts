/**
 * The small XML reader the PayFiP sandbox needs to read SOAP 1.1 requests: elements, attributes,
 * namespaces, text, CDATA, comments and processing instructions. A document that is not
 * well-formed, or that declares a DOCTYPE (entities are never expanded), is refused with
 * XmlError so that the web service answers with a SOAP Fault instead of failing.
 */

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

// Sticky: matched at a position of the document, never on a copy of its rest.
const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const SPACE = /\s*/y;
const CLOSE = /\s*>/y;
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;

function matchAt(pattern: RegExp, source: string, at: number) {
  pattern.lastIndex = at;
  return pattern.exec(source);
}
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([^;&\s<]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlError('Entité non terminée.');
    if (body in ENTITIES) return ENTITIES[body];
    const code = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff) throw new XmlError(`Entité inconnue : &${body};`);
    return String.fromCodePoint(code);
  });
}

function splitName(name: string) {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** Parses a whole document and returns its root element. */
export function parseXml(source: string): XmlElement {
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: XmlElement | null = null;
  let current: XmlElement | null = null;
  const expect = (token: string, from: number) => {
    const end = source.indexOf(token, from);
    if (end < 0) throw new XmlError(`« ${token} » attendu.`);
    return end;
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    if (current) current.text += decode(text);
    else if (text.trim() !== '') throw new XmlError('Texte hors de l’élément racine.');
    if (lt < 0) break;
    if (source.startsWith('<!--', lt)) {
      i = expect('-->', lt + 4) + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      if (!current) throw new XmlError('CDATA hors de l’élément racine.');
      const end = expect(']]>', lt + 9);
      current.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<?', lt)) {
      i = expect('?>', lt + 2) + 2;
    } else if (source.startsWith('<!', lt)) {
      throw new XmlError('DOCTYPE et déclarations refusés.');
    } else if (source.startsWith('</', lt)) {
      const name = matchAt(NAME, source, lt + 2)?.[0];
      if (!name || !current) throw new XmlError('Balise fermante inattendue.');
      const { prefix, local } = splitName(name);
      if (prefix !== current.prefix || local !== current.local) throw new XmlError(`Balise fermante </${name}> inattendue.`);
      const gt = lt + 2 + name.length;
      const close = matchAt(CLOSE, source, gt);
      if (!close) throw new XmlError('Balise fermante mal formée.');
      i = gt + close[0].length;
      current = current.parent;
    } else {
      const name = matchAt(NAME, source, lt + 1)?.[0];
      if (!name) throw new XmlError('Nom d’élément invalide.');
      if (root && !current) throw new XmlError('Un seul élément racine est permis.');
      const element: XmlElement = { ...splitName(name), attributes: {}, children: [], text: '', parent: current };
      let j = lt + 1 + name.length;
      for (;;) {
        const space = matchAt(SPACE, source, j)![0];
        j += space.length;
        if (source.startsWith('/>', j) || source.startsWith('>', j)) break;
        if (space === '') throw new XmlError('Espace attendu entre les attributs.');
        const attr = matchAt(ATTRIBUTE, source, j);
        if (!attr) throw new XmlError(`Attribut mal formé dans <${name}>.`);
        if (attr[1] in element.attributes) throw new XmlError(`Attribut ${attr[1]} en double.`);
        element.attributes[attr[1]] = decode(attr[3] ?? attr[4]);
        j += attr[0].length;
      }
      if (current) current.children.push(element);
      else root = element;
      if (source.startsWith('/>', j)) {
        i = j + 2;
      } else {
        i = j + 1;
        current = element;
      }
    }
  }
  if (!root) throw new XmlError('Document vide.');
  if (current) throw new XmlError(`Élément <${current.local}> non fermé.`);
  return root;
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
