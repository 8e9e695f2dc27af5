export { renderBadgeSvg, type BadgeSvgInput } from './render-badge-svg.js';
export { svgToPng, type FontSources } from './svg-to-png.js';
export { MissingFontError } from './missing-font.error.js';
export { bakePng, extractFromPng } from './bake-png.js';
export { bakeSvg, extractFromSvg } from './bake-svg.js';
export { extractBakedCredential, type BakedCredential } from './extract-baked-credential.js';
export { BakedImageError, type BakedImageProblem } from './baked-image.error.js';
export { MAX_BAKED_TEXT_BYTES } from './itxt-chunk.js';
export { PNG_CREDENTIAL_KEYWORD, SVG_CREDENTIAL_NAMESPACE } from './baking-format.js';
