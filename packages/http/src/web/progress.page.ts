import { defaultPolicy, evaluate } from '@attain/attainment';
import {
  findCurrentPolicy,
  findFramework,
  findLearnerByProgressToken,
  findStatusEntries,
  learnerFrameworks,
  listCredentials,
  loadLearnerEvidence,
} from '@attain/db';
import type { Runtime } from '@attain/runtime';
import { day } from './badge.page.js';
import { standingOf, type Standing } from './credential-standing.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** One level's state as the agent reads it: a credential's standing, or how far they have got. */
function levelState(
  credential: { id: string; validUntil: Date | null; standing: Standing } | undefined,
  attained: boolean,
  remaining: number,
): SafeHtml {
  if (credential === undefined) {
    if (attained)
      return html`<span class="pill on-its-way" data-testid="level-state">Attained</span> The credential is on its way.`;
    return html`<span class="pill in-progress" data-testid="level-state">In progress</span> ${remaining}
      ${remaining === 1 ? 'statement remains' : 'statements remain'}.`;
  }
  const { status, since, reason } = credential.standing;
  const badge = html`<a href="/badges/${credential.id}">See the badge</a>`;
  const why = reason === undefined ? '' : html` Reason: ${reason}.`;
  switch (status) {
    case 'valid':
      return html`<span class="pill earned" data-testid="level-state">Earned, in force</span>
        ${credential.validUntil === null ? 'Does not expire.' : `Expires on ${day(credential.validUntil)}.`} ${badge}`;
    case 'expired':
      return html`<span class="pill expired" data-testid="level-state">Expired</span>
        ${since === undefined ? '' : `Expired on ${day(since)}.`} Pass the level again to renew it. ${badge}`;
    case 'suspended':
      return html`<span class="pill suspended" data-testid="level-state">Suspended</span>
        ${since === undefined ? '' : `Suspended by the issuer since ${day(since)}.`}${why} ${badge}`;
    case 'revoked':
      return html`<span class="pill revoked" data-testid="level-state">Revoked</span>
        ${since === undefined ? '' : `Revoked by the issuer on ${day(since)}.`}${why} ${badge}`;
  }
}

/**
 * An agent's private progress view (the link in their e-mail): every level of each framework they
 * have results in, its state (earned and in force, expired, suspended, revoked, in progress), which
 * statements are demonstrated and which remain. Undefined: no such link.
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
    const cards: SafeHtml[] = [];
    for (const level of framework.levels) {
      const outcome = evaluation.levels.find((l) => l.level === level.key);
      const done = level.statements.filter((s) => demonstrated.get(s.code) !== undefined).length;
      // The newest credential of the level (a renewal replaces an expired one).
      const latest = credentials
        .filter((c) => c.frameworkId === framework.id && c.version === framework.version && c.level === level.key)
        .at(-1);
      const credential =
        latest === undefined
          ? undefined
          : {
              id: latest.id,
              validUntil: latest.validUntil,
              standing: standingOf(
                await findStatusEntries(runtime.db, `urn:uuid:${latest.id}`),
                latest.validUntil,
                now,
              ),
            };
      const total = level.statements.length;
      cards.push(
        html`<section class="card" aria-labelledby="level-${level.key}" data-testid="level">
          <h3 id="level-${level.key}">${level.label}</h3>
          <p>${levelState(credential, outcome?.attained === true, total - done)}</p>
          <progress
            class="meter"
            max="${Math.max(total, 1)}"
            value="${done}"
            aria-label="${level.label}: ${done} of ${total} statements demonstrated"
          ></progress>
          <p class="muted">${done} of ${total} statements demonstrated</p>
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
        </section>`,
      );
    }
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
