export { composeApiSchema, composeSupergraph, SUBGRAPHS, type SubgraphSource, urlVariable } from './compose.js';
export { type GatewayOptions, gatewayFormatError, startGateway } from './gateway.js';
export { DEFAULT_LIMITS, queryCostRule, queryLimitRules } from './limits.js';
