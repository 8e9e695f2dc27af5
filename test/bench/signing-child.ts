import { benchSigning } from './signing.js';

// node [flags] test/dist/bench/signing-child.js <seconds>: the signing bench in a process of its
// own; prints its figures (or null when the signing bench is not built) as the last line.
const seconds = Number(process.argv[2] ?? '5');
const figures = await benchSigning({ seconds });
process.stdout.write(`\n${JSON.stringify(figures ?? null)}\n`);
