import type { Framework } from '@attain/framework';
import { findFramework, type Db } from '@attain/db';
import { UnrecoverableError } from '@attain/queue';

/** A framework version never changes once imported, so it is parsed once per process. */
export class FrameworkCache {
  private readonly entries = new Map<string, Promise<Framework>>();

  constructor(private readonly db: Db) {}

  get(id: string, version: string): Promise<Framework> {
    const key = `${id}\u0000${version}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = findFramework(this.db, id, version).then((framework) => {
        if (framework === undefined) throw new UnrecoverableError(`framework ${id} ${version} is not imported`);
        return framework;
      });
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }
}
