import type {
  DashboardSnapshot,
  DifferenceGroup,
  EnvironmentComparison,
  ObjectComparison,
} from '../src/shared/dashboardProtocol';
import { element } from './dom';

/** The compare tab's current content: nothing yet, a comparison running, or its result. */
export type ComparisonState =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly left: string; readonly right: string }
  | { readonly kind: 'done'; readonly comparison: EnvironmentComparison };

const groupTitles: Readonly<Record<DifferenceGroup, string>> = {
  images: 'Images',
  replicas: 'Replicas',
  config: 'Configuration',
  other: 'Other fields',
};

/** Builds the environment pickers and the comparison result. */
export function compareView(
  snapshot: DashboardSnapshot,
  selection: { left: string | undefined; right: string | undefined },
  state: ComparisonState,
): HTMLElement {
  const dirs = snapshot.environments.map((column) => column.dir);
  const left =
    selection.left !== undefined && dirs.includes(selection.left) ? selection.left : dirs[0];
  const right =
    selection.right !== undefined && dirs.includes(selection.right)
      ? selection.right
      : (dirs[1] ?? dirs[0]);

  const controls = element(
    'div',
    { class: 'compare-controls' },
    picker(snapshot, 'compare-left', 'Left environment', left),
    picker(snapshot, 'compare-right', 'Right environment', right),
    element(
      'vscode-button',
      { id: 'compare-run', 'data-compare': 'run', disabled: dirs.length < 2 },
      'Compare',
    ),
  );
  return element('div', {}, controls, resultView(state));
}

function picker(
  snapshot: DashboardSnapshot,
  id: string,
  label: string,
  selected: string | undefined,
): HTMLElement {
  const options = snapshot.environments.map((column) => {
    return element(
      'vscode-option',
      { value: column.dir, selected: column.dir === selected },
      column.name,
    );
  });
  return element(
    'label',
    { for: id },
    label,
    element('vscode-dropdown', { id, 'aria-label': label }, ...options),
  );
}

function resultView(state: ComparisonState): HTMLElement {
  if (state.kind === 'none') {
    return element(
      'p',
      { class: 'note' },
      'Pick two environments to compare their rendered manifests object by object.',
    );
  }
  if (state.kind === 'running') {
    return element(
      'p',
      { role: 'status' },
      element('vscode-progress-ring', { 'aria-label': 'Rendering' }),
      ` Rendering ${state.left} and ${state.right}…`,
    );
  }

  const comparison = state.comparison;
  if (comparison.error !== undefined) {
    return element('p', { class: 'error', role: 'alert' }, comparison.error);
  }
  const summary = `${comparison.objects.length} objects differ between ${comparison.left} and ${comparison.right}; ${comparison.unchanged} are the same apart from their namespace.`;
  return element(
    'section',
    {
      'aria-label': `Differences between ${comparison.left} and ${comparison.right}`,
      id: 'comparison',
    },
    element('p', { role: 'status' }, summary),
    ...comparison.objects.map((object) => objectView(comparison, object)),
  );
}

function objectView(comparison: EnvironmentComparison, object: ObjectComparison): HTMLElement {
  if (object.status !== 'changed') {
    const side = object.status === 'only-left' ? comparison.left : comparison.right;
    return element(
      'div',
      { 'data-object': object.key },
      element('h3', {}, object.key),
      element('p', { class: 'note' }, `Only in ${side}.`),
    );
  }

  const groups = (Object.keys(groupTitles) as DifferenceGroup[]).map((group) => {
    const differences = object.differences.filter((difference) => difference.group === group);
    if (differences.length === 0) {
      return undefined;
    }
    const rows = differences.map((difference) => {
      return element(
        'tr',
        {},
        element('td', { class: 'path' }, difference.path),
        element('td', { class: 'value' }, difference.left ?? '(absent)'),
        element('td', { class: 'value' }, difference.right ?? '(absent)'),
      );
    });
    const head = element(
      'tr',
      {},
      element('th', { scope: 'col' }, 'Field'),
      element('th', { scope: 'col' }, comparison.left),
      element('th', { scope: 'col' }, comparison.right),
    );
    return element(
      'table',
      { 'data-group': group },
      element('caption', {}, groupTitles[group]),
      element('thead', {}, head),
      element('tbody', {}, ...rows),
    );
  });
  return element(
    'div',
    { 'data-object': object.key },
    element('h3', {}, object.key),
    ...groups.filter((group) => group !== undefined),
  );
}
