/**
 * What the fair scheduler keeps of cpuunits/cpulimit (FORMULAS §5): vzctl stores
 * weight = ⌊500000 / cpuunits⌋ and rate = ⌊cpulimit × 1024 / 100⌋, and the tools read them back
 * with integer arithmetic — so a running CT set to 15000 units shows 15151, and cpulimit 65 shows 64.
 */
export const MAX_CPUUNITS = 500000;

export function fairschedWeight(cpuunits: number): number {
  return Math.floor(MAX_CPUUNITS / cpuunits);
}

/** Units as vzcpucheck and vzlist report them for a running CT. */
export function cpuunitsFromWeight(weight: number): number {
  return weight === 0 ? MAX_CPUUNITS : Math.floor(MAX_CPUUNITS / weight);
}

export function runningCpuunits(cpuunits: number): number {
  return cpuunitsFromWeight(fairschedWeight(cpuunits));
}

export function runningCpulimit(cpulimit: number): number {
  return Math.floor((Math.floor((cpulimit * 1024) / 100) * 100) / 1024);
}
