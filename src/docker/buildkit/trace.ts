/**
 * Decodes BuildKit's progress as the engine streams it: `{"id":"moby.buildkit.trace","aux":"<base64>"}`, the
 * aux being a protobuf `moby.buildkit.v1.StatusResponse`. The schema below is written from the field numbers
 * of BuildKit's api/services/control/control.proto (and pb.SourceInfo / pb.Range of solver/pb/ops.proto),
 * keeping only what Dockhand reads; unknown fields are skipped by the decoder, so newer engines still decode.
 * protobufjs (light: no .proto parser) is loaded on the first BuildKit build, never at activation.
 */
import type * as ProtobufLight from 'protobufjs/light';

export interface TraceTimestamp { readonly seconds: number; readonly nanos: number }
export interface TraceVertex {
  readonly digest: string;
  readonly inputs: readonly string[];
  readonly name: string;
  readonly cached: boolean;
  /** Milliseconds since the epoch. */
  readonly started?: number;
  readonly completed?: number;
  readonly error?: string;
}
export interface TraceStatus {
  readonly id: string;
  readonly vertex: string;
  readonly name: string;
  readonly current: number;
  readonly total: number;
  readonly timestamp?: number;
  readonly started?: number;
  readonly completed?: number;
}
export interface TraceLog { readonly vertex: string; readonly timestamp?: number; readonly stream: number; readonly data: Uint8Array }
/** 1-based lines and columns, as BuildKit sends them. */
export interface TraceRange { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } }
export interface TraceWarning {
  readonly vertex: string;
  readonly level: number;
  readonly short: string;
  readonly detail: readonly string[];
  readonly url?: string;
  readonly filename?: string;
  readonly ranges: readonly TraceRange[];
}
export interface StatusResponse {
  readonly vertexes: readonly TraceVertex[];
  readonly statuses: readonly TraceStatus[];
  readonly logs: readonly TraceLog[];
  readonly warnings: readonly TraceWarning[];
}

/** The subset of control.proto Dockhand decodes, as a protobufjs JSON descriptor. */
export const STATUS_SCHEMA = {
  nested: {
    dockhand: {
      nested: {
        Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
        Position: { fields: { line: { type: 'int32', id: 1 }, character: { type: 'int32', id: 2 } } },
        Range: { fields: { start: { type: 'Position', id: 1 }, end: { type: 'Position', id: 2 } } },
        SourceInfo: { fields: { filename: { type: 'string', id: 1 }, data: { type: 'bytes', id: 2 }, language: { type: 'string', id: 4 } } },
        Vertex: {
          fields: {
            digest: { type: 'string', id: 1 },
            inputs: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            cached: { type: 'bool', id: 4 },
            started: { type: 'Timestamp', id: 5 },
            completed: { type: 'Timestamp', id: 6 },
            error: { type: 'string', id: 7 },
          },
        },
        VertexStatus: {
          fields: {
            ID: { type: 'string', id: 1 },
            vertex: { type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            current: { type: 'int64', id: 4 },
            total: { type: 'int64', id: 5 },
            timestamp: { type: 'Timestamp', id: 6 },
            started: { type: 'Timestamp', id: 7 },
            completed: { type: 'Timestamp', id: 8 },
          },
        },
        VertexLog: { fields: { vertex: { type: 'string', id: 1 }, timestamp: { type: 'Timestamp', id: 2 }, stream: { type: 'int64', id: 3 }, msg: { type: 'bytes', id: 4 } } },
        VertexWarning: {
          fields: {
            vertex: { type: 'string', id: 1 },
            level: { type: 'int64', id: 2 },
            short: { type: 'bytes', id: 3 },
            detail: { rule: 'repeated', type: 'bytes', id: 4 },
            url: { type: 'string', id: 5 },
            info: { type: 'SourceInfo', id: 6 },
            ranges: { rule: 'repeated', type: 'Range', id: 7 },
          },
        },
        StatusResponse: {
          fields: {
            vertexes: { rule: 'repeated', type: 'Vertex', id: 1 },
            statuses: { rule: 'repeated', type: 'VertexStatus', id: 2 },
            logs: { rule: 'repeated', type: 'VertexLog', id: 3 },
            warnings: { rule: 'repeated', type: 'VertexWarning', id: 4 },
          },
        },
      },
    },
  },
} as const;

let statusType: ProtobufLight.Type | undefined;
function statusResponseType(): ProtobufLight.Type {
  if (!statusType) {
    const protobuf = require('protobufjs/light') as typeof ProtobufLight;
    statusType = protobuf.Root.fromJSON(STATUS_SCHEMA).lookupType('dockhand.StatusResponse');
  }
  return statusType;
}

interface RawTimestamp { seconds?: number; nanos?: number }
interface RawStatus {
  vertexes?: { digest?: string; inputs?: string[]; name?: string; cached?: boolean; started?: RawTimestamp; completed?: RawTimestamp; error?: string }[];
  statuses?: { ID?: string; vertex?: string; name?: string; current?: number; total?: number; timestamp?: RawTimestamp; started?: RawTimestamp; completed?: RawTimestamp }[];
  logs?: { vertex?: string; timestamp?: RawTimestamp; stream?: number; msg?: Uint8Array }[];
  warnings?: { vertex?: string; level?: number; short?: Uint8Array; detail?: Uint8Array[]; url?: string; info?: { filename?: string }; ranges?: { start?: { line?: number; character?: number }; end?: { line?: number; character?: number } }[] }[];
}

const ms = (t: RawTimestamp | undefined): number | undefined => (t && (t.seconds || t.nanos) ? (t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined);
const text = (b: Uint8Array | undefined): string => (b ? Buffer.from(b).toString('utf8') : '');
const pos = (p: { line?: number; character?: number } | undefined): { line: number; character: number } => ({ line: p?.line ?? 0, character: p?.character ?? 0 });

/** Decodes one StatusResponse from protobuf bytes into plain data (times in ms since the epoch). */
export function decodeStatusResponse(bytes: Uint8Array): StatusResponse {
  const type = statusResponseType();
  const raw = type.toObject(type.decode(bytes), { longs: Number, arrays: true, defaults: false }) as RawStatus;
  return {
    vertexes: (raw.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '', inputs: v.inputs ?? [], name: v.name ?? '', cached: !!v.cached,
      started: ms(v.started), completed: ms(v.completed), error: v.error || undefined,
    })),
    statuses: (raw.statuses ?? []).map((s) => ({
      id: s.ID ?? '', vertex: s.vertex ?? '', name: s.name ?? '', current: s.current ?? 0, total: s.total ?? 0,
      timestamp: ms(s.timestamp), started: ms(s.started), completed: ms(s.completed),
    })),
    logs: (raw.logs ?? []).map((l) => ({ vertex: l.vertex ?? '', timestamp: ms(l.timestamp), stream: l.stream ?? 1, data: l.msg ?? new Uint8Array() })),
    warnings: (raw.warnings ?? []).map((w) => ({
      vertex: w.vertex ?? '', level: w.level ?? 0, short: text(w.short), detail: (w.detail ?? []).map(text), url: w.url || undefined,
      filename: w.info?.filename || undefined, ranges: (w.ranges ?? []).map((r) => ({ start: pos(r.start), end: pos(r.end) })),
    })),
  };
}

/** The StatusResponse carried by a build stream message, or undefined when the message is not a trace. */
export function traceOf(msg: Record<string, unknown>): StatusResponse | undefined {
  if (msg.id !== 'moby.buildkit.trace' || typeof msg.aux !== 'string') return undefined;
  return decodeStatusResponse(Buffer.from(msg.aux, 'base64'));
}

/** Encodes a StatusResponse (tests record streams with it; the engine never receives one). */
export function encodeStatusResponse(resp: RawStatus): Uint8Array {
  const type = statusResponseType();
  return type.encode(type.fromObject(resp)).finish();
}
