import { describe, expect, it } from 'vitest';
import { MissingFontError } from './missing-font.error.js';
import { renderBadgeSvg } from './render-badge-svg.js';
import { pngSize } from './sample-png.fixture.js';
import { svgToPng } from './svg-to-png.js';

const badge = renderBadgeSvg({
  levelLabel: 'Advanced',
  levelIndex: 3,
  levelCount: 4,
  frameworkTitle: 'Securities, Commodities, and Financial Services Sales Agents',
  frameworkCode: '41-3031.00',
  issuerName: 'Attain Test Academy',
});

describe('svgToPng', () => {
  it('renders a PNG of the requested width, 512 by default', () => {
    expect(pngSize(svgToPng(badge, 300))).toEqual({ width: 300, height: 300 });
    expect(pngSize(svgToPng(badge))).toEqual({ width: 512, height: 512 });
  });

  // Fails on a machine without DejaVu Sans or Liberation Sans: see the README, "Fonts".
  it('draws the badge text with an installed font', () => {
    const withoutText = badge.replace(/<text[^>]*>[^<]*<\/text>/g, '');
    expect(withoutText).not.toBe(badge);
    expect(svgToPng(badge, 128).equals(svgToPng(withoutText, 128))).toBe(false);
  });

  it('refuses to render text it has no font for instead of dropping it', () => {
    expect(() => svgToPng(badge, 64, { loadSystemFonts: false })).toThrow(MissingFontError);
  });

  it('refuses a width that is not a positive whole number of pixels', () => {
    expect(() => svgToPng(badge, 0)).toThrow(RangeError);
    expect(() => svgToPng(badge, 10.5)).toThrow(RangeError);
  });
});
