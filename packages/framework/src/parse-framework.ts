import { FrameworkFormatError } from './framework-format.error.js';
import type { Framework, FrameworkSource, Occupation } from './framework.model.js';
import { describeValue, expectNonEmptyString, expectRecord, isRecord, optionalString } from './format-guards.js';
import { parseLevels } from './parse-levels.js';

const SOC_PATTERN = /^\d{2}-\d{4}\.\d{2}$/;

/** Validates a LER.me framework export (schema 1.0) and builds the domain model. */
export function parseFramework(input: unknown): Framework {
  const root = expectRecord(input, '$');
  if (root.schemaVersion !== '1.0') {
    throw new FrameworkFormatError('schemaVersion', `expected "1.0", got ${describeValue(root.schemaVersion)}`);
  }
  const exportedAt = expectNonEmptyString(root.exportedAt, 'exportedAt');
  const occupation = parseOccupation(root.occupation);
  const body = expectRecord(root.framework, 'framework');
  const version = expectNonEmptyString(body.version, 'framework.version');
  const description =
    optionalString(body.description, 'framework.description') ??
    optionalString(body.contextCovered, 'framework.contextCovered') ??
    '';
  const levels = parseLevels(body.levels, 'framework.levels');
  return {
    id: occupation.code,
    version,
    title: occupation.title,
    description,
    occupation,
    exportedAt,
    schemaVersion: '1.0',
    source: parseSource(root.sources, root.attribution),
    levels,
  };
}

function parseOccupation(value: unknown): Occupation {
  const occupation = expectRecord(value, 'occupation');
  const code = expectNonEmptyString(occupation.soc, 'occupation.soc');
  if (!SOC_PATTERN.test(code)) {
    throw new FrameworkFormatError(
      'occupation.soc',
      `expected an O*NET-SOC code like "41-3031.00", got ${describeValue(code)}`,
    );
  }
  const result: Occupation = { code, title: expectNonEmptyString(occupation.title, 'occupation.title') };
  const group = optionalString(occupation.group, 'occupation.group');
  const sector = optionalString(occupation.sector, 'occupation.sector');
  const jobZone = parseJobZone(occupation.jobZone);
  if (group !== undefined) result.group = group;
  if (sector !== undefined) result.sector = sector;
  if (jobZone !== undefined) result.jobZone = jobZone;
  return result;
}

function parseJobZone(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  // O*NET defines Job Zones 1 to 5.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    throw new FrameworkFormatError(
      'occupation.jobZone',
      `expected an integer from 1 to 5, got ${describeValue(value)}`,
    );
  }
  return value;
}

function parseSource(sources: unknown, attribution: unknown): FrameworkSource {
  const result: FrameworkSource = {};
  const attributionText = optionalString(attribution, 'attribution');
  if (attributionText !== undefined) result.attribution = attributionText;
  if (sources === undefined || sources === null) return result;
  if (!isRecord(sources))
    throw new FrameworkFormatError('sources', `expected an object, got ${describeValue(sources)}`);
  const generator = optionalString(sources.generator, 'sources.generator');
  const onet = optionalString(sources.onet, 'sources.onet');
  if (generator !== undefined) result.generator = generator;
  if (onet !== undefined) result.onet = onet;
  return result;
}
