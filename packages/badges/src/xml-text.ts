import { BakedImageError } from './baked-image.error.js';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Characters XML 1.0 cannot carry at all, not even as a character reference. */
export const XML_FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_FORBIDDEN_ALL = new RegExp(XML_FORBIDDEN.source, 'gu');

/** Escapes text for element content and attribute values; drops characters XML cannot hold. */
export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN_ALL, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Character data as an XML parser reports it: line ends normalised, references resolved. */
export function decodeXmlText(raw: string): string {
  return normaliseLineEnds(raw).replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (_, ref: string) => {
    const code = ref.startsWith('#x')
      ? parseInt(ref.slice(2), 16)
      : ref.startsWith('#')
        ? parseInt(ref.slice(1), 10)
        : -1;
    if (code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    return ENTITIES[ref] ?? unreadable();
  });
}

/** Attribute values also turn literal tabs and line ends into spaces (XML 1.0, 3.3.3). */
export function decodeXmlAttribute(raw: string): string {
  return decodeXmlText(normaliseLineEnds(raw).replace(/[\t\n]/g, ' '));
}

export function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function unreadable(): never {
  throw new BakedImageError(
    'unreadable-credential',
    'The credential baked into this image uses markup this software cannot read.',
  );
}
