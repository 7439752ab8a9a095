import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type NodeSummary = RouterOutputs['node']['list'][number];
export type NodeDetail = RouterOutputs['node']['byId'];
export type PollState = NonNullable<NodeDetail['poll']>;
export type ContainerRow = RouterOutputs['container']['listByNode'][number];
export type ContainerDetail = RouterOutputs['container']['byId'];
export type BeancounterRow = ContainerDetail['beancounters'][number];
export type QuotaFigures = NonNullable<ContainerDetail['quota']>;
export type ConnectionTest = RouterOutputs['node']['testConnect'];
export type NodeFormValues = RouterInputs['node']['create'];

export type FleetOverview = RouterOutputs['fleet']['overview'];
export type FleetNode = FleetOverview['nodes'][number];
export type FailingEntry = RouterOutputs['fleet']['failing'][number];
export type NodeCharts = RouterOutputs['node']['charts'];
export type MemoryChartData = NonNullable<NodeCharts['memory']>;
export type CpuChartData = NonNullable<NodeCharts['cpu']>;
export type ContainerEvent = RouterOutputs['container']['events'][number];
export type LookupResponse = RouterOutputs['lookup']['search'];
export type LookupResult = LookupResponse['results'][number];
export type IncidentRow = RouterOutputs['alarm']['list'][number];
export type IncidentDetail = RouterOutputs['alarm']['byId'];
export type WallIncidents = RouterOutputs['alarm']['wallWorst'];
export type AlarmChannel = RouterOutputs['alarm']['channels'][number];
export type DeliveryRow = RouterOutputs['alarm']['deliveries'][number];
