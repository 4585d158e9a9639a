/**
 * Which builder a build uses. `auto` picks BuildKit on Linux Docker engines that have it (`GET /_ping`
 * answers `Builder-Version: 2`, or the API is 1.39 or newer without that header) and the classic builder for
 * Podman (`Libpod-Api-Version` header) and Windows engines. The decision is a pure function over what the
 * engine said; `probeEngine` asks it (with a deadline). Pure: no vscode import.
 */
import { coreMessage, CoreMessage, CoreMessageError } from '../coreMessage';
import type Docker from 'dockerode';
import type DockerModem from 'docker-modem';
import type { IncomingMessage } from 'http';
import { compareApiVersions } from './engine';

export type BuilderSetting = 'auto' | 'buildkit' | 'classic';
export type Builder = 'buildkit' | 'classic';

export interface EngineFacts {
  /** Response headers of GET /_ping, names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** From GET /version. */
  readonly apiVersion: string;
  readonly os: string;
}

/** The builder, and why: a core message (the build output prints its English, a notification localizes it). */
export interface BuilderChoice { readonly builder: Builder; readonly reason: CoreMessage }

export function chooseBuilder(setting: BuilderSetting, facts: EngineFacts): BuilderChoice {
  if (setting === 'classic' || setting === 'buildkit') return { builder: setting, reason: coreMessage('builder.reason.setting', setting) };
  const h = facts.headers;
  if (h['libpod-api-version']) return { builder: 'classic', reason: coreMessage('builder.reason.podman') };
  const os = (h.ostype ?? facts.os).toLowerCase();
  if (os === 'windows') return { builder: 'classic', reason: coreMessage('builder.reason.windows') };
  const announced = h['builder-version'];
  if (announced === '2') return { builder: 'buildkit', reason: coreMessage('builder.reason.announced', announced) };
  if (announced === '1') return { builder: 'classic', reason: coreMessage('builder.reason.announced', announced) };
  if (compareApiVersions(facts.apiVersion, '1.39') >= 0) return { builder: 'buildkit', reason: coreMessage('builder.reason.apiHas', facts.apiVersion) };
  return { builder: 'classic', reason: coreMessage('builder.reason.apiPredates', facts.apiVersion) };
}

/** Rejects with "The engine did not answer …" when `work` takes longer than `ms`. */
function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new CoreMessageError(coreMessage('build.probe.deadline', what, ms / 1000))), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A request whose response (headers included) is handed back as a stream. */
export function dialStream(docker: Docker, options: DockerModem.DialOptions & { abortSignal?: AbortSignal }): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    docker.modem.dial({ ...options, isStream: true }, (err: unknown, r: unknown) => {
      if (err) reject(err instanceof Error ? err : new Error(errorText(err))); else resolve(r as IncomingMessage);
    });
  });
}

function errorText(err: unknown): string {
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/** GET /_ping (for its headers) and GET /version, each within `timeoutMs`. */
export async function probeEngine(docker: Docker, timeoutMs = 10_000): Promise<EngineFacts> {
  const res = await withDeadline(dialStream(docker, { path: '/_ping', method: 'GET', statusCodes: { 200: true, 500: 'server error' }, abortSignal: AbortSignal.timeout(timeoutMs) }), timeoutMs, 'GET /_ping');
  res.resume();
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
  const version = await withDeadline(docker.version(), timeoutMs, 'GET /version');
  return { headers, apiVersion: String(version.ApiVersion || headers['api-version'] || '1.24'), os: String(version.Os || headers.ostype || 'linux') };
}

/**
 * True when the engine refused a BuildKit request itself (before building anything), e.g. 400
 * "unsupported builder version" or "buildkit not supported by daemon": only then may a build fall back to
 * the classic builder. A failed Dockerfile or step never gets here: those arrive in the stream.
 */
export function isBuilderRejection(err: unknown): boolean {
  const e = err as { statusCode?: number; message?: string; json?: { message?: string } } | undefined;
  if (!e || (e.statusCode !== 400 && e.statusCode !== 501)) return false;
  const text = `${e.json?.message ?? ''} ${e.message ?? ''}`;
  return /builder version|buildkit|version=2|session/i.test(text);
}

/**
 * The network BuildKit's RUN steps use when the user chose none: `default` needs the engine's `bridge`
 * network; an engine started without one (`dockerd --bridge=none`) fails every RUN with
 * "network bridge not found", so such an engine builds with `none` (what its containers get anyway).
 */
export async function defaultBuildNetwork(docker: Docker, timeoutMs = 10_000): Promise<{ mode?: string; note?: CoreMessage }> {
  try {
    await withDeadline(docker.getNetwork('bridge').inspect() as Promise<unknown>, timeoutMs, 'GET /networks/bridge');
    return {};
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) {
      return { mode: 'none', note: coreMessage('builder.noBridge') };
    }
    return {};
  }
}
