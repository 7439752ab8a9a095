/**
 * Moved to server/read-models/read-models.ts (issue 13). Kept only for the tests of the issue-11
 * branch that still import this path (server/ssh/openssh-node*.test.ts,
 * server/collector/collect-free-text.test.ts); delete once that branch is merged and its imports fixed.
 */
export { findContainerDetail, listContainersOfNode } from '../read-models/read-models';
