import * as vscode from 'vscode';
import type { CommitResult } from '../../core/git/commit';
import {
  assertReadyToCommit,
  openRepository,
  readRepositoryState,
} from '../../core/git/repository';
import { applyPromotion, promotionBranchName } from '../../core/promote/commit';
import { planPromotion, type PromotionPlan } from '../../core/promote/plan';
import { renderPromotion, type RenderFolder } from '../../core/promote/renderedDiff';
import type { Environment } from '../../core/workspace/environments';
import { nextEnvironment } from '../../core/workspace/environments';
import { CommandCancelled } from '../commandRunner';
import { assertSaved } from './documentText';
import { pushBranch } from './gitPush';
import { activeEditorEnvironment, pickEnvironment } from './pickers';
import { promotionCommitMessage } from './promoteMessage';
import { pickPromoteAction, showPlanDiffs, type PromoteAction } from './promoteReview';
import type { ReleaseContext } from './releaseContext';
import { readReleaseSettings } from './releaseSettings';
import { booleanField, findEnvironment, isRecord, readCommandTarget, stringField } from './targets';
import { confirmWarnings } from './warningPrompt';

/** Outcome of Promote, returned to callers such as tests. */
export interface PromoteResult {
  readonly source: string;
  readonly target: string;
  readonly action: PromoteAction | 'nothing';
  readonly commit?: CommitResult;
  readonly message?: string;
}

interface PromoteRequest {
  readonly source: Environment;
  readonly target: Environment;
  readonly images: readonly string[] | undefined;
}

/**
 * Runs Promote: plans copying the source's image tags into the target, shows the plan as diffs,
 * then writes (and commits) on confirmation. `argument` is a tree node or `{ source, target,
 * images, action, showDiff, push, acceptWarnings }`; missing parts are asked for.
 */
export async function promote(context: ReleaseContext, argument: unknown): Promise<PromoteResult> {
  const request = await readRequest(context, argument);
  const { source, target } = request;
  await assertCanPromote(context, source, target);

  const plan = await planPromotion(source.dir, target.dir, planOptions(context, request));
  if (!plan.edit.changed) {
    const text = `${target.name} already runs the images of ${source.name}; nothing to promote.`;
    void vscode.window.showInformationMessage(text);
    return { source: source.name, target: target.name, action: 'nothing' };
  }
  // Rejects a target that does not render before or after the change.
  const rendered = await renderPromotion(plan, renderFolder(context));
  if (booleanField(argument, 'acceptWarnings') !== true) {
    await confirmWarnings(plan.warnings, plan.targetFile);
  }
  if (booleanField(argument, 'showDiff') !== false) {
    await showPlanDiffs(context, plan, target, rendered);
  }

  const settings = readReleaseSettings(vscode.Uri.file(target.dir));
  const branch = settings.branch === 'new' ? promotionBranchName(plan) : undefined;
  const action =
    readAction(argument) ?? (await pickPromoteAction(plan, branch ?? 'the current branch'));
  return carryOut(context, plan, action, { branch, template: settings.messageTemplate, argument });
}

async function readRequest(context: ReleaseContext, argument: unknown): Promise<PromoteRequest> {
  const model = context.session.workspace.model;
  const fromNode = readCommandTarget(model, argument);
  const sourceName = stringField(argument, 'source');
  const targetName = stringField(argument, 'target');
  const ordered = model.environments();

  const source =
    (sourceName === undefined ? fromNode.environment : findOrThrow(context, sourceName)) ??
    (await pickEnvironment(ordered, 'Promote from', activeEditorEnvironment(model)));
  const target =
    (targetName === undefined ? undefined : findOrThrow(context, targetName)) ??
    (await pickTarget(ordered, source));
  if (source.dir === target.dir) {
    throw new Error(`cannot promote ${source.name} to itself; choose another target environment`);
  }
  return { source, target, images: readImages(argument, fromNode.image) };
}

function findOrThrow(context: ReleaseContext, reference: string): Environment {
  const model = context.session.workspace.model;
  const found = findEnvironment(model, reference);
  if (found === undefined) {
    const names = model
      .environments()
      .map((environment) => environment.name)
      .join(', ');
    const list = names === '' ? 'none found' : names;
    throw new Error(`environment "${reference}" not found (environments: ${list})`);
  }
  return found;
}

/** Offers the next environment in promotion order first, then the others. */
function pickTarget(ordered: readonly Environment[], source: Environment): Promise<Environment> {
  const next = nextEnvironment(ordered, source);
  const rest = ordered.filter((environment) => {
    return environment.dir !== source.dir && environment.dir !== next?.dir;
  });
  const candidates = next === undefined ? rest : [next, ...rest];
  return pickEnvironment(candidates, `Promote ${source.name} to`);
}

function readImages(argument: unknown, imageFromNode: string | undefined): string[] | undefined {
  const images = isRecord(argument) ? argument['images'] : undefined;
  if (Array.isArray(images)) {
    return images.filter((image): image is string => typeof image === 'string');
  }
  return imageFromNode === undefined ? undefined : [imageFromNode];
}

function readAction(argument: unknown): PromoteAction | undefined {
  const action = stringField(argument, 'action');
  return action === 'commit' || action === 'write' || action === 'cancel' ? action : undefined;
}

/**
 * Rejects a promotion that could lose or mix up work: unsaved edits of either kustomization, an
 * unfinished merge or rebase, or a source that does not render.
 */
async function assertCanPromote(
  context: ReleaseContext,
  source: Environment,
  target: Environment,
): Promise<void> {
  assertSaved(target.kustomizationFile, 'promote to it');
  // The plan reads the saved source file, so unsaved source edits would silently be left out.
  assertSaved(source.kustomizationFile, 'promote from it');
  const repository = await openRepository(target.kustomizationFile);
  assertReadyToCommit(repository, await readRepositoryState(repository));

  const rendered = await context.session.renders.render(source.dir);
  if (!rendered.ok) {
    const reason = rendered.error?.message ?? 'kustomize build failed';
    throw new Error(`${source.name} does not render, so it is not promoted: ${reason}`);
  }
}

/** Renders through the view's RenderService, so unsaved editors count as in the preview. */
function renderFolder(context: ReleaseContext): RenderFolder {
  return (dir, options) => {
    const overrides = options.overrides;
    return context.session.renders.render(dir, overrides === undefined ? {} : { overrides });
  };
}

function planOptions(context: ReleaseContext, request: PromoteRequest) {
  const render = async (dir: string): Promise<string> => {
    const result = await context.session.renders.render(dir);
    return result.ok ? result.yaml : '';
  };
  return { render, ...(request.images === undefined ? {} : { images: request.images }) };
}

interface CarryOutOptions {
  readonly branch: string | undefined;
  readonly template: string;
  readonly argument: unknown;
}

async function carryOut(
  context: ReleaseContext,
  plan: PromotionPlan,
  action: PromoteAction,
  options: CarryOutOptions,
): Promise<PromoteResult> {
  const base = { source: plan.sourceEnvironment, target: plan.targetEnvironment, action };
  if (action === 'cancel') {
    throw new CommandCancelled();
  }
  assertSaved(plan.targetFile, 'promote to it');
  if (action === 'write') {
    await applyPromotion(plan, { commit: false });
    context.onDidRelease();
    return base;
  }

  const { commit, message } = await commitPlan(plan, options);
  context.onDidRelease();
  const route = `${plan.sourceEnvironment} to ${plan.targetEnvironment}`;
  context.log.info(`promoted ${route}: ${commit.shortCommit} on ${commit.branch}`);
  await offerPush(context, plan, commit, booleanField(options.argument, 'push'));
  return { ...base, commit, message };
}

/** Writes the planned text and commits only the target kustomization, with the set message. */
async function commitPlan(plan: PromotionPlan, options: CarryOutOptions) {
  let message = '';
  const formatMessage = (sourceCommit: string): string => {
    message = promotionCommitMessage(plan, sourceCommit, options.template);
    return message;
  };
  const branch = options.branch === undefined ? {} : { branch: options.branch };
  const commit = await applyPromotion(plan, { commit: true, message: formatMessage, ...branch });
  if (commit === undefined) {
    throw new Error(`${plan.targetFile} already matches the plan; nothing to commit`);
  }
  return { commit, message };
}

/**
 * Pushes when `push` is true and does nothing when it is false. When it is undefined, a
 * notification offers the push without holding the command open until it is closed.
 */
async function offerPush(
  context: ReleaseContext,
  plan: PromotionPlan,
  commit: CommitResult,
  push: boolean | undefined,
): Promise<void> {
  if (push === false) {
    return;
  }
  if (push === true) {
    await pushCommit(context, plan, commit);
    return;
  }

  const target = plan.targetEnvironment;
  const outcome = `${target} now runs the images of ${plan.sourceEnvironment}`;
  const text = `Committed ${commit.shortCommit} on ${commit.branch}: ${outcome}.`;
  void vscode.window.showInformationMessage(text, 'Push').then(async (choice) => {
    if (choice === 'Push') {
      await pushCommit(context, plan, commit).catch((error: unknown) => {
        context.log.error(`pushing ${commit.branch} failed`, error);
        void vscode.window.showErrorMessage(`Pushing ${commit.branch} failed: ${String(error)}`);
      });
    }
  });
}

async function pushCommit(context: ReleaseContext, plan: PromotionPlan, commit: CommitResult) {
  const repository = await openRepository(plan.targetFile);
  const pushed = await pushBranch(repository.root, commit.branch, context.log);
  if (!pushed) {
    const branch = commit.branch;
    const text = `The built-in Git extension is not available; push ${branch} with git push.`;
    void vscode.window.showWarningMessage(text);
  }
}
