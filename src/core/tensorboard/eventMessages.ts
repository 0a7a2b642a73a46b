// Hand-encoded TensorBoard messages (tensorboard/compat/proto/event.proto and summary.proto):
//   Event   { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
//   Summary { repeated Value value = 1; }
//   Value   { string tag = 1; oneof value { float simple_value = 2; } }
// simple_value (the TF1 form) is enough: TensorBoard's data_compat.migrate_value turns it into a
// scalar-plugin tensor on load, so the SCALARS dashboard shows it without SummaryMetadata.
// Other plugins' values (images, histograms, PR curves, hparams) come encoded from summaryValue.ts.
import { ProtoWriter } from './protoWriter';

/** What every event file starts with; TensorBoard checks the "brain.Event:" prefix. */
export const FILE_VERSION = 'brain.Event:2';

export interface ScalarValue {
  readonly tag: string;
  /** Stored as float32, like every TensorBoard scalar. */
  readonly value: number;
}

export type EventBody =
  | { readonly fileVersion: string }
  | { readonly scalars: readonly ScalarValue[] }
  /** Summary.Value messages, already encoded (summaryValue.ts). */
  | { readonly values: readonly Uint8Array[] };

export type EventMessage = EventBody & {
  /** Seconds since the Unix epoch, fractional. */
  readonly wallTime: number;
  readonly step: number | bigint;
};

export function encodeEvent(event: EventMessage): Uint8Array {
  const writer = new ProtoWriter();
  // proto3 omits defaults; oneof members are written even when zero (that is how presence is carried).
  if (event.wallTime !== 0) writer.doubleField(1, event.wallTime);
  if (event.step !== 0 && event.step !== 0n) writer.int64Field(2, event.step);
  if ('fileVersion' in event) writer.stringField(3, event.fileVersion);
  else if ('values' in event) writer.messageField(5, encodeSummaryOfValues(event.values));
  else writer.messageField(5, encodeSummary(event.scalars));
  return writer.finish();
}

export function encodeSummary(scalars: readonly ScalarValue[]): Uint8Array {
  const writer = new ProtoWriter();
  for (const scalar of scalars) writer.messageField(1, encodeScalarValue(scalar));
  return writer.finish();
}

export function encodeSummaryOfValues(values: readonly Uint8Array[]): Uint8Array {
  const writer = new ProtoWriter();
  for (const value of values) writer.messageField(1, value);
  return writer.finish();
}

function encodeScalarValue(scalar: ScalarValue): Uint8Array {
  const writer = new ProtoWriter();
  if (scalar.tag !== '') writer.stringField(1, scalar.tag);
  // Always written, 0 included: without it the oneof is unset and TensorBoard ignores the value.
  writer.floatField(2, scalar.value);
  return writer.finish();
}
