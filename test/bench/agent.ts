/**
 * Sync agent CPU while idle: 10 Applications of 3 ConfigMaps each, all Synced, checked on a
 * poll interval 10 times shorter than the default 30 s. The figure at 30 s is the measured CPU
 * per check times the checks a 30 s interval would run. Needs KUBECONFIG pointing at a test API
 * server (scripts/test-cluster.sh prints it); prints a skip line otherwise.
 * AGENT_BENCH_SECONDS sets the measuring window (default 30).
 */
import * as fs from 'node:fs';
import { ClusterConnection, ClusterContext } from '../../src/cluster';
import type { JsonObject } from '../../src/core/drift';
import type { AgentApplication } from '../../src/extension/agent/agentTypes';
import { SyncAgent } from '../../src/extension/agent/syncAgent';

const applicationCount = 10;
const defaultPollMs = 30_000;
const scaledPollMs = defaultPollMs / 10;
const windowMs = Number(process.env['AGENT_BENCH_SECONDS'] ?? '30') * 1000;

function objectsOf(namespace: string): JsonObject[] {
  return [1, 2, 3].map((index) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `settings-${index}`, namespace },
    data: { index: String(index) },
  }));
}

function applicationsOf(runId: string): AgentApplication[] {
  return Array.from({ length: applicationCount }, (_, index) => {
    const name = `bench-agent-${runId}-${index}`;
    return {
      id: name,
      name,
      dir: name,
      namespace: name,
      automated: true,
      selfHeal: true,
      prune: false,
      createNamespace: true,
    };
  });
}

async function main(): Promise<void> {
  const kubeconfig = process.env['KUBECONFIG'];
  if (kubeconfig === undefined || !fs.existsSync(kubeconfig)) {
    console.log('agent: skipped, because KUBECONFIG names no test API server');
    return;
  }
  const connection = await ClusterConnection.open({ kubeconfig });
  const cluster = new ClusterContext(connection, { baseDelayMs: 100 });
  let checks = 0;
  const agent = new SyncAgent({
    cluster,
    render: async (dir) => {
      checks++;
      return objectsOf(dir);
    },
    log: {
      info: () => undefined,
      warn: () => undefined,
      error: (message) => console.error(message),
    },
    readOnlyReason: undefined,
    isManagedByArgoCd: () => false,
    allowForeignObjects: false,
    pollMs: scaledPollMs,
  });
  agent.setApplications(applicationsOf(Date.now().toString(36)));
  await agent.checkNow();
  const synced = agent.states().filter((state) => state.status === 'Synced').length;

  const requestsBefore = connection.requestCount;
  const checksBefore = checks;
  const cpuBefore = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  await agent.idle();
  const cpu = process.cpuUsage(cpuBefore);
  agent.dispose();
  connection.close();

  const cpuMs = (cpu.user + cpu.system) / 1000;
  const idleChecks = checks - checksBefore;
  const perCheckMs = idleChecks === 0 ? 0 : cpuMs / idleChecks;
  const checksPerSecondAt30 = applicationCount / (defaultPollMs / 1000);
  const percentAt30 = (perCheckMs * checksPerSecondAt30) / 10;
  console.log(`agent: ${synced}/${applicationCount} Applications Synced before measuring`);
  console.log(
    `agent: ${idleChecks} checks in ${windowMs / 1000} s at a ${scaledPollMs / 1000} s interval`,
  );
  console.log(`agent: ${cpuMs.toFixed(0)} ms CPU, ${perCheckMs.toFixed(1)} ms per check`);
  console.log(
    `agent: ${(connection.requestCount - requestsBefore) / Math.max(1, idleChecks)} requests per check`,
  );
  console.log(
    `agent: estimated ${percentAt30.toFixed(2)}% of one core at the default 30 s interval`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
