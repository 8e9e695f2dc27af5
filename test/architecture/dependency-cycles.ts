/**
 * The cycles of a directed graph, each as the path that closes it (`a → b → a`), found by a
 * depth-first search; a cycle is reported once, from the first of its nodes the search reaches.
 */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): void => {
    const open = path.indexOf(node);
    if (open !== -1) {
      cycles.push([...path.slice(open), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) visit(next);
    path.pop();
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) visit(node);
  return cycles;
}
