import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { BADGE_FONT_FAMILY, DEFAULT_FONT_FAMILY } from './badge-fonts.js';
import { MissingFontError } from './missing-font.error.js';

export interface FontSources {
  /** Scan the usual system font folders (default true). */
  readonly loadSystemFonts?: boolean;
  readonly fontFiles?: readonly string[];
  readonly fontDirs?: readonly string[];
}

// resvg draws nothing for text it has no font for, so a one-word probe tells whether badge text
// would be lost. resvg reads system fonts from the usual folders itself, not through fontconfig.
const PROBE = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="2" y="16" font-size="14" font-family="${BADGE_FONT_FAMILY}">Ag</text></svg>`;

/**
 * Renders an SVG to a PNG `widthPx` wide (height to scale) with resvg. Fonts come from the system
 * (DejaVu Sans preferred) and from `fonts`; throws MissingFontError if the SVG has text and no
 * font can draw it. Reads font files; nothing else, and never the network.
 */
export function svgToPng(svg: string, widthPx = 512, fonts: FontSources = {}): Buffer {
  if (!Number.isInteger(widthPx) || widthPx < 1 || widthPx > 8192) {
    throw new RangeError(`widthPx must be an integer from 1 to 8192 (got ${widthPx})`);
  }
  const font: ResvgRenderOptions['font'] = {
    loadSystemFonts: fonts.loadSystemFonts ?? true,
    fontFiles: [...(fonts.fontFiles ?? [])],
    fontDirs: [...(fonts.fontDirs ?? [])],
    defaultFontFamily: DEFAULT_FONT_FAMILY,
    sansSerifFamily: DEFAULT_FONT_FAMILY,
  };
  if (/<text[\s>]/.test(svg) && new Resvg(PROBE, { font }).getBBox() === undefined) throw new MissingFontError();
  return new Resvg(svg, { font, fitTo: { mode: 'width', value: widthPx } }).render().asPng();
}
