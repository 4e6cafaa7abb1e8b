// npx tsx proofs-notes/src/generate.ts: writes proofs-notes/tla/<Module>.tla
// for every part in proofs-notes/tla/parts/, from the spec it names.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { composedModules } from './proof-models.ts';

for (const m of composedModules()) {
  writeFileSync(m.file, m.text);
  console.log(`wrote ${relative(process.cwd(), m.file)}`);
}
