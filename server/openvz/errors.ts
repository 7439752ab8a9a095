import { hasBrand } from '../errors/brand';

/** The OpenVZ tool whose output a parser reads; named as the user would type it. */
export type OpenvzTool =
  | 'user_beancounters'
  | 'vzcpucheck'
  | 'vzmemcheck'
  | 'vzquota'
  | 'vzlist'
  | 'vzlist-json'
  | 'meminfo'
  | 'collect-script'
  | 'proc-vzquota'
  | 'vestat'
  | 'veinfo'
  | 'vzctl-status'
  | 'prlctl'
  | 'ct-conf'
  | 'vznetstat'
  | 'vzcalc'
  | 'vzmigrate'
  | 'migration-probe'
  | 'df'
  | 'vzps'
  | 'ct-probe';

const PARSE_ERROR_BRAND = Symbol.for('vzfleet.OpenvzParseError');

/**
 * Raised when a tool's output does not have the shape we know. It names the line so that the
 * node page can show the offending text instead of a blank chart.
 */
export class OpenvzParseError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, PARSE_ERROR_BRAND);
  }

  readonly [PARSE_ERROR_BRAND] = true;
  readonly tool: OpenvzTool;
  /** 1-based; 0 when the problem is the text as a whole (e.g. empty output). */
  readonly lineNumber: number;
  readonly line: string;
  readonly reason: string;

  constructor(args: { tool: OpenvzTool; lineNumber: number; line: string; reason: string }) {
    super(
      args.lineNumber > 0
        ? `${args.tool}: line ${args.lineNumber}: ${args.reason}: ${JSON.stringify(args.line)}`
        : `${args.tool}: ${args.reason}`,
    );
    this.name = 'OpenvzParseError';
    this.tool = args.tool;
    this.lineNumber = args.lineNumber;
    this.line = args.line;
    this.reason = args.reason;
  }
}
