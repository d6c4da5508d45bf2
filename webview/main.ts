import {
  provideVSCodeDesignSystem,
  vsCodeBadge,
  vsCodeButton,
  vsCodeDataGrid,
  vsCodeDataGridCell,
  vsCodeDataGridRow,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeProgressRing,
  vsCodeTag,
} from '@vscode/webview-ui-toolkit';
import type {
  DashboardPageState,
  DashboardSnapshot,
  FromPageMessage,
  ToPageMessage,
} from '../src/shared/dashboardProtocol';
import { dashboardStatusLine } from '../src/shared/dashboardStatus';
import { messageOf } from './actions';
import type { ComparisonState } from './compareView';
import { compareView } from './compareView';
import { element, replaceChildren } from './dom';
import { historyView } from './historyView';
import { matrixView } from './matrixView';
import { installStyles } from './styles';

interface VsCodeApi {
  postMessage(message: FromPageMessage): void;
  getState(): DashboardPageState | undefined;
  setState(state: DashboardPageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

provideVSCodeDesignSystem().register(
  vsCodeBadge(),
  vsCodeButton(),
  vsCodeDataGrid(),
  vsCodeDataGridCell(),
  vsCodeDataGridRow(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodePanels(),
  vsCodePanelTab(),
  vsCodePanelView(),
  vsCodeProgressRing(),
  vsCodeTag(),
);

const vscode = acquireVsCodeApi();
let pageState: DashboardPageState = vscode.getState() ?? {
  tab: 'matrix',
  compareLeft: undefined,
  compareRight: undefined,
};
let snapshot: DashboardSnapshot | undefined;
let comparison: ComparisonState = { kind: 'none' };

const tabs: readonly DashboardPageState['tab'][] = ['matrix', 'compare', 'history'];
const tabTitles: Readonly<Record<DashboardPageState['tab'], string>> = {
  matrix: 'Matrix',
  compare: 'Compare environments',
  history: 'History',
};

function saveState(update: Partial<DashboardPageState>): void {
  pageState = { ...pageState, ...update };
  vscode.setState(pageState);
}

/** Builds the fixed frame once: a heading, a status line and three tabs. */
function buildFrame(): void {
  const panels = element(
    'vscode-panels',
    { id: 'sections', 'aria-label': 'Dashboard sections', activeid: `tab-${pageState.tab}` },
    ...tabs.map((tab) => element('vscode-panel-tab', { id: `tab-${tab}` }, tabTitles[tab])),
    ...tabs.map((tab) => element('vscode-panel-view', { id: `view-${tab}` })),
  );
  const app = document.getElementById('app');
  if (app === null) {
    return;
  }
  replaceChildren(
    app,
    element('h1', {}, 'GitOps environments'),
    element('p', { id: 'status', class: 'note', role: 'status' }),
    panels,
  );
  panels.addEventListener('change', () => {
    const active = (panels as HTMLElement & { activeid?: string }).activeid?.replace(/^tab-/, '');
    if (active === 'matrix' || active === 'compare' || active === 'history') {
      saveState({ tab: active });
    }
  });
}

/** Renders every tab again, keeping keyboard focus on the element that had it where possible. */
function render(): void {
  if (snapshot === undefined) {
    return;
  }
  const focusKey = focusKeyOf(document.activeElement);
  document.getElementById('app')?.setAttribute('aria-busy', 'false');

  const status = dashboardStatusLine(snapshot.historyNote, new Date());
  replaceChildren(requireElement('status'), status);
  replaceChildren(requireElement('view-matrix'), matrixView(snapshot));
  replaceChildren(
    requireElement('view-compare'),
    compareView(
      snapshot,
      { left: pageState.compareLeft, right: pageState.compareRight },
      comparison,
    ),
  );
  replaceChildren(requireElement('view-history'), historyView(snapshot));
  restoreFocus(focusKey);
}

function requireElement(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) {
    throw new Error(`dashboard element #${id} is missing`);
  }
  return found;
}

/** Builds a selector that finds the same button again after the page is rebuilt. */
function focusKeyOf(active: Element | null): string | undefined {
  if (!(active instanceof HTMLElement) || active.dataset['action'] === undefined) {
    return undefined;
  }
  const attributes = Object.entries(active.dataset).map(
    ([name, value]) =>
      `[data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${CSS.escape(value ?? '')}"]`,
  );
  return attributes.join('');
}

function restoreFocus(key: string | undefined): void {
  if (key !== undefined) {
    document.querySelector<HTMLElement>(key)?.focus();
  }
}

function onMessage(message: ToPageMessage): void {
  switch (message.type) {
    case 'snapshot':
      snapshot = message.snapshot;
      break;
    case 'comparing':
      comparison = { kind: 'running', left: message.left, right: message.right };
      break;
    case 'comparison':
      comparison = { kind: 'done', comparison: message.comparison };
      break;
  }
  render();
}

function onClick(event: Event): void {
  const target = event.target;
  if (!(target instanceof Element)) {
    return;
  }
  if (target.closest('[data-compare="run"]') !== null) {
    startComparison();
    return;
  }
  const message = messageOf(target);
  if (message !== undefined) {
    vscode.postMessage(message);
  }
}

function startComparison(): void {
  const left = (document.getElementById('compare-left') as HTMLSelectElement | null)?.value;
  const right = (document.getElementById('compare-right') as HTMLSelectElement | null)?.value;
  if (left === undefined || right === undefined || left === '' || right === '') {
    return;
  }
  saveState({ compareLeft: left, compareRight: right });
  vscode.postMessage({ type: 'compare', left, right });
}

installStyles();
buildFrame();
window.addEventListener('message', (event: MessageEvent<ToPageMessage>) => onMessage(event.data));
document.addEventListener('click', onClick);
document.addEventListener('change', (event) => {
  const target = event.target as HTMLSelectElement | null;
  if (target?.id === 'compare-left') {
    saveState({ compareLeft: target.value });
  } else if (target?.id === 'compare-right') {
    saveState({ compareRight: target.value });
  }
});
vscode.postMessage({ type: 'ready' });
