import { ModelProblem } from './modelErrors';
import type { WeightGroup } from './modelJson';

/**
 * Each group's shard files must add up to the bytes its weights declare: a truncated or padded download, or a
 * weight file from another model, fails here rather than as garbage weights later.
 */
export function checkWeightSizes(
  groups: readonly WeightGroup[],
  sizeOf: (weightPath: string) => number | undefined,
  where: string,
): void {
  for (const group of groups) {
    let total = 0;
    for (const weightPath of group.paths) {
      const size = sizeOf(weightPath);
      if (size === undefined)
        throw new ModelProblem('invalid-model', `${where}: the weight file ${weightPath} is missing`);
      total += size;
    }
    if (group.bytes !== undefined && total !== group.bytes) {
      const files = group.paths.join(' + ');
      throw new ModelProblem(
        'invalid-model',
        `${where}: ${files} ${group.paths.length > 1 ? 'are' : 'is'} ${total} bytes, but model.json declares ` +
          `${group.bytes} for its weights (truncated or wrong file)`,
      );
    }
    if (group.bytes === undefined && total === 0)
      throw new ModelProblem('invalid-model', `${where}: ${group.paths.join(' + ')} is empty`);
  }
}
