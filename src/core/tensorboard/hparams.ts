// The hparams plugin's summaries (tensorboard/plugins/hparams/plugin_data.proto and api.proto):
//   HParamsPluginData { int32 version = 1; oneof data { Experiment experiment = 2;
//                       SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; } }
//   Experiment        { string description = 1; string user = 2; double time_created_secs = 3;
//                       repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; string name = 6; }
//   HParamInfo        { string name = 1; string display_name = 2; string description = 3; DataType type = 4;
//                       oneof domain { google.protobuf.ListValue domain_discrete = 5; Interval domain_interval = 6; } }
//   Interval          { double min_value = 1; double max_value = 2; }
//   MetricInfo        { MetricName name = 1 { string group = 1; string tag = 2; }; string display_name = 3;
//                       string description = 4; DatasetType dataset_type = 5; }
//   SessionStartInfo  { map<string, google.protobuf.Value> hparams = 1; string model_uri = 2; string monitor_url = 3;
//                       string group_name = 4; double start_time_secs = 5; }
//   SessionEndInfo    { Status status = 1; double end_time_secs = 2; }
//   google.protobuf.Value { oneof kind { double number_value = 2; string string_value = 3; bool bool_value = 4; } }
//   google.protobuf.ListValue { repeated Value values = 1; }
// Each goes in a Summary.Value of a fixed tag, with an empty DT_FLOAT tensor (shape [0], the
// plugin's NULL_TENSOR) and the serialized HParamsPluginData as plugin content — as hparams.summary does.
import { ProtoWriter } from './protoWriter';
import { DataType as TensorDataType, encodeSummaryValue, encodeTensor } from './summaryValue';

export const HPARAMS_PLUGIN = 'hparams';
export const EXPERIMENT_TAG = '_hparams_/experiment';
export const SESSION_START_INFO_TAG = '_hparams_/session_start_info';
export const SESSION_END_INFO_TAG = '_hparams_/session_end_info';

export type HParamValue = string | number | boolean;

/** api.proto DataType. */
const HParamType = { string: 1, bool: 2, float64: 3 } as const;
/** api.proto Status. */
export const SessionStatus = { unknown: 0, success: 1, failure: 2, running: 3 } as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];
/** api.proto DatasetType. */
const DatasetType = { unknown: 0, training: 1, validation: 2 } as const;

export interface HParamInfo {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly type: keyof typeof HParamType;
  /** The values it may take: a list, or a closed interval of numbers; none for free text or unbounded numbers. */
  readonly domain?:
    | { readonly discrete: readonly HParamValue[] }
    | { readonly interval: { readonly min: number; readonly max: number } };
}

export interface MetricInfo {
  /** The run below the session's run that holds the scalar ('' for the session's own run, 'validation', …). */
  readonly group: string;
  readonly tag: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly datasetType?: keyof typeof DatasetType;
}

export interface Experiment {
  readonly name?: string;
  readonly description?: string;
  readonly user?: string;
  readonly timeCreatedSecs?: number;
  readonly hparams: readonly HParamInfo[];
  readonly metrics: readonly MetricInfo[];
}

export interface SessionStart {
  readonly hparams: Readonly<Record<string, HParamValue>>;
  readonly modelUri?: string;
  readonly groupName?: string;
  readonly startTimeSecs: number;
}

export interface SessionEnd {
  readonly status: SessionStatus;
  readonly endTimeSecs: number;
}

/** google.protobuf.Value: the kind is a oneof, so a 0, false or '' is written too. */
export function encodeStructValue(value: HParamValue): Uint8Array {
  const writer = new ProtoWriter();
  if (typeof value === 'number') writer.doubleField(2, value);
  else if (typeof value === 'string') writer.stringField(3, value);
  else writer.varintField(4, value);
  return writer.finish();
}

function encodeHParamInfo(info: HParamInfo): Uint8Array {
  const writer = new ProtoWriter();
  writer.stringField(1, info.name);
  if (info.displayName) writer.stringField(2, info.displayName);
  if (info.description) writer.stringField(3, info.description);
  writer.varintField(4, HParamType[info.type]);
  if (info.domain && 'discrete' in info.domain) {
    const list = new ProtoWriter();
    for (const value of info.domain.discrete) list.messageField(1, encodeStructValue(value));
    writer.messageField(5, list.finish());
  } else if (info.domain) {
    const interval = new ProtoWriter();
    if (info.domain.interval.min !== 0) interval.doubleField(1, info.domain.interval.min);
    if (info.domain.interval.max !== 0) interval.doubleField(2, info.domain.interval.max);
    writer.messageField(6, interval.finish());
  }
  return writer.finish();
}

function encodeMetricInfo(info: MetricInfo): Uint8Array {
  const name = new ProtoWriter();
  if (info.group) name.stringField(1, info.group);
  name.stringField(2, info.tag);
  const writer = new ProtoWriter();
  writer.messageField(1, name.finish());
  if (info.displayName) writer.stringField(3, info.displayName);
  if (info.description) writer.stringField(4, info.description);
  if (info.datasetType && DatasetType[info.datasetType]) writer.varintField(5, DatasetType[info.datasetType]);
  return writer.finish();
}

export function encodeExperiment(experiment: Experiment): Uint8Array {
  const writer = new ProtoWriter();
  if (experiment.description) writer.stringField(1, experiment.description);
  if (experiment.user) writer.stringField(2, experiment.user);
  if (experiment.timeCreatedSecs) writer.doubleField(3, experiment.timeCreatedSecs);
  for (const info of experiment.hparams) writer.messageField(4, encodeHParamInfo(info));
  for (const info of experiment.metrics) writer.messageField(5, encodeMetricInfo(info));
  if (experiment.name) writer.stringField(6, experiment.name);
  return writer.finish();
}

export function encodeSessionStart(start: SessionStart): Uint8Array {
  const writer = new ProtoWriter();
  // map<string, Value>: a repeated entry message { string key = 1; Value value = 2; }.
  for (const [key, value] of Object.entries(start.hparams)) {
    writer.messageField(1, new ProtoWriter().stringField(1, key).messageField(2, encodeStructValue(value)).finish());
  }
  if (start.modelUri) writer.stringField(2, start.modelUri);
  if (start.groupName) writer.stringField(4, start.groupName);
  if (start.startTimeSecs) writer.doubleField(5, start.startTimeSecs);
  return writer.finish();
}

export function encodeSessionEnd(end: SessionEnd): Uint8Array {
  const writer = new ProtoWriter();
  if (end.status) writer.varintField(1, end.status);
  if (end.endTimeSecs) writer.doubleField(2, end.endTimeSecs);
  return writer.finish();
}

/** HParamsPluginData with one member of `data` set; version 0 (the only one the plugin reads) is the proto3 default. */
function pluginData(field: 2 | 3 | 4, message: Uint8Array): Uint8Array {
  return new ProtoWriter().messageField(field, message).finish();
}

/** tensor_util.make_tensor_proto([], DT_FLOAT, shape=(0,)): the smallest valid tensor. */
const NULL_TENSOR = encodeTensor({ dtype: TensorDataType.float, shape: [0] });

function hparamsValue(tag: string, content: Uint8Array): Uint8Array {
  return encodeSummaryValue(tag, { tensor: NULL_TENSOR }, { pluginName: HPARAMS_PLUGIN, content });
}

export const experimentValue = (experiment: Experiment): Uint8Array =>
  hparamsValue(EXPERIMENT_TAG, pluginData(2, encodeExperiment(experiment)));
export const sessionStartValue = (start: SessionStart): Uint8Array =>
  hparamsValue(SESSION_START_INFO_TAG, pluginData(3, encodeSessionStart(start)));
export const sessionEndValue = (end: SessionEnd): Uint8Array =>
  hparamsValue(SESSION_END_INFO_TAG, pluginData(4, encodeSessionEnd(end)));
