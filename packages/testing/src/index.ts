export { CHINESE_GIVEN_NAMES, CHINESE_SURNAMES } from './chinese-names.js';
export { createTestDatabase, sql, type TestDatabase, testNamespace } from './database.js';
export {
  bearer,
  DEV_PROOF_SECRET,
  expectData,
  type GraphQLResponse,
  gatewayProof,
  postGraphQL,
} from './graphql-client.js';
export {
  freePort,
  type NatsCluster,
  type NatsServer,
  startNatsCluster,
  startNatsServer,
  startSecuredNatsServer,
} from './nats-server.js';
export {
  answerAccountLookups,
  answerGuestLookups,
  type FakeAccount,
  type FakeGuest,
  neighbourBus,
} from './neighbours.js';
export { type Random, seededRandom } from './random.js';
export { startTestService, type TestService, testEnv } from './service.js';
export { arrivingToday, onHotelDate } from './stay-dates.js';
export { startTcpProxy } from './tcp-proxy.js';
export { waitFor } from './wait.js';
