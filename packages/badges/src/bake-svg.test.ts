import { describe, expect, it } from 'vitest';
import { bakeSvg, extractFromSvg } from './bake-svg.js';
import { sampleCredential, sampleCredentialJson } from './sample-credential.fixture.js';
import { svgToPng } from './svg-to-png.js';

const root = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">';
const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${root}<circle cx="5" cy="5" r="4"/></svg>`;
const namespace = 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"';

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('bakeSvg / extractFromSvg', () => {
  it('gives back exactly the baked JSON, byte for byte', () => {
    const text = extractFromSvg(bakeSvg(svg, sampleCredentialJson));
    expect(text).toBe(sampleCredentialJson);
    expect(JSON.parse(text!)).toEqual(sampleCredential);
  });

  it('declares the namespace on the root and puts the credential in CDATA as its first child', () => {
    const baked = bakeSvg(svg, '{"a":1}');
    expect(baked).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" ${namespace}>` +
        '<openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential><circle cx="5" cy="5" r="4"/></svg>',
    );
  });

  it('splits the CDATA section around "]]>" so the markup stays well formed', () => {
    const baked = bakeSvg(svg, '{"x":"a]]>b"}');
    expect(baked).toContain('<![CDATA[{"x":"a]]]]><![CDATA[>b"}]]>');
    expect(extractFromSvg(baked)).toBe('{"x":"a]]>b"}');
  });

  it('keeps carriage returns, which XML parsers would otherwise turn into line feeds', () => {
    const json = '{\r\n  "a": 1\r\n}';
    expect(extractFromSvg(bakeSvg(svg, json))).toBe(json);
  });

  it('is not fooled by credential markup inside the JSON', () => {
    const json = JSON.stringify({ note: '</openbadges:credential><openbadges:credential>' });
    const baked = bakeSvg(bakeSvg(svg, json), json);
    expect(extractFromSvg(baked)).toBe(json);
  });

  it('leaves one credential element and one namespace declaration when baked twice', () => {
    const twice = bakeSvg(bakeSvg(svg, sampleCredentialJson), '{"second":true}');
    expect(count(twice, '<openbadges:credential>')).toBe(1);
    expect(count(twice, 'xmlns:openbadges=')).toBe(1);
    expect(extractFromSvg(twice)).toBe('{"second":true}');
  });

  it('bakes into a root element that has no children', () => {
    const baked = bakeSvg(`<svg xmlns="http://www.w3.org/2000/svg" />`, '{}');
    expect(baked).toBe(
      `<svg xmlns="http://www.w3.org/2000/svg" ${namespace}><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>`,
    );
  });

  it('produces an SVG that still renders', () => {
    expect(() => svgToPng(bakeSvg(svg, sampleCredentialJson), 32)).not.toThrow();
  });

  it('reads the indented form of the specification example', () => {
    const credential = { type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Développeur — 証券' };
    const example = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" ${namespace} viewBox="0 0 512 512">
  <openbadges:credential>
    <![CDATA[
      ${JSON.stringify(credential, null, 2)}
    ]]>
  </openbadges:credential>
</svg>`;
    expect(JSON.parse(extractFromSvg(example)!)).toEqual(credential);
  });

  it('reads a VC-JWT credential from the verify attribute', () => {
    const jws = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6d2ViOmF0dGFpbi5leGFtcGxlIn0.c2lnbmF0dXJl';
    const baked = `<svg xmlns="http://www.w3.org/2000/svg" ${namespace}><openbadges:credential verify="${jws}"></openbadges:credential></svg>`;
    expect(extractFromSvg(baked)).toBe(jws);
  });

  it('returns undefined for an SVG with no credential and refuses one with two', () => {
    expect(extractFromSvg(svg)).toBeUndefined();
    const two = `${root}<openbadges:credential>{}</openbadges:credential><g><openbadges:credential>{}</openbadges:credential></g></svg>`;
    expect(() => extractFromSvg(two)).toThrow(expect.objectContaining({ problem: 'multiple-credentials' }));
  });

  it('ignores credential markup inside comments', () => {
    expect(extractFromSvg(`${root}<!-- <openbadges:credential>{}</openbadges:credential> --></svg>`)).toBeUndefined();
  });

  it('refuses to rebind an Open Badges 2.0 namespace', () => {
    const ob2 = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"></svg>';
    expect(() => bakeSvg(ob2, '{}')).toThrow(expect.objectContaining({ problem: 'conflicting-badge-data' }));
  });

  it('refuses documents that are not SVG, and markup that is cut off', () => {
    expect(() => bakeSvg('<html><body/></html>', '{}')).toThrow('This file is not an SVG image.');
    expect(() => bakeSvg('not markup', '{}')).toThrow(expect.objectContaining({ problem: 'not-an-image' }));
    expect(() => extractFromSvg(`${root}<openbadges:credential><![CDATA[{}`)).toThrow(
      expect.objectContaining({ problem: 'damaged-image' }),
    );
  });

  it('refuses credential text that XML cannot carry', () => {
    expect(() => bakeSvg(svg, '{"bell":"\u0007"}')).toThrow(
      expect.objectContaining({ problem: 'unstorable-credential' }),
    );
  });
});
