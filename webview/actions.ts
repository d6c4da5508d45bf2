import type { ActionState, FromPageMessage } from '../src/shared/dashboardProtocol';
import { element } from './dom';

/** Data attributes of a button, turned back into a message by `messageOf` when it is clicked. */
export type ButtonData = Readonly<Record<string, string>> & {
  readonly action: FromPageMessage['type'];
};

/**
 * Creates a toolkit button for an editor action. A disabled action keeps its button, disabled
 * and focusable, with the reason as its tooltip and accessible description.
 */
export function actionButton(
  state: ActionState,
  data: ButtonData,
  accessibleName: string,
): HTMLElement {
  const attributes: Record<string, string | boolean> = {
    appearance: 'secondary',
    title: state.tooltip,
    'aria-label': accessibleName,
    'aria-description': state.tooltip,
    disabled: !state.enabled,
  };
  for (const [name, value] of Object.entries(data)) {
    attributes[`data-${name}`] = value;
  }
  return element('vscode-button', attributes, state.label);
}

/** Builds the message for a clicked action button, or undefined for any other element. */
export function messageOf(target: Element): FromPageMessage | undefined {
  const button = target.closest<HTMLElement>('[data-action]');
  if (button === null || button.hasAttribute('disabled')) {
    return undefined;
  }

  const data = button.dataset;
  switch (data['action']) {
    case 'promote':
      return { type: 'promote', source: data['source'] ?? '', target: data['target'] ?? '' };
    case 'setImageTag':
      return {
        type: 'setImageTag',
        environment: data['environment'] ?? '',
        image: data['image'] ?? '',
      };
    case 'openPreview':
      return { type: 'openPreview', environment: data['environment'] ?? '' };
    case 'diffApplication':
      return {
        type: 'diffApplication',
        application: data['application'] ?? '',
        file: data['file'] ?? '',
      };
    case 'rollbackTag':
      return {
        type: 'rollbackTag',
        environment: data['environment'] ?? '',
        image: data['image'] ?? '',
        commit: data['commit'] ?? '',
      };
    default:
      return undefined;
  }
}
