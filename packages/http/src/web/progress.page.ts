import { defaultPolicy, evaluate } from '@attain/attainment';
import {
  findCurrentPolicy,
  findFramework,
  findLearnerByProgressToken,
  learnerFrameworks,
  listCredentials,
  loadLearnerEvidence,
} from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/**
 * An agent's private progress view (the link in their e-mail): every level of each framework they
 * have results in, which statements are demonstrated and which remain. Undefined: no such link.
 */
export async function progressPage(runtime: Runtime, token: string, now: Date): Promise<string | undefined> {
  const learner = await findLearnerByProgressToken(runtime.db, token);
  if (learner === undefined) return undefined;
  const credentials = await listCredentials(runtime.db, { learnerIds: [learner.id] });
  const sections: SafeHtml[] = [];
  const seen = new Set<string>();
  for (const ref of await learnerFrameworks(runtime.db, learner.id)) {
    if (seen.has(ref.frameworkId)) continue; // the newest version of each framework
    seen.add(ref.frameworkId);
    const framework = await findFramework(runtime.db, ref.frameworkId, ref.version);
    if (framework === undefined) continue;
    const policy = (await findCurrentPolicy(runtime.db, framework))?.policy ?? defaultPolicy(framework);
    const evaluation = evaluate(
      framework,
      await loadLearnerEvidence(runtime.db, learner.id, framework.id, framework.version),
      policy,
      now,
    );
    const demonstrated = new Map(evaluation.statements.map((s) => [s.code, s.demonstratedBy.at(0)?.occurredAt]));
    const cards = framework.levels.map((level) => {
      const outcome = evaluation.levels.find((l) => l.level === level.key);
      const done = level.statements.filter((s) => demonstrated.get(s.code) !== undefined).length;
      const credential = credentials
        .filter((c) => c.frameworkId === framework.id && c.version === framework.version && c.level === level.key)
        .at(-1);
      const percent = Math.round((100 * done) / Math.max(level.statements.length, 1));
      return html`<section class="card" aria-labelledby="level-${level.key}" data-testid="level">
        <h3 id="level-${level.key}">${level.label}</h3>
        <p>
          ${credential !== undefined ? html`<a href="/badges/${credential.id}">Earned: see the badge</a>` : outcome?.attained === true ? 'Attained: the credential is on its way' : html`${done} of ${level.statements.length} statements demonstrated`}
        </p>
        <div class="meter" role="img" aria-label="${done} of ${level.statements.length} statements demonstrated">
          <span style="width: ${percent}%"></span>
        </div>
        <ul class="checks">
          ${level.statements.map((s) => {
            const at = demonstrated.get(s.code);
            return html`<li class="${at === undefined ? 'todo' : 'done'}">
              ${s.text}
              <span class="code">${s.code}</span
              >${at === undefined ? html`<span class="visually-hidden"> (not yet demonstrated)</span>` : html`<span class="visually-hidden"> (demonstrated)</span>`}
            </li>`;
          })}
        </ul>
      </section>`;
    });
    sections.push(
      html`<h2>${framework.title} <span class="code">${framework.id} ${framework.version}</span></h2>
        <div class="levels">${cards}</div>`,
    );
  }
  const body = html`<h1>${learner.name}: your progress</h1>
    <p class="muted">This page is private to you: anyone with the link can see it, so share badge pages instead.</p>
    ${sections.length === 0 ? html`<p>No results yet.</p>` : sections}`;
  return layout({ title: `Progress of ${learner.name}`, body });
}
