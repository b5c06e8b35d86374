export {
  composeApiSchema,
  composeGraph,
  composeSupergraph,
  SUBGRAPHS,
  type SubgraphSource,
  urlVariable,
} from './compose.js';
export {
  inconsistentDescriptions,
  missingDescriptions,
  rootFieldsWithoutRoles,
  schemaElements,
} from './descriptions.js';
export { type GatewayOptions, gatewayFormatError, startGateway } from './gateway.js';
export { DEFAULT_LIMITS, operationCost, queryCostRule, queryLimitRules } from './limits.js';
