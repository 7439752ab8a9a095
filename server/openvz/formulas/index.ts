/** Pure formulas over parsed OpenVZ data: typed data in, typed numbers out (docs/openvz/FORMULAS.md). */
export * from './memory-commitment';
export * from './memory-in-use';
export * from './vswap';
export * from './cpu-guarantee';
export * from './quota-usage';
export * from './failcnt-events';
export * from './ubc-status';
