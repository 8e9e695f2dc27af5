export interface FrameworkRef {
  id: string;
  version: string;
}

// Public URLs served by the API. A trailing slash on baseUrl is tolerated.
export function frameworkUrl(baseUrl: string, framework: FrameworkRef): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/frameworks/${encodeURIComponent(framework.id)}/${encodeURIComponent(framework.version)}`;
}

export function levelUrl(baseUrl: string, framework: FrameworkRef, levelKey: string): string {
  return `${frameworkUrl(baseUrl, framework)}/levels/${encodeURIComponent(levelKey)}`;
}

export function statementUrl(baseUrl: string, framework: FrameworkRef, code: string): string {
  return `${frameworkUrl(baseUrl, framework)}/statements/${encodeURIComponent(code)}`;
}
