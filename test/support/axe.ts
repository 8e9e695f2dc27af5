import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { repoRoot } from './processes.js';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let source: string | undefined;

/**
 * Runs axe-core (WCAG 2.x A and AA rules, and best practices) in the page and returns its violations,
 * one line each. The script goes in as an inline tag, which the pages' CSP forbids: open the page in a
 * context made with `bypassCSP: true` (the CSP itself is tested in contexts without it).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= await readFile(`${repoRoot}/node_modules/axe-core/axe.min.js`, 'utf8');
  await page.addScriptTag({ content: source });
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))
  `);
  return violations.map(
    (v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
