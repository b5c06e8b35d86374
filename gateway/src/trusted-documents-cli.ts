// `npm run trusted-documents`: writes gateway/trusted-documents.json, the operations a production gateway with
// GATEWAY_TRUSTED_DOCUMENTS_ONLY=true runs: the contract's, and each console's once it has an operations file
// (list it in TRUSTED_DOCUMENT_SOURCES). A test fails while the committed manifest is behind its sources.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildManifest, TRUSTED_DOCUMENT_SOURCES } from './trusted-documents.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sources = TRUSTED_DOCUMENT_SOURCES.map((s) => `${root}${s}`).filter((p) => existsSync(p));
const manifest = buildManifest(sources.map((p) => readFileSync(p, 'utf8')));
writeFileSync(`${root}gateway/trusted-documents.json`, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`gateway/trusted-documents.json: ${manifest.operations.length} operations`);
