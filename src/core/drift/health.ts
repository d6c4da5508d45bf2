import type { JsonObject, JsonValue } from './types';
import { childNumber, childObject, childString, isJsonObject } from './types';

export type HealthStatus =
  'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface Health {
  readonly status: HealthStatus;
  readonly message?: string;
}

type HealthCheck = (object: JsonObject) => Health;

/**
 * Health checks for the kinds Argo CD checks natively, with the same outcomes: rollout progress
 * from generation, status counters and conditions, Job conditions, PVC phase, load balancer
 * ingress. The messages are this project's own.
 */
const checks: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'batch/Job': jobHealth,
  '/PersistentVolumeClaim': claimHealth,
  '/Service': serviceHealth,
  'networking.k8s.io/Ingress': ingressHealth,
};

/**
 * Returns the health of a live object: Missing when absent, undefined for kinds without a
 * built-in check (they do not affect an Application's health).
 */
export function healthOf(
  live: JsonObject | undefined,
  group: string,
  kind: string,
): Health | undefined {
  if (live === undefined) {
    return { status: 'Missing' };
  }
  const check = checks[`${group}/${kind}`];
  return check === undefined ? undefined : check(live);
}

function status(object: JsonObject): JsonObject {
  return childObject(object, 'status') ?? {};
}

function generationObserved(object: JsonObject): boolean {
  const generation = childNumber(childObject(object, 'metadata'), 'generation') ?? 0;
  const observed = childNumber(status(object), 'observedGeneration') ?? 0;
  return observed >= generation;
}

function condition(object: JsonObject, type: string): JsonObject | undefined {
  const conditions: JsonValue | undefined = status(object)['conditions'];
  if (!Array.isArray(conditions)) {
    return undefined;
  }
  return conditions.find((item): item is JsonObject => isJsonObject(item) && item['type'] === type);
}

function count(object: JsonObject, field: string): number {
  return childNumber(status(object), field) ?? 0;
}

function specReplicas(object: JsonObject): number {
  return childNumber(childObject(object, 'spec'), 'replicas') ?? 1;
}

function deploymentHealth(deployment: JsonObject): Health {
  if (childObject(deployment, 'spec')?.['paused'] === true) {
    return { status: 'Suspended', message: 'Deployment is paused' };
  }
  if (!generationObserved(deployment)) {
    return {
      status: 'Progressing',
      message: 'the controller has not yet observed the latest generation',
    };
  }

  const progressing = condition(deployment, 'Progressing');
  if (childString(progressing, 'reason') === 'ProgressDeadlineExceeded') {
    const name = childString(childObject(deployment, 'metadata'), 'name') ?? '';
    return { status: 'Degraded', message: `Deployment "${name}" exceeded its progress deadline` };
  }

  const replicas = specReplicas(deployment);
  const updated = count(deployment, 'updatedReplicas');
  if (updated < replicas) {
    return {
      status: 'Progressing',
      message: `${updated} of ${replicas} replicas run the latest template`,
    };
  }
  const total = count(deployment, 'replicas');
  if (total > updated) {
    return {
      status: 'Progressing',
      message: `${total - updated} replicas of an older template still run`,
    };
  }
  const available = count(deployment, 'availableReplicas');
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `${available} of ${updated} updated replicas are available`,
    };
  }
  return { status: 'Healthy' };
}

function statefulSetHealth(statefulSet: JsonObject): Health {
  const observed = childNumber(status(statefulSet), 'observedGeneration') ?? 0;
  if (observed === 0 || !generationObserved(statefulSet)) {
    return {
      status: 'Progressing',
      message: 'the controller has not yet observed the latest generation',
    };
  }

  const replicas = specReplicas(statefulSet);
  const ready = count(statefulSet, 'readyReplicas');
  if (ready < replicas) {
    return { status: 'Progressing', message: `${ready} of ${replicas} pods are ready` };
  }

  const strategy = childObject(childObject(statefulSet, 'spec'), 'updateStrategy');
  if (childString(strategy, 'type') === 'OnDelete') {
    return {
      status: 'Healthy',
      message: 'update strategy OnDelete: pods change only when deleted',
    };
  }
  const partition = childNumber(childObject(strategy, 'rollingUpdate'), 'partition') ?? 0;
  if (partition > 0) {
    return partitionedHealth(statefulSet, replicas, partition);
  }

  const updateRevision = childString(status(statefulSet), 'updateRevision');
  if (updateRevision !== childString(status(statefulSet), 'currentRevision')) {
    const updated = count(statefulSet, 'updatedReplicas');
    const message = `rolling update in progress: ${updated} pods at revision ${updateRevision ?? ''}`;
    return { status: 'Progressing', message };
  }
  return { status: 'Healthy' };
}

function partitionedHealth(statefulSet: JsonObject, replicas: number, partition: number): Health {
  const updated = count(statefulSet, 'updatedReplicas');
  const expected = replicas - partition;
  if (updated < expected) {
    const message = `partitioned rolling update: ${updated} of ${expected} pods updated`;
    return { status: 'Progressing', message };
  }
  return {
    status: 'Healthy',
    message: `partitioned rolling update complete: ${updated} pods updated`,
  };
}

function daemonSetHealth(daemonSet: JsonObject): Health {
  if (!generationObserved(daemonSet)) {
    return {
      status: 'Progressing',
      message: 'the controller has not yet observed the latest generation',
    };
  }
  const strategy = childObject(childObject(daemonSet, 'spec'), 'updateStrategy');
  if (childString(strategy, 'type') === 'OnDelete') {
    return {
      status: 'Healthy',
      message: 'update strategy OnDelete: pods change only when deleted',
    };
  }

  const desired = count(daemonSet, 'desiredNumberScheduled');
  const updated = count(daemonSet, 'updatedNumberScheduled');
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `${updated} of ${desired} scheduled pods run the latest template`,
    };
  }
  const available = count(daemonSet, 'numberAvailable');
  if (available < desired) {
    return {
      status: 'Progressing',
      message: `${available} of ${desired} scheduled pods are available`,
    };
  }
  return { status: 'Healthy' };
}

function jobHealth(job: JsonObject): Health {
  const failed = condition(job, 'Failed');
  if (childString(failed, 'status') === 'True') {
    return { status: 'Degraded', message: childString(failed, 'message') ?? 'Job failed' };
  }
  const complete = condition(job, 'Complete');
  if (childString(complete, 'status') === 'True') {
    return { status: 'Healthy', message: childString(complete, 'message') ?? 'Job completed' };
  }
  if (childObject(job, 'spec')?.['suspend'] === true) {
    return { status: 'Suspended', message: 'Job is suspended' };
  }
  return { status: 'Progressing', message: 'Job is running' };
}

function claimHealth(claim: JsonObject): Health {
  switch (childString(status(claim), 'phase')) {
    case 'Bound':
      return { status: 'Healthy' };
    case 'Pending':
      return { status: 'Progressing' };
    case 'Lost':
      return { status: 'Degraded' };
    default:
      return { status: 'Unknown' };
  }
}

function hasIngress(object: JsonObject): boolean {
  const ingress = childObject(status(object), 'loadBalancer')?.['ingress'];
  return Array.isArray(ingress) && ingress.length > 0;
}

function serviceHealth(service: JsonObject): Health {
  if (childString(childObject(service, 'spec'), 'type') !== 'LoadBalancer' || hasIngress(service)) {
    return { status: 'Healthy' };
  }
  return { status: 'Progressing', message: 'Waiting for the load balancer to get an address' };
}

function ingressHealth(ingress: JsonObject): Health {
  if (hasIngress(ingress)) {
    return { status: 'Healthy' };
  }
  return {
    status: 'Progressing',
    message: 'Waiting for the ingress controller to publish an address',
  };
}
