import type { CliCommand, CliIo, CliOption, ParsedArgs } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { applyPromotion, promotionBranchName } from '../../core/promote/commit';
import { resolveEnvironmentFolder } from '../../core/promote/environment';
import { planPromotion, type ImageVersion, type PromotionPlan } from '../../core/promote/plan';
import { renderPromotion, type RenderedPromotion } from '../../core/promote/renderedDiff';
import { findOnPath } from '../../core/render/engine';
import { render, type RenderOptions } from '../../core/render/renderer';
import { readImageHistory, type ImageTagChange } from '../../core/git/history';
import { GitStateError, openRepository } from '../../core/git/repository';
import { formatImage } from '../../core/images/reference';
import { workspaceOf } from './history';

const promoteOptions: readonly CliOption[] = [
  {
    name: 'from',
    value: 'ENV',
    help: 'source environment: its name, such as 01-dev, or overlay folder',
  },
  { name: 'to', value: 'ENV', help: 'target environment whose kustomization is edited' },
  {
    name: 'workspace',
    value: 'DIR',
    help: 'workspace folder (default: the Git repository of the current folder)',
  },
  { name: 'image', value: 'NAME,...', help: 'images to promote, comma-separated (default: all)' },
  { name: 'dry-run', help: 'print the kustomization and rendered diffs without writing' },
  { name: 'commit', help: 'commit the target kustomization on the current branch' },
  { name: 'branch', value: 'NAME', help: 'create branch NAME at HEAD and commit there' },
  { name: 'new-branch', help: 'create branch promote/<target>-<tag> and commit there' },
];

export const promoteCommand: CliCommand = {
  name: 'promote',
  usage:
    'promote --from ENV --to ENV [--workspace DIR] [--image NAME,...] [--dry-run] [--commit] [--branch NAME | --new-branch]',
  summary: 'Copy image tags and digests from one environment to the next and optionally commit',
  options: promoteOptions,
  async run(args, io) {
    const parsed = parseArgs(args, promoteOptions);
    const request = promoteRequest(parsed);
    const workspace = await workspaceOf(parsed.flags.get('workspace'), io);
    const source = resolveEnvironmentFolder(request.from, workspace, io.cwd);
    const target = resolveEnvironmentFolder(request.to, workspace, io.cwd);
    const images = request.images;
    const plan = await planPromotion(source, target, images === undefined ? {} : { images });
    printPlan(plan, io);
    await warnAboutEarlierTags(plan, io);

    const engineMissing = findEngine() === undefined;
    if (engineMissing && !request.dryRun) {
      throw new Error(
        'neither kustomize nor kubectl was found on PATH, so the promotion cannot be checked ' +
          'by building both environments. Install one of them, or run with --dry-run to see ' +
          'the kustomization diff only.',
      );
    }
    const renderFolder = (dir: string, options: RenderOptions) => render(dir, options);
    const rendered = engineMissing ? undefined : await renderPromotion(plan, renderFolder);
    if (request.dryRun) {
      printDryRun(plan, rendered, io);
      return 0;
    }
    return writePromotion(plan, request, io);
  },
};

interface PromoteRequest {
  readonly from: string;
  readonly to: string;
  readonly images: string[] | undefined;
  readonly dryRun: boolean;
  readonly commit: boolean;
  /** The branch to create, from --branch, or undefined. */
  readonly branch: string | undefined;
  readonly newBranch: boolean;
}

function promoteRequest(parsed: ParsedArgs): PromoteRequest {
  const from = flagValue(parsed, 'from');
  const to = flagValue(parsed, 'to');
  if (from === undefined || to === undefined) {
    throw new UsageError(
      'give both --from and --to (environment names such as 01-dev, or overlay folders)',
    );
  }

  const branchFlag = flagValue(parsed, 'branch');
  const newBranch = parsed.flags.has('new-branch');
  return {
    from,
    to,
    images: flagValue(parsed, 'image')?.split(','),
    dryRun: parsed.flags.has('dry-run'),
    commit: parsed.flags.has('commit') || branchFlag !== undefined || newBranch,
    branch: branchFlag,
    newBranch,
  };
}

function findEngine(): string | undefined {
  return findOnPath('kustomize') ?? findOnPath('kubectl');
}

function printDryRun(
  plan: PromotionPlan,
  rendered: RenderedPromotion | undefined,
  io: CliIo,
): void {
  io.out(plan.diff);
  if (rendered === undefined) {
    io.out(
      'note: the rendered diff was skipped because no kustomize or kubectl was found on PATH\n',
    );
    return;
  }
  io.out(rendered.diff === '' ? 'the rendered manifests do not change\n' : rendered.diff);
}

async function writePromotion(
  plan: PromotionPlan,
  request: PromoteRequest,
  io: CliIo,
): Promise<number> {
  if (!plan.edit.changed) {
    io.out(
      `${plan.targetEnvironment} already runs the images of ${plan.sourceEnvironment}; nothing to do\n`,
    );
    return 0;
  }

  const branch = request.newBranch ? promotionBranchName(plan) : request.branch;
  const options = { commit: request.commit, ...(branch === undefined ? {} : { branch }) };
  const result = await applyPromotion(plan, options);
  io.out(plan.diff);
  if (result === undefined) {
    io.out(`wrote ${plan.targetFile}\n`);
  } else {
    io.out(`committed ${result.shortCommit} on ${result.branch}: ${result.files.join(', ')}\n`);
  }
  return 0;
}

/**
 * Warns when an image goes to a tag the target ran before and has since moved away from, which
 * usually means the promotion goes backwards. Targets outside a Git repository are not checked.
 */
async function warnAboutEarlierTags(plan: PromotionPlan, io: CliIo): Promise<void> {
  let changes: readonly ImageTagChange[];
  try {
    changes = await readImageHistory(await openRepository(plan.targetFile), plan.targetFile);
  } catch (error) {
    if (error instanceof GitStateError) {
      return;
    }
    throw error;
  }

  for (const image of plan.images) {
    const name = image.targetAfter.name;
    const tag = image.next.tag;
    if (!image.changed || tag === undefined || image.current?.tag === tag) {
      continue;
    }
    const earlier = changes.find((change) => change.image === name && change.newTag === tag);
    if (earlier !== undefined) {
      const when = `${earlier.shortCommit} on ${earlier.date.slice(0, 10)}`;
      io.err(
        `warning: ${plan.targetEnvironment} already ran ${name} ${tag} (set in ${when}) and ` +
          `has moved on since, so this promotion moves it back\n`,
      );
    }
  }
}

function versionText(version: ImageVersion): string {
  return formatImage(version.name, version.tag, version.digest);
}

function printPlan(plan: PromotionPlan, io: CliIo): void {
  io.out(`promote ${plan.sourceEnvironment} -> ${plan.targetEnvironment}\n`);
  for (const image of plan.images) {
    const current = image.current === undefined ? '(new entry)' : versionText(image.current);
    const next = versionText(image.next);
    const note = image.match === 'only-entry' ? ' (paired as the only entry of each overlay)' : '';
    io.out(
      `  ${image.targetAfter.name}: ${current} -> ${next}${image.changed ? '' : ' (unchanged)'}${note}\n`,
    );
  }
  for (const entry of plan.unmatched) {
    io.err(
      `warning: "${entry.name}" of ${plan.sourceEnvironment} has no entry in ${plan.targetEnvironment} and was left out\n`,
    );
  }
  for (const warning of plan.warnings) {
    io.err(`warning: ${warning.message}\n`);
  }
}
