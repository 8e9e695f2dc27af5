import { describe, expect, it } from 'vitest';
import { renderBadgeSvg, type BadgeSvgInput } from './render-badge-svg.js';
import { readSvgDocument } from './svg-document.js';

const input: BadgeSvgInput = {
  levelLabel: 'Proficient',
  levelIndex: 2,
  levelCount: 4,
  frameworkTitle: 'Securities, Commodities, and Financial Services Sales Agents',
  frameworkCode: '41-3031.00',
  issuerName: 'Attain Test Academy',
};

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

describe('renderBadgeSvg', () => {
  it('shows the framework code, level label, both title lines and the issuer', () => {
    expect(texts(renderBadgeSvg(input))).toEqual([
      '41-3031.00',
      'Proficient',
      'Securities, Commodities, and',
      'Financial Services Sales Agents',
      'Attain Test Academy',
    ]);
  });

  it('is accessible: role, label and title describe the award', () => {
    const svg = renderBadgeSvg(input);
    const description =
      'Proficient (level 3 of 4) in Securities, Commodities, and Financial Services Sales Agents (41-3031.00), issued by Attain Test Academy';
    expect(svg).toContain(`role="img" aria-label="${description}"`);
    expect(svg).toContain(`<title>${description}</title>`);
  });

  it('escapes markup in every field, so the SVG stays well formed and inert', () => {
    const hostile = '<script>alert("x")</script> & \'co\'';
    const svg = renderBadgeSvg({ ...input, levelLabel: hostile, issuerName: hostile, frameworkCode: hostile });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;');
    expect(readSvgDocument(svg).root.name).toBe('svg');
  });

  it('fills one pip per level reached', () => {
    const filled = (levelIndex: number): number =>
      (renderBadgeSvg({ ...input, levelIndex }).match(/<circle [^>]*fill="#f2c14e"/g) ?? []).length;
    expect([0, 1, 2, 3].map(filled)).toEqual([1, 2, 3, 4]);
  });

  it('gives every level its own colour', () => {
    const colours = [0, 1, 2, 3].map(
      (levelIndex) => /stop-color="(#[0-9a-f]{6})"/.exec(renderBadgeSvg({ ...input, levelIndex }))?.[1],
    );
    expect(new Set(colours).size).toBe(4);
  });

  it('keeps a long title to two lines ending in an ellipsis, and shortens a long label', () => {
    const svg = renderBadgeSvg({
      ...input,
      levelLabel: 'Extraordinarily Accomplished Practitioner',
      frameworkTitle: `${input.frameworkTitle}, Including Every Related Occupation in the Whole Standard Classification`,
    });
    const [, label, first, second, issuer] = texts(svg);
    expect(label).toMatch(/^Extraordinarily Acc.*…$/);
    expect(first).toBe('Securities, Commodities, and');
    expect(second).toMatch(/^Financial Services Sales.*…$/);
    expect(issuer).toBe('Attain Test Academy');
  });

  it('references nothing outside itself', () => {
    expect(renderBadgeSvg(input)).not.toMatch(/href|url\((?!#)|@import|<image|<script/);
  });

  it('refuses a level outside the framework', () => {
    expect(() => renderBadgeSvg({ ...input, levelIndex: 4 })).toThrow(RangeError);
    expect(() => renderBadgeSvg({ ...input, levelIndex: 1.5 })).toThrow(RangeError);
  });
});
