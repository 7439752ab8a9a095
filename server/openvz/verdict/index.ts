/** Plain-language verdicts over computed figures (pure). */
export * from './thresholds';
export * from './text';
export * from './node-status';
export * from './container-verdict';
export * from './staleness';
export * from './alarm-note';
