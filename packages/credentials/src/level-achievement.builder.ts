import { InvalidCredentialError } from './credential-errors.js';
import type { LevelCredentialInput } from './level-credential.input.js';

/** Ids of the framework rubric and its levels, shared by the Achievement and the Result that points into it. */
export function rubricIds(input: LevelCredentialInput): {
  resultDescriptionId: string;
  levelId: (key: string) => string;
} {
  const base = input.resultDescriptionBaseUrl;
  if (base !== undefined) return { resultDescriptionId: base, levelId: (key) => `${base}#${key}` };
  const achievementId = input.level.achievementId;
  return {
    resultDescriptionId: `${achievementId}#result-description`,
    levelId: (key) => `${achievementId}#level-${key}`,
  };
}

export function frameworkLabel(framework: LevelCredentialInput['framework']): string {
  return `${framework.title} (${framework.id}) ${framework.version}`;
}

/** The OB 3.0 Achievement for one framework level: its statements as alignments, the framework levels as a rubric. */
export function buildLevelAchievement(input: LevelCredentialInput): Record<string, unknown> {
  const { framework, level, levels } = input;
  if (!levels.some((candidate) => candidate.key === level.key)) {
    throw new InvalidCredentialError(
      `Level "${level.key}" is not one of the framework's levels (${levels.map((l) => l.key).join(', ')}).`,
    );
  }
  const { resultDescriptionId, levelId } = rubricIds(input);
  const statementList = level.statements.map((statement) => `- ${statement.code}: ${statement.text}`).join('\n');
  return {
    id: level.achievementId,
    type: ['Achievement'],
    // 'Competency': the credential attests demonstrated proficiency against occupational competency
    // statements; 'Certification' would claim an examining body and renewal cycle that Attain does not run.
    achievementType: 'Competency',
    name: `${level.label} — ${framework.title}`,
    description: level.description ?? `Reached the ${level.label} level of ${frameworkLabel(framework)}.`,
    criteria: {
      narrative: `Demonstrated each statement of the ${level.label} level of ${frameworkLabel(framework)}:\n\n${statementList}`,
    },
    version: framework.version,
    alignment: level.statements.map((statement) => ({
      type: ['Alignment'],
      targetName: statement.text,
      targetUrl: statement.url,
      targetCode: statement.code,
      targetFramework: frameworkLabel(framework),
      // Not 'ceasn:Competency': the target URL serves Attain's statement format, not a CTDL-ASN record.
      targetType: 'ext:FrameworkStatement',
    })),
    resultDescription: [
      {
        id: resultDescriptionId,
        type: ['ResultDescription'],
        name: `Level reached in ${framework.title}`,
        resultType: 'RubricCriterionLevel',
        requiredLevel: levelId(level.key),
        rubricCriterionLevel: levels.map((candidate, index) => ({
          id: levelId(candidate.key),
          type: ['RubricCriterionLevel'],
          name: candidate.label,
          // JSON-LD sets are unordered once signed, so the rank is stated explicitly (1 = lowest).
          level: String(index + 1),
        })),
      },
    ],
  };
}
