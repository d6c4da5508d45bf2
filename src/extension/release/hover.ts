import * as vscode from 'vscode';
import type { Environment } from '../../core/workspace/environments';
import { parseKustomization } from '../../core/workspace/kustomization';
import type { ComponentLog } from '../log';
import { toVscodeRange } from '../trees/locations';
import type { WorkspaceService } from '../workspace/workspaceService';
import { imageHistory, tagsByEnvironment } from './tagSuggestions';

/**
 * Shows, on the `newTag` of an `images:` entry in an overlay kustomization, the tag each
 * environment runs for that image and the commit that last changed the entry here.
 */
export class TagHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly workspace: WorkspaceService,
    private readonly log: ComponentLog,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position) {
    const environment = this.workspace.model.environments().find((candidate) => {
      return candidate.kustomizationFile === document.uri.fsPath;
    });
    if (environment === undefined) {
      return undefined;
    }

    const kustomization = parseKustomization(document.uri.fsPath, document.getText());
    for (const entry of kustomization.images) {
      const tagRange = entry.fieldRanges.get('newTag');
      const range = tagRange === undefined ? undefined : toVscodeRange(tagRange);
      if (entry.name !== undefined && range?.contains(position) === true) {
        const markdown = await this.describe(environment, entry.name);
        return new vscode.Hover(markdown, range);
      }
    }
    return undefined;
  }

  private async describe(environment: Environment, image: string): Promise<vscode.MarkdownString> {
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown(`**${escape(image)}**\n\n| Environment | Tag |\n|---|---|\n`);
    for (const { environment: other, tag } of tagsByEnvironment(this.workspace.model, image)) {
      const name = other.dir === environment.dir ? `**${other.name}**` : other.name;
      markdown.appendMarkdown(`| ${name} | ${tag === undefined ? '—' : `\`${tag}\``} |\n`);
    }
    markdown.appendMarkdown('\n' + (await this.lastChange(environment, image)));
    return markdown;
  }

  private async lastChange(environment: Environment, image: string): Promise<string> {
    try {
      const [change] = await imageHistory(environment, image);
      if (change === undefined) {
        return `No commit changed this entry in ${environment.name}.`;
      }
      const date = change.date.slice(0, 10);
      const author = escape(change.author);
      const subject = escape(change.message);
      return `Last changed in \`${change.shortCommit}\` on ${date} by ${author}: ${subject}`;
    } catch (error) {
      const file = environment.kustomizationFile;
      this.log.debug(`no history for the hover in ${file}: ${String(error)}`);
      return 'No Git history: the file is not in a Git repository.';
    }
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (character) => `\\${character}`);
}
