import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWeightSizes } from './checkWeightSizes';
import { digestFile, type FileDigest, modelFingerprint } from './fingerprint';
import { ModelProblem } from './modelErrors';
import { type ModelJsonInfo, MAX_MODEL_JSON_BYTES, parseModelJson } from './modelJson';
import { weightFilePath } from './weightPaths';

export interface VerifiedModel {
  readonly info: ModelJsonInfo;
  readonly files: readonly FileDigest[];
  readonly fingerprint: string;
}

/** Checks a model on disk as a download is checked (model.json, safe weight paths, sizes), without copying it. */
export async function verifyModelFolder(modelJsonPath: string): Promise<VerifiedModel> {
  const folder = path.dirname(modelJsonPath);
  const stat = await fs.promises.stat(modelJsonPath);
  if (stat.size > MAX_MODEL_JSON_BYTES)
    throw new ModelProblem('invalid-model', `${modelJsonPath} is ${stat.size} bytes: too large for a model.json`);
  const info = parseModelJson(await fs.promises.readFile(modelJsonPath, 'utf8'), modelJsonPath);
  const weightPaths = info.groups.flatMap((group) => group.paths);
  const sizes = new Map<string, number>();
  for (const weightPath of weightPaths) {
    const size = await fs.promises.stat(weightFilePath(folder, weightPath)).then(
      (weightStat) => (weightStat.isFile() ? weightStat.size : undefined),
      () => undefined,
    );
    if (size !== undefined) sizes.set(weightPath, size);
  }
  checkWeightSizes(info.groups, (weightPath) => sizes.get(weightPath), modelJsonPath);
  const files = [
    await digestFile(modelJsonPath, 'model.json'),
    ...(await Promise.all(weightPaths.map((weightPath) => digestFile(weightFilePath(folder, weightPath), weightPath)))),
  ];
  return { info, files, fingerprint: modelFingerprint(files) };
}
