import type {
  ApplicationSummary,
  DashboardSnapshot,
  EnvironmentColumn,
  ImageCell,
  ImageRow,
} from '../src/shared/dashboardProtocol';
import type { Child } from './dom';
import { element, formatTime } from './dom';
import { actionButton } from './actions';

/** Builds the environment summaries and the image matrix. */
export function matrixView(snapshot: DashboardSnapshot): HTMLElement {
  if (snapshot.emptyMessage !== undefined) {
    return element(
      'section',
      { 'aria-label': 'Environments' },
      element('p', { class: 'note' }, snapshot.emptyMessage),
    );
  }

  return element(
    'section',
    { 'aria-label': 'Environments and images' },
    element('h2', {}, 'Environments'),
    element(
      'div',
      { class: 'environments', role: 'list' },
      ...snapshot.environments.map((column) => environmentCard(snapshot, column)),
    ),
    element('h2', { id: 'matrix-heading' }, 'Images by environment'),
    imageGrid(snapshot),
  );
}

function environmentCard(snapshot: DashboardSnapshot, column: EnvironmentColumn): HTMLElement {
  const headingId = `environment-${cssId(column.name)}`;
  const diagnostics = column.diagnostics === undefined ? 'unknown' : String(column.diagnostics);
  const lastChange =
    column.lastChange === undefined
      ? 'Last change: not known'
      : `Last change: ${formatTime(column.lastChange.time)} (${column.lastChange.shortOid} ${column.lastChange.subject})`;

  return element(
    'article',
    {
      class: 'environment',
      role: 'listitem',
      'aria-labelledby': headingId,
      'data-environment': column.name,
    },
    element('h3', { id: headingId }, column.name),
    element('div', { class: 'note' }, column.label),
    element('div', { class: 'note', 'data-field': 'last-change' }, lastChange),
    element(
      'div',
      { 'data-field': 'diagnostics' },
      'Diagnostics: ',
      element('vscode-badge', { 'aria-label': `${diagnostics} diagnostics` }, diagnostics),
    ),
    applicationList(snapshot, column.applications),
    element('div', { class: 'actions' }, ...environmentActions(snapshot, column)),
  );
}

function environmentActions(snapshot: DashboardSnapshot, column: EnvironmentColumn): Child[] {
  const preview = actionButton(
    snapshot.actions.openPreview,
    { action: 'openPreview', environment: column.dir },
    `Open preview of ${column.name}`,
  );
  if (column.promotesTo === undefined) {
    return [preview];
  }

  const target = snapshot.environments.find((candidate) => candidate.name === column.promotesTo);
  const label = `Promote to ${column.promotesTo}`;
  const pending = column.pendingPromotions === 0 ? '' : ` (${column.pendingPromotions} pending)`;
  const promote = actionButton(
    { ...snapshot.actions.promote, label: `${label}${pending}` },
    { action: 'promote', source: column.dir, target: target?.dir ?? '' },
    `Promote ${column.name} to ${column.promotesTo}`,
  );
  return [promote, preview];
}

function applicationList(
  snapshot: DashboardSnapshot,
  applications: readonly ApplicationSummary[],
): HTMLElement {
  if (applications.length === 0) {
    return element('div', { class: 'note' }, 'No Argo CD Application deploys this environment.');
  }

  const items = applications.map((application) => {
    return element(
      'li',
      { 'data-application': application.name },
      element('span', {}, `Application ${application.name}`),
      statusText('Sync', application.sync),
      statusText('Health', application.health),
      ' ',
      actionButton(
        snapshot.actions.diffApplication,
        {
          action: 'diffApplication',
          application: application.name,
          file: application.location.file,
        },
        `Diff ${application.name} against the cluster`,
      ),
    );
  });
  return element('ul', { 'aria-label': 'Applications' }, ...items);
}

function statusText(label: string, value: string | undefined): HTMLElement {
  const shown = value ?? 'no cluster status';
  return element('span', { class: `status-${value ?? 'none'}` }, ` · ${label}: ${shown}`);
}

/** Builds the matrix as a toolkit data grid: one header row of environments, one row per image. */
function imageGrid(snapshot: DashboardSnapshot): HTMLElement {
  const columns = [
    'minmax(200px, 1.5fr)',
    ...snapshot.environments.map(() => 'minmax(140px, 1fr)'),
  ].join(' ');
  const header = element(
    'vscode-data-grid-row',
    { 'row-type': 'header' },
    element('vscode-data-grid-cell', { 'cell-type': 'columnheader', 'grid-column': 1 }, 'Image'),
    ...snapshot.environments.map((column, index) => {
      return element(
        'vscode-data-grid-cell',
        { 'cell-type': 'columnheader', 'grid-column': index + 2 },
        column.name,
      );
    }),
  );

  const rows = snapshot.images.map((row) => imageRow(snapshot, row));
  return element(
    'vscode-data-grid',
    {
      id: 'image-matrix',
      'generate-header': 'none',
      'grid-template-columns': columns,
      'aria-labelledby': 'matrix-heading',
    },
    header,
    ...rows,
  );
}

function imageRow(snapshot: DashboardSnapshot, row: ImageRow): HTMLElement {
  return element(
    'vscode-data-grid-row',
    { 'data-image': row.image },
    element('vscode-data-grid-cell', { 'grid-column': 1, class: 'value' }, row.image),
    ...row.cells.map((cell, index) => imageCell(snapshot, row.image, cell, index)),
  );
}

function imageCell(
  snapshot: DashboardSnapshot,
  image: string,
  cell: ImageCell,
  index: number,
): HTMLElement {
  const column = snapshot.environments[index];
  const value = cell.display === '' ? 'not set' : cell.display;
  const lagLabel =
    cell.lag === 'behind' || cell.lag === 'differs'
      ? element('vscode-tag', { title: cell.tooltip }, cell.lag)
      : undefined;
  const commit =
    cell.commit === undefined
      ? undefined
      : element(
          'span',
          { class: 'commit', title: cell.commit.subject },
          `${cell.commit.shortOid} ${cell.commit.subject}`,
        );

  return element(
    'vscode-data-grid-cell',
    {
      'grid-column': index + 2,
      class: `lag-${cell.lag}`,
      title: cell.tooltip,
      'aria-label': cell.tooltip,
      'data-environment': cell.environment,
      'data-value': cell.display,
      'data-lag': cell.lag,
    },
    element('span', { class: 'value' }, value),
    lagLabel === undefined ? undefined : ' ',
    lagLabel,
    commit,
    element(
      'div',
      { class: 'cell-actions' },
      actionButton(
        { ...snapshot.actions.setImageTag, label: 'Set tag' },
        { action: 'setImageTag', environment: column?.dir ?? '', image },
        `Set the tag of ${image} in ${cell.environment}`,
      ),
    ),
  );
}

/** Turns a name into a string usable in an id attribute. */
export function cssId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}
