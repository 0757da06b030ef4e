/**
 * Writes the static embedding model as ONNX: an int8 embedding table with one float scale per
 * row, dequantised in the graph.
 *
 *   q      = Gather(table_int8 [V, D], input_ids [B, S])      → int8  [B, S, D]
 *   s      = Gather(row_scale  [V, 1], input_ids)             → float [B, S, 1]
 *   last_hidden_state = Mul(Cast<float>(q), s)                → float [B, S, D]
 *
 * attention_mask and token_type_ids are declared as inputs (transformers.js feeds them) but not
 * used: mean pooling with the mask happens in transformers.js.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// onnx-proto is CommonJS; its generated classes encode ModelProto with protobufjs.
const { onnx } = require('onnx-proto') as typeof import('onnx-proto');

export interface QuantTable {
  vocabSize: number;
  dim: number;
  /** Row-major int8 values, vocabSize × dim. */
  values: Int8Array;
  /** One dequantisation scale per row. */
  scales: Float32Array;
}

/** Symmetric per-row int8 quantisation: value ≈ q * scale with q in [-127, 127]. */
export function quantizeRows(table: Float32Array, vocabSize: number, dim: number): QuantTable {
  const values = new Int8Array(vocabSize * dim);
  const scales = new Float32Array(vocabSize);
  for (let r = 0; r < vocabSize; r++) {
    let max = 0;
    for (let c = 0; c < dim; c++) max = Math.max(max, Math.abs(table[r * dim + c]!));
    const scale = max > 0 ? max / 127 : 0;
    scales[r] = scale;
    if (scale === 0) continue;
    for (let c = 0; c < dim; c++) values[r * dim + c] = Math.round(table[r * dim + c]! / scale);
  }
  return { vocabSize, dim, values, scales };
}

export function dequantize(q: QuantTable): Float32Array {
  const out = new Float32Array(q.vocabSize * q.dim);
  for (let r = 0; r < q.vocabSize; r++) {
    const s = q.scales[r]!;
    for (let c = 0; c < q.dim; c++) out[r * q.dim + c] = q.values[r * q.dim + c]! * s;
  }
  return out;
}

function dimsOf(names: Array<string | number>) {
  return names.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
}

function valueInfo(name: string, elemType: number, dims: Array<string | number>) {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dimsOf(dims) } } },
  };
}

export function buildOnnx(q: QuantTable, docString: string): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const table = {
    name: 'embedding_table_int8',
    dataType: T.INT8,
    dims: [q.vocabSize, q.dim],
    rawData: new Uint8Array(q.values.buffer, q.values.byteOffset, q.values.byteLength),
  };
  const scales = {
    name: 'embedding_row_scale',
    dataType: T.FLOAT,
    dims: [q.vocabSize, 1],
    rawData: new Uint8Array(q.scales.buffer, q.scales.byteOffset, q.scales.byteLength),
  };
  const graph = {
    name: 'static_embedding',
    node: [
      { opType: 'Gather', input: ['embedding_table_int8', 'input_ids'], output: ['gathered_int8'], name: 'gather_table', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Cast', input: ['gathered_int8'], output: ['gathered_float'], name: 'dequant_cast', attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: T.FLOAT }] },
      { opType: 'Gather', input: ['embedding_row_scale', 'input_ids'], output: ['gathered_scale'], name: 'gather_scale', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Mul', input: ['gathered_float', 'gathered_scale'], output: ['last_hidden_state'], name: 'dequant_mul' },
    ],
    initializer: [table, scales],
    input: [
      valueInfo('input_ids', T.INT64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', T.INT64, ['batch_size', 'sequence_length']),
      valueInfo('token_type_ids', T.INT64, ['batch_size', 'sequence_length']),
    ],
    output: [valueInfo('last_hidden_state', T.FLOAT, ['batch_size', 'sequence_length', q.dim])],
  };
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'dialogkunskap scripts/model/train.ts',
    producerVersion: '1',
    docString,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
