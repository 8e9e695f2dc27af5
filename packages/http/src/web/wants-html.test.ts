import { describe, expect, it } from 'vitest';
import { wantsHtml } from './wants-html.js';

describe('wantsHtml', () => {
  it('gives browsers HTML', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8')).toBe(
      true,
    );
  });
  it('keeps JSON for API clients and for clients that send nothing or anything', () => {
    expect(wantsHtml(undefined)).toBe(false);
    expect(wantsHtml('application/json')).toBe(false);
    expect(wantsHtml('*/*')).toBe(false);
    expect(wantsHtml('application/ld+json, text/html;q=0.5')).toBe(false);
    expect(wantsHtml('text/html;q=0')).toBe(false);
  });
});
