import type * as vscode from 'vscode';
import type { Environment } from '../../core/workspace/environments';

/**
 * A node that a contributor adds to the Environments view. Contributors extend it with their
 * own fields; commands run on the node receive those fields, as with any other tree node.
 */
export interface ContributedNode {
  readonly type: 'contributed';
  /** `id` of the contributor that created the node and maps it to a tree item. */
  readonly contributor: string;
  readonly environment: Environment;
  /** Tree item id, unique in the view and the same across refreshes. */
  readonly id: string;
}

/**
 * A source of nodes under each environment, after Images, Applications and Resources, so
 * features such as tag history add to the view without the view importing them.
 */
export interface EnvironmentChildContributor {
  readonly id: string;
  /** Returns the nodes shown directly under `environment`. */
  sections(environment: Environment): readonly ContributedNode[];
  getChildren(node: ContributedNode): Promise<readonly ContributedNode[]>;
  getTreeItem(node: ContributedNode): vscode.TreeItem;
  /** Fires with a node whose item or children changed; it must be a node the view was given. */
  readonly onDidChange: vscode.Event<ContributedNode>;
}
