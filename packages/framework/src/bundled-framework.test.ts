import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledFrameworkPath, loadBundledFramework } from './bundled-framework.js';
import { parseFrameworkJson } from './parse-framework-json.js';

describe('bundled framework 41-3031.00', () => {
  it('lives in data/ next to src/', () => {
    expect(bundledFrameworkPath().endsWith('/packages/framework/data/41-3031.00.json')).toBe(true);
  });

  it('parses to 4 levels of 10 statements with stable codes', async () => {
    const framework = await loadBundledFramework();
    expect(framework.id).toBe('41-3031.00');
    expect(framework.version).toBe('v.26.05');
    expect(framework.schemaVersion).toBe('1.0');
    expect(framework.exportedAt).toBe('2026-05-15T12:39:10.880Z');
    expect(framework.title).toBe('Securities, Commodities, and Financial Services Sales Agents');
    expect(framework.occupation).toEqual({
      code: '41-3031.00',
      title: 'Securities, Commodities, and Financial Services Sales Agents',
      group: 'Sales & Related',
      sector: '52',
      jobZone: 4,
    });
    expect(framework.source).toEqual({ generator: 'LER.me', attribution: '© EBSCOed', onet: 'v30.2 (CC BY 4.0)' });
    expect(framework.levels.map((level) => [level.key, level.label, level.index, level.statements.length])).toEqual([
      ['emerging', 'Emerging', 0, 10],
      ['developing', 'Developing', 1, 10],
      ['proficient', 'Proficient', 2, 10],
      ['advanced', 'Advanced', 3, 10],
    ]);
    const codes = framework.levels.flatMap((level) => level.statements.map((statement) => statement.code));
    expect(codes).toHaveLength(40);
    expect(codes.slice(0, 3)).toEqual(['emerging-1', 'emerging-2', 'emerging-3']);
    expect(codes.at(-1)).toBe('advanced-10');
    expect(framework.levels[0]?.statements[0]).toEqual({
      code: 'emerging-1',
      levelKey: 'emerging',
      position: 1,
      text: 'Sales order tickets — complete and submit accurately under supervisor review for client-requested transactions on a licensed brokerage desk.',
    });
  });

  it('falls back to contextCovered because the description is empty', async () => {
    const framework = await loadBundledFramework();
    expect(
      framework.description.startsWith('This framework covers securities, commodities, and financial services'),
    ).toBe(true);
  });

  it('is what parseFrameworkJson makes of the raw file', async () => {
    expect(parseFrameworkJson(readFileSync(bundledFrameworkPath(), 'utf8'))).toEqual(await loadBundledFramework());
  });
});
