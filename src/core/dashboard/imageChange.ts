import type { ImageTagChange } from '../git/history';
import { readImageHistory } from '../git/history';
import { GitStateError, openRepository } from '../git/repository';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import { imageEntriesOf } from './environmentImages';

/**
 * Finds the change of `image` made by `commit` in the history of the environment's own
 * kustomization or of the file that sets the image for it now, such as a base. Returns
 * undefined when neither file is in a Git repository or no such change exists.
 */
export async function findImageChange(
  model: WorkspaceModel,
  environment: Environment,
  image: string,
  commit: string,
): Promise<ImageTagChange | undefined> {
  const files = new Set([environment.kustomizationFile]);
  const applied = imageEntriesOf(model, environment.dir).get(image);
  if (applied !== undefined) {
    files.add(applied.file);
  }

  for (const file of files) {
    const changes = await historyOf(file);
    const found = changes.find((change) => change.commit === commit && change.image === image);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

async function historyOf(file: string): Promise<ImageTagChange[]> {
  try {
    return await readImageHistory(await openRepository(file), file);
  } catch (error) {
    if (error instanceof GitStateError) {
      return [];
    }
    throw error;
  }
}
