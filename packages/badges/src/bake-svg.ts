import { BakedImageError } from './baked-image.error.js';
import { SVG_CREDENTIAL_ELEMENT, SVG_CREDENTIAL_NAMESPACE } from './baking-format.js';
import { readSvgDocument, type CredentialElement } from './svg-document.js';
import { XML_FORBIDDEN, decodeXmlAttribute, decodeXmlText, normaliseLineEnds } from './xml-text.js';

/**
 * Bakes the credential JSON, as the first child of the root `<svg>`, into
 * `<openbadges:credential><![CDATA[…]]></openbadges:credential>` (OB 3.0, embedded proof form)
 * and declares the `openbadges` namespace on the root. Existing credential elements are replaced.
 */
export function bakeSvg(svg: string, credentialJson: string): string {
  if (XML_FORBIDDEN.test(credentialJson)) {
    throw new BakedImageError(
      'unstorable-credential',
      'This credential contains text that cannot be stored in an SVG image.',
    );
  }
  const { root, credentials } = readSvgDocument(svg);
  const declared = root.attributes.get('xmlns:openbadges');
  if (declared !== undefined && decodeXmlAttribute(declared) !== SVG_CREDENTIAL_NAMESPACE) {
    throw new BakedImageError(
      'conflicting-badge-data',
      'This SVG already carries badge data of another Open Badges version, so a credential cannot be added to it.',
    );
  }
  const rootTag = svg.slice(root.start, root.end).replace(/\s*\/?>$/, '');
  const namespace = declared === undefined ? ` xmlns:openbadges="${SVG_CREDENTIAL_NAMESPACE}"` : '';
  const element = `<${SVG_CREDENTIAL_ELEMENT}>${cdata(credentialJson)}</${SVG_CREDENTIAL_ELEMENT}>`;
  const rest = withoutRanges(svg, root.end, credentials);
  return `${svg.slice(0, root.start)}${rootTag}${namespace}>${element}${root.selfClosing ? '</svg>' : ''}${rest}`;
}

/**
 * The credential exactly as baked: the `verify` attribute when it is set (a VC-JWT compact JWS),
 * otherwise the element's text, CDATA sections joined. Undefined when the SVG has none.
 */
export function extractFromSvg(svg: string): string | undefined {
  const { credentials } = readSvgDocument(svg);
  if (credentials.length > 1) {
    throw new BakedImageError(
      'multiple-credentials',
      'This image holds more than one credential, so it is not clear which one to trust.',
    );
  }
  const [element] = credentials;
  if (element === undefined) return undefined;
  const verify = element.tag.attributes.get('verify');
  return verify !== undefined && verify !== '' ? decodeXmlAttribute(verify) : credentialText(element);
}

/**
 * CDATA keeps the JSON readable. `]]>` cannot occur inside a section, so it is split across two;
 * a carriage return is written as `&#13;` because parsers turn a literal one into a line feed.
 */
function cdata(text: string): string {
  return text
    .split('\r')
    .map((part) => (part === '' ? '' : `<![CDATA[${part.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`))
    .join('&#13;');
}

/** White space around CDATA sections is layout (the spec's own example indents them), not data. */
function credentialText(element: CredentialElement): string {
  const hasCdata = element.content.some((token) => token.kind === 'cdata');
  return element.content
    .map((token) => {
      if (token.kind === 'cdata') return normaliseLineEnds(token.value);
      if (token.kind !== 'text' || (hasCdata && /^[ \t\r\n]*$/.test(token.raw))) return '';
      return decodeXmlText(token.raw);
    })
    .join('');
}

function withoutRanges(text: string, from: number, ranges: readonly CredentialElement[]): string {
  let out = '';
  let at = from;
  for (const range of ranges) {
    out += text.slice(at, range.start);
    at = range.end;
  }
  return out + text.slice(at);
}
