/** One competency statement; `code` is `${levelKey}-${position}` and stays stable per framework version. */
export interface Statement {
  code: string;
  levelKey: string;
  /** 1-based, in export order. */
  position: number;
  text: string;
}

export interface Level {
  key: string;
  label: string;
  /** 0-based, in export order (emerging = 0 … advanced = 3 for the bundled export). */
  index: number;
  statements: Statement[];
}

export interface Occupation {
  code: string;
  title: string;
  group?: string;
  sector?: string;
  jobZone?: number;
}

export interface FrameworkSource {
  generator?: string;
  attribution?: string;
  onet?: string;
}

export interface Framework {
  /** The occupation code, e.g. '41-3031.00'. */
  id: string;
  /** e.g. 'v.26.05'. */
  version: string;
  title: string;
  /** `framework.description`, or `framework.contextCovered` when the description is empty. */
  description: string;
  occupation: Occupation;
  exportedAt: string;
  schemaVersion: '1.0';
  source: FrameworkSource;
  levels: Level[];
}
