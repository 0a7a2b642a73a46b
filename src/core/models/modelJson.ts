import type { ModelKind } from './builtinModels';
import { ModelProblem } from './modelErrors';
import { weightEntryBytes } from './weightBytes';
import { checkWeightPath } from './weightPaths';

/** One weightsManifest group: its shard files, whose sizes add up to `bytes`. */
export interface WeightGroup {
  readonly paths: readonly string[];
  /** The bytes its weights declare; undefined when a string tensor makes it unknowable. */
  readonly bytes: number | undefined;
}

/** What the resolver needs to know of a model.json; the loader reads the file itself. */
export interface ModelJsonInfo {
  readonly kind: ModelKind;
  readonly groups: readonly WeightGroup[];
  /** Layer names (layers) or node names (graph), in topology order. */
  readonly nodeNames: readonly string[];
  /** Global pooling layers (layers models): candidates for the embedding. */
  readonly poolingLayers: readonly string[];
  /** Height and width of the image input, when the topology fixes them. */
  readonly inputSize: { readonly height: number; readonly width: number } | undefined;
}

/** Limit on model.json: topologies are tens of kilobytes; a huge one is not a model. */
export const MAX_MODEL_JSON_BYTES = 32 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and checks model.json as tfjs loads it (layers-model or graph-model); throws a ModelProblem naming what is
 * wrong.
 */
export function parseModelJson(text: string, where: string): ModelJsonInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelProblem('invalid-model', `${where} is not JSON (${(error as Error).message})`);
  }
  if (!isObject(json)) throw new ModelProblem('invalid-model', `${where} is not a JSON object`);
  const { format, modelTopology, weightsManifest } = json;
  if (!isObject(modelTopology))
    throw new ModelProblem('invalid-model', `${where} has no "modelTopology": not a tfjs model.json`);
  if (!Array.isArray(weightsManifest) || weightsManifest.length === 0) {
    throw new ModelProblem(
      'invalid-model',
      `${where} has no "weightsManifest": not a tfjs model.json, or one without weights`,
    );
  }
  const groups = weightsManifest.map((group, index) => parseGroup(group, `${where} weightsManifest[${index}]`));
  const allPaths = groups.flatMap((group) => group.paths);
  if (new Set(allPaths).size !== allPaths.length)
    throw new ModelProblem('invalid-model', `${where} lists a weight file twice`);

  const isGraph = format === 'graph-model' || (format === undefined && Array.isArray(modelTopology.node));
  if (isGraph) return { kind: 'graph', groups, ...graphTopology(modelTopology, where) };
  if (format !== undefined && format !== 'layers-model')
    throw new ModelProblem('invalid-model', `${where} has an unknown format ${JSON.stringify(format)}`);
  return { kind: 'layers', groups, ...layersTopology(modelTopology, where) };
}

function parseGroup(group: unknown, where: string): WeightGroup {
  if (!isObject(group) || !Array.isArray(group.paths) || group.paths.length === 0 || !Array.isArray(group.weights)) {
    throw new ModelProblem('invalid-model', `${where} needs "paths" and "weights"`);
  }
  const paths = group.paths.map((weightPath) => checkWeightPath(weightPath));
  let bytes: number | undefined = 0;
  for (const entry of group.weights) {
    const entryBytes = weightEntryBytes(entry, where);
    bytes = entryBytes === undefined || bytes === undefined ? undefined : bytes + entryBytes;
  }
  return { paths, bytes };
}

type Topology = Pick<ModelJsonInfo, 'nodeNames' | 'poolingLayers' | 'inputSize'>;

/** Keras 2 (`model_config`) and tfjs (`class_name` + `config`) topologies; Sequential configs may be bare arrays. */
function layersTopology(topology: Json, where: string): Topology {
  const model = isObject(topology.model_config) ? topology.model_config : topology;
  const config = model.config;
  const layers = Array.isArray(config)
    ? config
    : isObject(config) && Array.isArray(config.layers)
      ? config.layers
      : undefined;
  if (!layers) throw new ModelProblem('invalid-model', `${where}: modelTopology has no layers`);
  const nodeNames: string[] = [];
  const poolingLayers: string[] = [];
  let inputSize: Topology['inputSize'];
  for (const layer of layers.filter(isObject)) {
    const layerConfig = isObject(layer.config) ? layer.config : {};
    const name =
      typeof layerConfig.name === 'string' ? layerConfig.name : typeof layer.name === 'string' ? layer.name : undefined;
    if (name === undefined) continue;
    nodeNames.push(name);
    if (typeof layer.class_name === 'string' && /^Global(Average|Max)Pooling2D$/.test(layer.class_name))
      poolingLayers.push(name);
    inputSize ??= imageSize(layerConfig.batch_input_shape ?? layerConfig.batch_shape);
  }
  return { nodeNames, poolingLayers, inputSize };
}

function graphTopology(topology: Json, where: string): Topology {
  if (!Array.isArray(topology.node))
    throw new ModelProblem('invalid-model', `${where}: a graph-model topology needs "node"`);
  const nodes = topology.node.filter(isObject);
  const nodeNames = nodes.map((node) => node.name).filter((name): name is string => typeof name === 'string');
  const placeholder = nodes.find((node) => node.op === 'Placeholder');
  const attr = placeholder && isObject(placeholder.attr) ? placeholder.attr : {};
  const shape = isObject(attr.shape) && isObject(attr.shape.shape) ? attr.shape.shape.dim : undefined;
  const dims = Array.isArray(shape) ? shape.map((dim) => (isObject(dim) ? Number(dim.size ?? -1) : -1)) : undefined;
  return { nodeNames, poolingLayers: [], inputSize: imageSize(dims) };
}

/** [batch, height, width, channels] with fixed height and width → the size; anything else → undefined. */
function imageSize(shape: unknown): Topology['inputSize'] {
  if (!Array.isArray(shape) || shape.length !== 4) return undefined;
  const [, height, width] = shape as unknown[];
  const fixed = (size: unknown): size is number => typeof size === 'number' && Number.isSafeInteger(size) && size > 0;
  return fixed(height) && fixed(width) ? { height, width } : undefined;
}
