import type { ImageCell, ImageRow, LagState, TagChange } from '../../shared/dashboardProtocol';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import type { AppliedImageEntry } from './environmentImages';
import { displayValue, entryValue, imageEntriesOf } from './environmentImages';

/**
 * Builds one row per image name that any environment sets, sorted by name, with one cell per
 * environment in promotion order. `history` refines `differs` into `behind` and fills in the
 * commit of each value; without it cells carry no commit.
 */
export function buildImageRows(
  model: WorkspaceModel,
  environments: readonly Environment[],
  history: readonly TagChange[] | undefined,
): ImageRow[] {
  const entries = environments.map((environment) => imageEntriesOf(model, environment.dir));
  const names = new Set(entries.flatMap((byName) => [...byName.keys()]));
  const changes = history === undefined ? undefined : indexChanges(history);

  return [...names].sort().map((image) => {
    const cells: ImageCell[] = [];
    environments.forEach((environment, index) => {
      const previous = index === 0 ? undefined : environments[index - 1];
      const context: CellContext = { image, environment, previous, changes };
      cells.push(
        buildCell(
          context,
          entries[index]?.get(image),
          index === 0 ? undefined : entries[index - 1]?.get(image),
        ),
      );
    });
    return { image, cells };
  });
}

interface CellContext {
  readonly image: string;
  readonly environment: Environment;
  readonly previous: Environment | undefined;
  /** Tag changes by `changeKey`; undefined without history. */
  readonly changes: ReadonlyMap<string, readonly TagChange[]> | undefined;
}

function changeKey(environment: string, image: string): string {
  return `${environment}\n${image}`;
}

function indexChanges(history: readonly TagChange[]): Map<string, TagChange[]> {
  const index = new Map<string, TagChange[]>();
  for (const change of history) {
    const key = changeKey(change.environment, change.image);
    index.set(key, [...(index.get(key) ?? []), change]);
  }
  return index;
}

function buildCell(
  context: CellContext,
  applied: AppliedImageEntry | undefined,
  previousApplied: AppliedImageEntry | undefined,
): ImageCell {
  const value = applied === undefined ? undefined : entryValue(applied.entry);
  const previousValue =
    previousApplied === undefined ? undefined : entryValue(previousApplied.entry);
  const lag = lagOf(context, value, previousValue);
  const ownChanges = context.changes?.get(changeKey(context.environment.name, context.image)) ?? [];
  const currentChange = ownChanges.find((change) => change.current);

  return {
    environment: context.environment.name,
    display: applied === undefined ? '' : displayValue(applied.entry),
    newName: applied?.entry.newName,
    newTag: applied?.entry.newTag,
    digest: applied?.entry.digest,
    definedAt:
      applied === undefined
        ? undefined
        : { file: applied.file, line: applied.entry.range.startLine },
    lag,
    tooltip: tooltipOf(context, lag, value, previousValue),
    commit: currentChange?.commit,
  };
}

/**
 * Compares a value with the previous environment's. Differing values count as `behind` when
 * history shows the previous environment had this environment's value before its current one.
 */
export function lagOf(
  context: CellContext,
  value: string | undefined,
  previousValue: string | undefined,
): LagState {
  if (value === undefined) {
    return 'not-set';
  }
  if (context.previous === undefined) {
    return 'first';
  }
  if (previousValue === undefined) {
    return 'not-in-previous';
  }
  if (previousValue === value) {
    return 'same';
  }
  return previousHadValue(context, value) ? 'behind' : 'differs';
}

function previousHadValue(context: CellContext, value: string): boolean {
  const previousChanges =
    context.changes?.get(changeKey(context.previous?.name ?? '', context.image)) ?? [];
  return previousChanges.some((change) => !change.current && change.value === value);
}

function tooltipOf(
  context: CellContext,
  lag: LagState,
  value: string | undefined,
  previousValue: string | undefined,
): string {
  const subject = `${context.image} in ${context.environment.name}`;
  const previous = context.previous?.name ?? '';
  switch (lag) {
    case 'not-set':
      return `${subject}: no images entry sets it, so the manifests' own tag applies`;
    case 'first':
      return `${subject}: ${value ?? ''}`;
    case 'not-in-previous':
      return `${subject}: ${value ?? ''}; ${previous} sets no value for this image`;
    case 'same':
      return `${subject}: ${value ?? ''}, the same as ${previous}`;
    case 'behind':
      return `${subject}: ${value ?? ''} is behind ${previous}, which moved on to ${previousValue ?? ''}`;
    case 'differs':
      return `${subject}: ${value ?? ''} differs from ${previous} (${previousValue ?? ''})`;
  }
}

/** Counts, for each environment, the images whose value in the next environment differs. */
export function pendingPromotions(rows: readonly ImageRow[], environmentCount: number): number[] {
  const counts = new Array<number>(environmentCount).fill(0);
  for (const row of rows) {
    row.cells.forEach((cell, index) => {
      if (index > 0 && (cell.lag === 'behind' || cell.lag === 'differs')) {
        counts[index - 1] = (counts[index - 1] ?? 0) + 1;
      }
    });
  }
  return counts;
}
