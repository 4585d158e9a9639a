/**
 * The large-engine fixture for P2 and P6: N containers created (not started: creation is what a busy
 * machine accumulates, and starting 1,000 would measure the machine, not the listing) and N image tags
 * on the base image, all labelled or prefixed so removal touches only what the benchmark made.
 */
import type Docker from 'dockerode';
import { BASE_IMAGE, BENCH_LABEL, BENCH_REPO_PREFIX } from './host';

export interface Fixture {
  readonly containers: number;
  readonly tags: readonly string[];
}

async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

export async function createFixture(docker: Docker, runId: string, count: number): Promise<Fixture> {
  const indexes = Array.from({ length: count }, (_, i) => i);
  await inBatches(indexes, 8, (i) => docker.createContainer({
    Image: BASE_IMAGE,
    name: `dhbench-${runId}-c${String(i).padStart(4, '0')}`,
    Cmd: ['sleep', '3600'],
    // Half belong to compose projects (20 of them), as on a developer machine; the view groups those.
    Labels: i % 2 === 0
      ? { [BENCH_LABEL]: runId, 'com.docker.compose.project': `dhbench-proj${i % 20}`, 'com.docker.compose.service': `svc${i % 7}` }
      : { [BENCH_LABEL]: runId },
    HostConfig: { NetworkMode: 'none' },
  }));
  // 100 repositories with 10 tags each.
  const tags = indexes.map((i) => `${BENCH_REPO_PREFIX}${runId}/app${i % 100}:v${Math.floor(i / 100)}`);
  await inBatches(tags, 8, (t) => {
    const colon = t.lastIndexOf(':');
    return docker.getImage(BASE_IMAGE).tag({ repo: t.slice(0, colon), tag: t.slice(colon + 1) });
  });
  return { containers: count, tags };
}

/** Removes every container with the bench label and every tag under the bench prefix (also a crashed run's). */
export async function removeFixture(docker: Docker): Promise<void> {
  const containers = await docker.listContainers({ all: true, filters: { label: [BENCH_LABEL] } });
  await inBatches(containers, 8, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
  const images = await docker.listImages();
  const tags = images.flatMap((img) => img.RepoTags ?? []).filter((t) => t.startsWith(BENCH_REPO_PREFIX));
  await inBatches(tags, 8, (t) => docker.getImage(t).remove({ noprune: true }).catch(() => undefined));
}
