/** Container limits: what may be set, the tools' rules, the what-if and the suggested raise (docs/openvz/LIMITS.md). */
export * from './params';
export * from './rules';
export * from './what-if';
export * from './suggest';
export * from './observe';
