import * as vscode from 'vscode';
import { setImagesInText } from '../../core/images/edit';
import { keepExisting, type SetImageRequest } from '../../core/images/setImageArgs';
import { setImageWarnings } from '../../core/images/warnings';
import { imagesInManifests } from '../../core/promote/plan';
import type { Environment } from '../../core/workspace/environments';
import { CommandCancelled } from '../commandRunner';
import type { ComponentLog } from '../log';
import type { Session } from '../session';
import { currentText, writeText } from './documentText';
import {
  activeEditorEnvironment,
  imageNamesOf,
  pickEnvironment,
  pickImage,
  pickValue,
} from './pickers';
import { suggestTags, type TagSuggestion } from './tagSuggestions';
import { booleanField, readCommandTarget, stringField } from './targets';
import { confirmWarnings } from './warningPrompt';

/** Outcome of Set Image Tag, returned to callers such as tests. */
export interface SetImageTagResult {
  readonly environment: string;
  readonly file: string;
  readonly image: string;
  readonly tag: string;
  readonly changed: boolean;
  /** `buffer` when the open document was edited (unsaved), `disk` when the file was written. */
  readonly writtenTo: 'buffer' | 'disk' | 'nothing';
}

const otherTag = 'Enter another tag…';

/**
 * Runs Set Image Tag: environment, image and tag come from `argument` (a tree node or
 * `{ environment, image, tag, acceptWarnings }`) or from quick picks, then the kustomization's
 * `images:` entry is edited in place after any warnings were accepted.
 */
export async function setImageTag(
  session: Session,
  log: ComponentLog,
  argument: unknown,
): Promise<SetImageTagResult> {
  const model = session.workspace.model;
  const target = readCommandTarget(model, argument);
  const preferred = activeEditorEnvironment(model);
  const environment =
    target.environment ?? (await pickEnvironment(model.environments(), 'Set Image Tag', preferred));
  const names = imageNamesOf(model, session.renders, environment);
  const image = target.image ?? (await pickImage(names, environment));
  const tag = stringField(argument, 'tag') ?? (await pickTag(session, log, environment, image));

  const acceptWarnings = booleanField(argument, 'acceptWarnings') === true;
  return writeTag(session, environment, image, tag, acceptWarnings);
}

async function pickTag(
  session: Session,
  log: ComponentLog,
  environment: Environment,
  image: string,
): Promise<string> {
  const suggestions = await suggestTags(session.workspace.model, environment, image, log);
  const items = [...suggestions.map(suggestionItem), { label: otherTag, value: otherTag }];
  const title = `Tag of ${image} in ${environment.name}`;
  const chosen = await pickValue(items, { title, placeHolder: 'Tag', matchOnDescription: true });
  if (chosen !== otherTag) {
    return chosen;
  }

  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'New tag, for example 1.4.2 or a1b2c3d-x7k2p',
    validateInput: (value) => (value.trim() === '' ? 'Enter a tag' : undefined),
  });
  if (typed === undefined) {
    throw new CommandCancelled();
  }
  return typed.trim();
}

function suggestionItem(suggestion: TagSuggestion) {
  const icons = { environment: '$(layers)', history: '$(history)', traceable: '$(git-commit)' };
  return {
    label: `${icons[suggestion.source]} ${suggestion.tag}`,
    description: suggestion.description,
    ...(suggestion.detail === undefined ? {} : { detail: suggestion.detail }),
    value: suggestion.tag,
  };
}

async function writeTag(
  session: Session,
  environment: Environment,
  image: string,
  tag: string,
  acceptWarnings: boolean,
): Promise<SetImageTagResult> {
  const file = environment.kustomizationFile;
  const text = currentText(file);
  // The digest is dropped: it pins one build, and kustomize lets a digest win over the new tag.
  const request: SetImageRequest = {
    argument: `${image}:${tag}`,
    name: image,
    newName: keepExisting,
    newTag: tag,
    digest: undefined,
    emptyTag: false,
  };
  const result = setImagesInText(file, text, [request]);
  const base = { environment: environment.name, file, image, tag, changed: result.changed };
  if (!result.changed) {
    const text = `${image} already has tag ${tag} in ${environment.name}.`;
    void vscode.window.showInformationMessage(text);
    return { ...base, writtenTo: 'nothing' };
  }

  if (!acceptWarnings) {
    const rendered = await renderedImages(session, environment);
    await confirmWarnings(setImageWarnings(result, [request], rendered), file);
  }
  const writtenTo = await writeText(file, text, result.text);
  return { ...base, writtenTo };
}

/**
 * Returns the container images the environment renders to before the edit, or undefined when
 * it cannot be rendered, in which case the warnings that need them are skipped.
 */
async function renderedImages(session: Session, environment: Environment) {
  const renders = session.renders;
  if (!renders.enabled) {
    return undefined;
  }
  const result = renders.lastResult(environment.dir) ?? (await renders.render(environment.dir));
  return result.ok ? imagesInManifests(result.yaml) : undefined;
}
