/**
 * Argo CD mode figures on the test API server: the delay from an Application status change to the
 * watch's update event, and the requests the watch sends while 50 Applications change and then
 * stay idle. Needs KUBECONFIG from scripts/control-plane.sh start; prints a skip line without it.
 */
import { ApplicationWatch } from '../../src/cluster/argocd/applicationWatch';
import { WatchTransport } from '../../src/cluster/argocd/watchTransport';
import {
  applicationObject,
  create,
  createNamespace,
  installCrds,
  kubeconfig,
  openAdmin,
  patchApplication,
  skipReason,
  uniqueName,
  waitFor,
} from '../cluster/argocdSupport';

const applicationCount = 50;
const changeCount = 200;
const idleSeconds = 10;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  if (skipReason !== false) {
    console.log(`skipped: ${skipReason}`);
    return;
  }
  const admin = await openAdmin();
  await installCrds(admin);
  const namespace = uniqueName('argocd-bench');
  await createNamespace(admin, namespace);
  for (let index = 0; index < applicationCount; index++) {
    await create(admin, applicationObject(namespace, `app-${index}`));
  }

  const watched = await openAdmin();
  const transport = await WatchTransport.open(kubeconfig === undefined ? {} : { kubeconfig });
  const watch = new ApplicationWatch(watched, transport, { namespace });
  const arrivals = new Map<string, number>();
  watch.onDidChange((event) => {
    if (event.type === 'modified') {
      arrivals.set(
        `${event.application.name}/${event.application.healthMessage}`,
        performance.now(),
      );
    }
  });
  await watch.start();

  const latencies: number[] = [];
  for (let step = 0; step < changeCount; step++) {
    const name = `app-${step % applicationCount}`;
    const key = `${name}/step ${step}`;
    const started = performance.now();
    await patchApplication(admin, namespace, name, {
      status: { health: { status: 'Progressing', message: `step ${step}` } },
    });
    await waitFor(`event ${key}`, () => arrivals.has(key), 5_000);
    latencies.push((arrivals.get(key) ?? Number.NaN) - started);
  }

  const afterChanges = { gets: watched.counts['GET'] ?? 0, streams: transport.streamsOpened };
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const afterIdle = { gets: watched.counts['GET'] ?? 0, streams: transport.streamsOpened };
  await watch.dispose();
  transport.close();
  watched.close();
  admin.close();

  latencies.sort((a, b) => a - b);
  const format = (value: number) => value.toFixed(1);
  console.log(`Applications: ${applicationCount}, status changes: ${changeCount}`);
  console.log(
    `change-to-event latency ms (patch sent to event): p50 ${format(percentile(latencies, 0.5))}, p95 ${format(percentile(latencies, 0.95))}, max ${format(latencies.at(-1) ?? Number.NaN)}`,
  );
  console.log(
    `watch requests during the changes: ${afterChanges.gets} list, ${afterChanges.streams} watch`,
  );
  console.log(
    `watch requests after ${idleSeconds} s idle: ${afterIdle.gets} list, ${afterIdle.streams} watch`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
