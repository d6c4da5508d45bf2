export * from './types';
export { compareResource, secretValueMarker } from './compare';
export type { CompareOptions } from './compare';
export { compareApplication, autoscaledTargets } from './application';
export type {
  ApplicationEntry,
  ApplicationComparison,
  ApplicationCompareOptions,
} from './application';
export { healthOf } from './health';
export type { Health, HealthStatus } from './health';
export { quantitiesEqual, parseQuantity, isQuantityPath } from './quantity';
export { normalizeObject } from './normalize';
export { parseJqPath } from './ignoreRules';
export { formatPointer, parsePointer } from './jsonPointer';
export { trackingLabel, withTrackingLabel, isTrackedBy, foreignTracker } from './tracking';
