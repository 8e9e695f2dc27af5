import { html } from './html.js';
import { layout } from './layout.js';

interface StatementLink {
  code: string;
  text: string;
  url: string;
}

/** The framework URL (achievements' `framework`) for people. */
export function frameworkPage(f: {
  frameworkId: string;
  version: string;
  title: string;
  description: string;
  levels: { key: string; label: string; url: string; statements: StatementLink[] }[];
}): string {
  const body = html`<h1>${f.title}</h1>
    <p class="code">${f.frameworkId} ${f.version}</p>
    ${f.description === '' ? '' : html`<p>${f.description}</p>`}
    ${f.levels.map(
      (l, i) =>
        html`<section class="card" aria-labelledby="level-${l.key}">
          <h2 id="level-${l.key}"><a href="${l.url}">${l.label}</a></h2>
          <p class="muted">Level ${i + 1} of ${f.levels.length}: ${l.statements.length} statements</p>
          <ol class="statements">
            ${l.statements.map((s) => html`<li><a class="code" href="${s.url}">${s.code}</a> ${s.text}</li>`)}
          </ol>
        </section>`,
    )}`;
  return layout({ title: `${f.title} (${f.frameworkId} ${f.version})`, description: f.description, body });
}

/** A level as an Open Badges Achievement, for people. */
export function levelPage(level: {
  name: string;
  description: string;
  framework: string;
  alignment: { targetName: string; targetUrl: string; targetCode: string }[];
}): string {
  const body = html`<h1>${level.name}</h1>
    <p>${level.description}</p>
    <p><a href="${level.framework}">The whole framework</a></p>
    <section class="card" aria-labelledby="level-statements">
      <h2 id="level-statements">What it stands for (${level.alignment.length} statements)</h2>
      <ol class="statements">
        ${level.alignment.map(
          (a) => html`<li><a class="code" href="${a.targetUrl}">${a.targetCode}</a> ${a.targetName}</li>`,
        )}
      </ol>
    </section>`;
  return layout({ title: level.name, description: level.description, body });
}

/** One framework statement (an alignment's targetUrl), for people. */
export function statementPage(s: {
  code: string;
  text: string;
  level: { label?: string; url: string };
  framework: { id: string; version: string; title: string; url: string };
}): string {
  const body = html`<p class="muted">Framework statement <span class="code">${s.code}</span></p>
    <h1>${s.text}</h1>
    <div class="card">
      <dl class="facts">
        <dt>Level</dt>
        <dd><a href="${s.level.url}">${s.level.label ?? 'the level'}</a></dd>
        <dt>Framework</dt>
        <dd>
          <a href="${s.framework.url}">${s.framework.title}</a>
          <span class="code">${s.framework.id} ${s.framework.version}</span>
        </dd>
      </dl>
    </div>`;
  return layout({ title: `${s.code}: ${s.text}`, body });
}
