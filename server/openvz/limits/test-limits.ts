import type { CtLimits, NodeFacts } from './params';

/** A consistent classic (non-VSwap) CT, close to vzctl's ve-vps.basic sample: passes every rule. */
export function basicCtLimits(): CtLimits {
  return {
    ubc: {
      numproc: { barrier: 240, limit: 240 },
      numtcpsock: { barrier: 360, limit: 360 },
      numothersock: { barrier: 360, limit: 360 },
      vmguarpages: { barrier: 33792, limit: null },
      kmemsize: { barrier: 14372700, limit: 14790164 },
      tcpsndbuf: { barrier: 1720320, limit: 2703360 },
      tcprcvbuf: { barrier: 1720320, limit: 2703360 },
      othersockbuf: { barrier: 1126080, limit: 2097152 },
      dgramrcvbuf: { barrier: 262144, limit: 262144 },
      oomguarpages: { barrier: 26112, limit: null },
      privvmpages: { barrier: 65536, limit: 69632 },
      lockedpages: { barrier: 256, limit: 256 },
      shmpages: { barrier: 21504, limit: 21504 },
      physpages: { barrier: 0, limit: null },
      numfile: { barrier: 9312, limit: 9312 },
      numflock: { barrier: 188, limit: 206 },
      numpty: { barrier: 16, limit: 16 },
      numsiginfo: { barrier: 256, limit: 256 },
      dcachesize: { barrier: 3409920, limit: 3624960 },
      numiptent: { barrier: 128, limit: 128 },
    },
    cpuunits: 1000,
    cpulimit: 0,
    cpus: null,
    ioprio: 4,
    diskspace: { soft: 10485760, hard: 11534336 },
    diskinodes: { soft: 200000, hard: 220000 },
  };
}

export const LEGACY_NODE: NodeFacts = { generation: 'legacy', cpus: 4, vswap: false };
export const VSWAP_NODE: NodeFacts = { generation: 'legacy', cpus: 4, vswap: true };
export const VZ7_NODE: NodeFacts = { generation: 'vz7', cpus: 8, vswap: true };
