import type { DashboardSnapshot, TagChange } from '../src/shared/dashboardProtocol';
import { actionButton } from './actions';
import { element, formatTime } from './dom';

/** Builds one timeline of image changes per environment, newest first, from git history. */
export function historyView(snapshot: DashboardSnapshot): HTMLElement {
  const sections = snapshot.environments.map((column) => {
    const changes = snapshot.history.filter((change) => change.environment === column.name);
    const list =
      changes.length === 0
        ? element('p', { class: 'note' }, 'No image changes found in git history.')
        : element(
            'ol',
            { class: 'timeline', 'aria-label': `Image changes in ${column.name}` },
            ...changes.map((change) => changeItem(snapshot, column.dir, change)),
          );
    return element(
      'section',
      { 'aria-label': `History of ${column.name}`, 'data-environment': column.name },
      element('h2', {}, column.name),
      list,
    );
  });

  return element(
    'div',
    {},
    snapshot.historyNote === undefined
      ? undefined
      : element('p', { class: 'note', role: 'status' }, snapshot.historyNote),
    ...sections,
  );
}

function changeItem(snapshot: DashboardSnapshot, dir: string, change: TagChange): HTMLElement {
  const from = change.previous === undefined ? 'set to' : `${change.previous} →`;
  const rollback = change.current
    ? element('vscode-tag', {}, 'current')
    : actionButton(
        snapshot.actions.rollbackTag,
        { action: 'rollbackTag', environment: dir, image: change.image, commit: change.commit.oid },
        `Roll ${change.image} in ${change.environment} back to ${change.value}`,
      );

  return element(
    'li',
    { 'data-image': change.image, 'data-value': change.value },
    element(
      'div',
      {},
      element('strong', {}, formatTime(change.commit.time)),
      ` ${change.image}: `,
      element('span', { class: 'value' }, `${from} ${change.value}`),
    ),
    element(
      'div',
      { class: 'commit' },
      `${change.commit.shortOid} ${change.commit.subject} — ${change.commit.author}`,
    ),
    element('div', { class: 'cell-actions' }, rollback),
  );
}
