import { BakedImageError } from './baked-image.error.js';
import { SVG_CREDENTIAL_ELEMENT } from './baking-format.js';
import { xmlTokens, type XmlToken } from './xml-tokens.js';

type OpenTag = XmlToken & { kind: 'open' };

export interface CredentialElement {
  readonly start: number;
  readonly end: number;
  readonly tag: OpenTag;
  readonly content: readonly XmlToken[];
}

export interface SvgDocument {
  readonly root: OpenTag;
  readonly credentials: readonly CredentialElement[];
}

/** The root `<svg>` start tag and every `<openbadges:credential>` element, with their offsets. */
export function readSvgDocument(svg: string): SvgDocument {
  const tokens = [...xmlTokens(svg)];
  const rootIndex = tokens.findIndex((token) => token.kind === 'open');
  const root = tokens[rootIndex];
  const prolog = tokens.slice(0, Math.max(rootIndex, 0));
  if (root?.kind !== 'open' || root.name !== 'svg' || !prolog.every(isProlog)) {
    throw new BakedImageError('not-an-image', 'This file is not an SVG image.');
  }
  const credentials: CredentialElement[] = [];
  for (let i = rootIndex + 1; i < tokens.length; i++) {
    const tag = tokens[i];
    if (tag?.kind !== 'open' || tag.name !== SVG_CREDENTIAL_ELEMENT) continue;
    const close = tag.selfClosing ? i : tokens.findIndex((t, j) => j > i && t.kind === 'close' && t.name === tag.name);
    const last = tokens[close];
    if (last === undefined) {
      throw new BakedImageError('damaged-image', 'This SVG image is damaged or incomplete, so it cannot be read.');
    }
    credentials.push({ start: tag.start, end: last.end, tag, content: tokens.slice(i + 1, close) });
    i = close;
  }
  return { root, credentials };
}

/** Before the root element: an optional byte order mark, white space, the XML declaration, comments, DOCTYPE. */
function isProlog(token: XmlToken): boolean {
  return token.kind === 'skipped' || (token.kind === 'text' && /^[\uFEFF \t\r\n]*$/.test(token.raw));
}
