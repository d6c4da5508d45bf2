export { locateDrift, imageName } from './locate';
export type { DriftLocation, DriftObject, DriftSourceKind } from './locate';
export { driftMessage, fieldName } from './message';
