/** API group and version of Argo CD's Application and AppProject resources. */
export const argoGroupVersion = 'argoproj.io/v1alpha1';

const base = `/apis/${argoGroupVersion}`;

/** Path of the Application collection: all namespaces when `namespace` is undefined. */
export function applicationsPath(namespace?: string): string {
  return namespace === undefined
    ? `${base}/applications`
    : `${base}/namespaces/${encodeURIComponent(namespace)}/applications`;
}

export function applicationPath(namespace: string, name: string): string {
  return `${applicationsPath(namespace)}/${encodeURIComponent(name)}`;
}

export function appProjectPath(namespace: string, name: string): string {
  return `${base}/namespaces/${encodeURIComponent(namespace)}/appprojects/${encodeURIComponent(name)}`;
}

export function groupVersionPath(): string {
  return base;
}
