export { type ExportArgs, parseExportArgs, USAGE, UsageError } from './args.js';
export { type Column, ENTITIES, type Entity, OPERATIONS } from './entities.js';
export { type ExportResult, GraphError, runExport } from './export.js';
export { flatten } from './flatten.js';
export { line as progressLine, Progress } from './progress.js';
