import { describe, expect, it } from 'vitest';
import { estimateWidth, fitFontSize, truncate, wrapText } from './text-fit.js';

describe('text fitting', () => {
  it('wraps at word boundaries within the width', () => {
    expect(
      wrapText('Securities, Commodities, and Financial Services Sales Agents', { maxWidth: 310, fontSize: 18 }, 2),
    ).toEqual(['Securities, Commodities, and', 'Financial Services Sales Agents']);
  });

  it('ends the last line with an ellipsis when words are left over', () => {
    const lines = wrapText('one two three four five six seven', { maxWidth: 100, fontSize: 20 }, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/…$/);
  });

  it('never cuts inside a surrogate pair', () => {
    const cut = truncate('🎓🎓🎓🎓🎓🎓🎓🎓', { maxWidth: 50, fontSize: 20 });
    expect(cut).toMatch(/^(🎓)+…$/u);
  });

  it('counts ideographs as wider than Latin letters', () => {
    expect(estimateWidth('証券', { fontSize: 10 })).toBeGreaterThan(estimateWidth('ab', { fontSize: 10 }));
  });

  it('picks the largest font size that fits, within bounds', () => {
    expect(fitFontSize('Proficient', { maxWidth: 300, bold: true }, 56, 24)).toBe(54);
    expect(fitFontSize('A much longer level name than usual', { maxWidth: 300, bold: true }, 56, 24)).toBe(24);
  });
});
