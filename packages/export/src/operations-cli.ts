// `npm run operations` (in packages/export): writes src/operations.graphql from the entities, the file the
// gateway's trusted documents read; then `npm run trusted-documents` at the root when an operation changed.
import { writeFileSync } from 'node:fs';
import { OPERATIONS } from './entities.js';

const file = new URL('../src/operations.graphql', import.meta.url);
writeFileSync(file, OPERATIONS);
console.log(`${file.pathname}: written`);
