// Summary.Value, SummaryMetadata (tensorboard/compat/proto/summary.proto) and TensorProto
// (tensor.proto, tensor_shape.proto, types.proto): the pieces every plugin's summary is made of.
//   Value           { string tag = 1; SummaryMetadata metadata = 9;
//                     oneof value { float simple_value = 2; Image image = 4; HistogramProto histo = 5;
//                                   TensorProto tensor = 8; } }
//   SummaryMetadata { PluginData plugin_data = 1 { string plugin_name = 1; bytes content = 2; }
//                     string display_name = 2; string summary_description = 3; DataClass data_class = 4; }
//   TensorProto     { DataType dtype = 1;
//                     TensorShapeProto tensor_shape = 2 { repeated Dim dim = 2 { int64 size = 1; } };
//                     bytes tensor_content = 4; }
// Fields go out in field-number order, the canonical encoding protobufjs and TensorFlow produce.
import { ProtoWriter } from './protoWriter';

/** types.proto DataType, the members we write. */
export const DataType = { float: 1, double: 2, string: 7 } as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** summary.proto DataClass. */
export const DataClass = { unknown: 0, scalar: 1, tensor: 2, blobSequence: 3 } as const;
export type DataClass = (typeof DataClass)[keyof typeof DataClass];

export interface SummaryMetadataFields {
  readonly pluginName?: string;
  /** The plugin's own serialized message (PrCurvePluginData, HParamsPluginData, …). */
  readonly content?: Uint8Array;
  readonly displayName?: string;
  /** Markdown, shown under the chart or image. */
  readonly description?: string;
  readonly dataClass?: DataClass;
}

export function encodeSummaryMetadata(metadata: SummaryMetadataFields): Uint8Array {
  const writer = new ProtoWriter();
  if (metadata.pluginName !== undefined || metadata.content !== undefined) {
    const pluginData = new ProtoWriter();
    if (metadata.pluginName) pluginData.stringField(1, metadata.pluginName);
    if (metadata.content?.length) pluginData.bytesField(2, metadata.content);
    writer.messageField(1, pluginData.finish());
  }
  if (metadata.displayName) writer.stringField(2, metadata.displayName);
  if (metadata.description) writer.stringField(3, metadata.description);
  if (metadata.dataClass) writer.varintField(4, metadata.dataClass);
  return writer.finish();
}

export interface TensorFields {
  readonly dtype: DataType;
  readonly shape: readonly number[];
  /** The values as raw little-endian bytes, row-major (tensor_content). */
  readonly content?: Uint8Array;
}

export function encodeTensor(tensor: TensorFields): Uint8Array {
  const writer = new ProtoWriter();
  writer.varintField(1, tensor.dtype);
  const shape = new ProtoWriter();
  for (const size of tensor.shape) {
    if (!Number.isSafeInteger(size) || size < 0)
      throw new RangeError(`tensor dimension must be a non-negative integer, got ${size}`);
    const dim = new ProtoWriter();
    if (size !== 0) dim.int64Field(1, size);
    shape.messageField(2, dim.finish());
  }
  writer.messageField(2, shape.finish());
  if (tensor.content?.length) writer.bytesField(4, tensor.content);
  return writer.finish();
}

/** float32 little-endian bytes, TensorFlow's tensor_content layout for DT_FLOAT. */
export function float32Content(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/**
 * What a value holds: the member of Summary.Value's `value` oneof, already encoded where it is a
 * message (Summary.Image, HistogramProto, TensorProto).
 */
export type ValuePayload =
  | { readonly simpleValue: number }
  | { readonly image: Uint8Array }
  | { readonly histo: Uint8Array }
  | { readonly tensor: Uint8Array };

/** One encoded Summary.Value; an event's summary is a list of these. */
export function encodeSummaryValue(tag: string, payload: ValuePayload, metadata?: SummaryMetadataFields): Uint8Array {
  if (typeof tag !== 'string' || tag === '') throw new TypeError('a summary value needs a non-empty tag');
  const writer = new ProtoWriter();
  writer.stringField(1, tag);
  // oneof members are written even when zero or empty: that is how protobuf carries which one is set.
  if ('simpleValue' in payload) writer.floatField(2, payload.simpleValue);
  else if ('image' in payload) writer.messageField(4, payload.image);
  else if ('histo' in payload) writer.messageField(5, payload.histo);
  else writer.messageField(8, payload.tensor);
  if (metadata) writer.messageField(9, encodeSummaryMetadata(metadata));
  return writer.finish();
}
