// Names fixed by Open Badges 3.0, section "Baked Badge" (https://www.imsglobal.org/spec/ob/v3p0/#baked-badge).

/** Keyword of the PNG iTXt chunk that holds the credential. */
export const PNG_CREDENTIAL_KEYWORD = 'openbadgecredential';

/** Namespace bound to the `openbadges` prefix on the root `<svg>`. */
export const SVG_CREDENTIAL_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

/** The element, first child of the root `<svg>`, that holds the credential. */
export const SVG_CREDENTIAL_ELEMENT = 'openbadges:credential';
