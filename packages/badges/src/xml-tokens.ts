import { BakedImageError } from './baked-image.error.js';

// Just enough of XML to find elements in an SVG without a DOM: tags with their attributes,
// text, CDATA sections, and markup to skip (comments, processing instructions, DOCTYPE).
// Markup-like text inside comments, CDATA and attribute values is never mistaken for a tag.

export type XmlToken =
  | {
      kind: 'open';
      name: string;
      attributes: ReadonlyMap<string, string>;
      selfClosing: boolean;
      start: number;
      end: number;
    }
  | { kind: 'close'; name: string; start: number; end: number }
  | { kind: 'text'; raw: string; start: number; end: number }
  | { kind: 'cdata'; value: string; start: number; end: number }
  | { kind: 'skipped'; start: number; end: number };

const NAME = /[^\s=/>]+/y;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*(\/?)>/y;

export function* xmlTokens(xml: string): Generator<XmlToken> {
  let at = 0;
  while (at < xml.length) {
    const start = at;
    if (xml[at] !== '<') {
      const next = xml.indexOf('<', at);
      at = next < 0 ? xml.length : next;
      yield { kind: 'text', raw: xml.slice(start, at), start, end: at };
    } else if (xml.startsWith('<![CDATA[', at)) {
      at = after(xml, ']]>', at + 9);
      yield { kind: 'cdata', value: xml.slice(start + 9, at - 3), start, end: at };
    } else if (xml.startsWith('<!--', at)) {
      at = after(xml, '-->', at + 4);
      yield { kind: 'skipped', start, end: at };
    } else if (xml.startsWith('<?', at)) {
      at = after(xml, '?>', at + 2);
      yield { kind: 'skipped', start, end: at };
    } else if (xml.startsWith('<!', at)) {
      at = afterDeclaration(xml, at);
      yield { kind: 'skipped', start, end: at };
    } else if (xml.startsWith('</', at)) {
      at = after(xml, '>', at + 2);
      yield { kind: 'close', name: xml.slice(start + 2, at - 1).trim(), start, end: at };
    } else {
      const token = openTag(xml, at);
      at = token.end;
      yield token;
    }
  }
}

function openTag(xml: string, start: number): XmlToken & { kind: 'open' } {
  NAME.lastIndex = start + 1;
  const name = NAME.exec(xml)?.[0] ?? malformed();
  const attributes = new Map<string, string>();
  let at = NAME.lastIndex;
  for (;;) {
    TAG_END.lastIndex = at;
    const end = TAG_END.exec(xml);
    if (end !== null) {
      return { kind: 'open', name, attributes, selfClosing: end[1] === '/', start, end: TAG_END.lastIndex };
    }
    ATTRIBUTE.lastIndex = at;
    const attribute = ATTRIBUTE.exec(xml) ?? malformed();
    attributes.set(attribute[1] ?? '', attribute[2] ?? attribute[3] ?? '');
    at = ATTRIBUTE.lastIndex;
  }
}

/** `<!DOCTYPE ...>`, which may hold quoted strings and an internal subset in brackets. */
function afterDeclaration(xml: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let at = start + 2; at < xml.length; at++) {
    const c = xml[at];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth === 0) return at + 1;
  }
  return malformed();
}

function after(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? malformed() : at + terminator.length;
}

function malformed(): never {
  throw new BakedImageError('damaged-image', 'This SVG image is damaged or incomplete, so it cannot be read.');
}
