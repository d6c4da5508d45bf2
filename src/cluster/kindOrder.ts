/**
 * Order in which a sync applies kinds: namespaces and cluster policy first, then configuration,
 * storage, CRDs, RBAC, services and workloads, so each object finds what it refers to. Kinds not
 * listed (custom resources) come last.
 */
const applyOrder = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export function kindRank(kind: string): number {
  const index = applyOrder.indexOf(kind);
  return index === -1 ? applyOrder.length : index;
}
