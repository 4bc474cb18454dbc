/**
 * Whether an uploaded PDF carries content a viewer could run, open or send. The file is parsed
 * (pdf-lib's parser: comments, strings and streams are told apart as a viewer tells them apart),
 * then every object it defines is walked — each definition of a number defined twice, those packed
 * in object streams, the trailers — down to the last nested dictionary and array.
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFObjectStreamParser, PDFParser, PDFStream, type PDFContext, type PDFObject, type PDFRawStream } from 'pdf-lib';

/**
 * Names of actions and keys that run code, launch programs, carry files, reach the network or send
 * data: refused wherever they sit (key or value). XFA forms carry scripts of their own.
 */
const ACTIVE_NAMES = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'RichMedia',
  'XFA',
  'URI',
  'GoToR',
  'GoToE',
  'ImportData',
  'SubmitForm',
]);

/** Object streams are inflated to read the objects they pack; past this, the file is not checkable. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

export type PdfVerdict = { ok: true } | { ok: false; problem: 'pdf_active'; names: string[] } | { ok: false; problem: 'pdf_unreadable' };

/** What is left of the inflation allowance of each parse in progress, by the parse's context. */
const allowances = new WeakMap<PDFContext, { left: number }>();

/**
 * pdf-lib inflates object streams without any bound, so a few kilobytes could expand into
 * gigabytes. Before it does, the stream is inflated here against the allowance of the parse it
 * belongs to; a filter other than Flate (or predictors) makes the file uncheckable.
 */
const parseObjectStream = PDFObjectStreamParser.forStream;
PDFObjectStreamParser.forStream = (stream: PDFRawStream, shouldWaitForTick?: () => boolean) => {
  const allowance = allowances.get(stream.dict.context);
  if (allowance) {
    const filter = stream.dict.lookup(PDFName.of('Filter'));
    if (stream.dict.has(PDFName.of('DecodeParms')) || (filter !== undefined && filter !== PDFName.of('FlateDecode'))) throw new Error('object stream not checkable');
    const contents = stream.getContents();
    let size = contents.length;
    if (filter) {
      try {
        size = inflateSync(contents, { maxOutputLength: Math.max(1, allowance.left) }).length;
      } catch {
        throw new Error('object stream not checkable');
      }
    }
    allowance.left -= size;
  }
  return parseObjectStream(stream, shouldWaitForTick);
};

export async function inspectPdf(bytes: Uint8Array): Promise<PdfVerdict> {
  const parser = PDFParser.forBytesWithOptions(bytes, Infinity, true);
  const context = parser['context'] as PDFContext;
  allowances.set(context, { left: MAX_INFLATED_BYTES });
  // Every definition is kept: a number defined twice may resolve to either one, depending on the viewer.
  const defined: PDFObject[] = [];
  const assign = context.assign.bind(context);
  context.assign = (ref, object) => {
    defined.push(object);
    assign(ref, object);
  };
  let trailer = context.trailerInfo;
  Object.defineProperty(context, 'trailerInfo', {
    get: () => trailer,
    set: (next: PDFContext['trailerInfo']) => {
      defined.push(...[next.Root, next.Info, next.Encrypt, next.ID].filter((value): value is PDFObject => value !== undefined));
      trailer = next;
    },
  });
  try {
    await parser.parseDocument();
  } catch {
    return { ok: false, problem: 'pdf_unreadable' };
  }
  const found = activeNames(defined);
  return found.size ? { ok: false, problem: 'pdf_active', names: [...found].sort() } : { ok: true };
}

/** The active names used anywhere in these objects, as keys or values, nested at any depth. */
function activeNames(roots: PDFObject[]): Set<string> {
  const found = new Set<string>();
  const pending = [...roots];
  while (pending.length) {
    const object = pending.pop()!;
    if (object instanceof PDFName) {
      const name = object.decodeText();
      if (ACTIVE_NAMES.has(name)) found.add(name);
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) pending.push(key, value);
    } else if (object instanceof PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof PDFStream) {
      pending.push(object.dict);
    }
  }
  return found;
}
