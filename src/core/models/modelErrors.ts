import { BASE_MODEL_SETTING, BUILTIN_MODELS, EMBEDDING_SETTING } from './builtinModels';

/** Why a base model could not be used; the UI and the CLI may word their hints by it. */
export type ModelFailureReason =
  | 'network' // DNS, refused or reset connection, connection closed early
  | 'timeout'
  | 'http' // the server answered with an error status
  | 'not-found' // neither a built-in name nor an existing path
  | 'invalid-model' // model.json or a weight file is not what a tfjs model needs
  | 'unsafe-path' // a weight path leaves the model's folder
  | 'embedding-node' // the named embedding layer/node is missing
  | 'io'; // reading the model or writing the cache failed on this machine

/**
 * A failure inside the resolver's helpers; resolveBaseModel turns it into a ModelUnavailableError that names the fix.
 */
export class ModelProblem extends Error {
  override readonly name = 'ModelProblem';
  constructor(
    readonly reason: ModelFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The base model cannot be used; the message says what failed and exactly how to point the setting at a local copy. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly spec: string,
    readonly reason: ModelFailureReason,
    /** What failed, without the fix. */
    readonly detail: string,
    /** The exact remedy, also the message's last line. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`${detail}\n${fix}`, options);
  }
}

const builtinNames = (): string => BUILTIN_MODELS.map((model) => model.name).join(', ');

/** The remedy for a model that had to be downloaded from `url`. */
export function downloadFix(url: string): string {
  return (
    `Fix: on a machine that is online, download ${url} and every weight file that its "weightsManifest" lists ` +
    `(they sit beside model.json at the same address) into one folder, copy that folder here, and set ` +
    `"${BASE_MODEL_SETTING}" to the folder's path (the folder that contains model.json; ` +
    `on the command line: --base-model FOLDER).`
  );
}

/** The remedy for a local path that is not a usable model. */
export function localPathFix(): string {
  return (
    `Fix: set "${BASE_MODEL_SETTING}" to a folder that contains a complete tfjs model (model.json and the ` +
    'weight files it lists), ' +
    `to the path of such a model.json, or to a built-in name (${builtinNames()}).`
  );
}

/** The remedy when the embedding layer/node is missing or unknown. */
export function embeddingFix(): string {
  return (
    `Fix: set "${EMBEDDING_SETTING}" to the layer (LayersModel) or node (GraphModel) whose output is the image ` +
    'embedding, usually a global average pooling (on the command line: --embedding-node NAME).'
  );
}
