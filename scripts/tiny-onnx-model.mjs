// Writes tiny Transformers.js model folders for tests, whose pooled vectors can be computed by hand:
// - text (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx): a word-level
//   tokenizer and last_hidden_state = Gather(embedding table, input_ids);
// - image (config.json, preprocessor_config.json, onnx/model.onnx): a ViT-style image processor
//   (resize, rescale, normalize) and last_hidden_state = pixels as tokens (their 3 channels) × W;
// - audio (same files): a Wav2Vec2 feature extractor (no normalization) and last_hidden_state =
//   per sample t ≥ 1 the features [x_t, x_t², (x_t − x_{t−1})²] × W.
// The ONNX protobuf is encoded with protobufjs from a minimal schema (field numbers of onnx.proto).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: { fields: { irVersion: { type: 'int64', id: 1 }, producerName: { type: 'string', id: 2 }, graph: { type: 'GraphProto', id: 7 }, opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 } } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
          },
        },
        AttributeProto: { fields: { name: { type: 'string', id: 1 }, i: { type: 'int64', id: 3 }, ints: { rule: 'repeated', type: 'int64', id: 8 }, type: { type: 'int32', id: 20 } } },
        TensorProto: { fields: { dims: { rule: 'repeated', type: 'int64', id: 1 }, dataType: { type: 'int32', id: 2 }, name: { type: 'string', id: 8 }, rawData: { type: 'bytes', id: 9 } } },
        ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
        TypeProto: { fields: { tensorType: { type: 'TensorTypeProto', id: 1 } } },
        TensorTypeProto: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
        Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
      },
    },
  },
};

const FLOAT = 1;
const INT64 = 7;
const ModelProto = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType('onnx.ModelProto');

const tensorInfo = (name, elemType, dims) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

/**
 * The ONNX bytes of the tiny model: `last_hidden_state = Gather(embeddings, input_ids)`
 * `[batch, sequence, dims]`; with `outputRank: 2` the table is the first column only, so the
 * output `[batch, sequence]` is not a hidden-state tensor.
 */
export function tinyOnnxModel(embeddings, { outputRank = 3 } = {}) {
  const vocab = embeddings.length;
  const dims = embeddings[0].length;
  const table = outputRank === 3 ? embeddings.flat() : embeddings.map((row) => row[0]);
  const model = {
    irVersion: 8,
    producerName: 'sieve-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: [{ opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], name: 'embed' }],
      initializer: [{ name: 'embeddings', dataType: FLOAT, dims: outputRank === 3 ? [vocab, dims] : [vocab], rawData: new Uint8Array(Float32Array.from(table).buffer) }],
      input: [tensorInfo('input_ids', INT64, ['batch', 'sequence']), tensorInfo('attention_mask', INT64, ['batch', 'sequence'])],
      output: [tensorInfo('last_hidden_state', FLOAT, outputRank === 3 ? ['batch', 'sequence', dims] : ['batch', 'sequence'])],
    },
  };
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Writes a model folder under `dir`/`name`: the words' embeddings are `embeddings[i]` for vocab word i. */
export function writeTinyModel(dir, name, { words, embeddings, outputRank = 3, omit = [], onnxBytes } = {}) {
  const folder = join(dir, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const vocab = Object.fromEntries(['[PAD]', '[UNK]', ...words].map((w, i) => [w, i]));
  const files = {
    'config.json': JSON.stringify({ model_type: 'bert', hidden_size: embeddings[0].length, architectures: ['BertModel'] }),
    'tokenizer_config.json': JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: 128, pad_token: '[PAD]', unk_token: '[UNK]' }),
    'tokenizer.json': JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: ['[PAD]', '[UNK]'].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      normalizer: { type: 'Lowercase' },
      pre_tokenizer: { type: 'Whitespace' },
      post_processor: null,
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
    }),
  };
  for (const [file, text] of Object.entries(files)) if (!omit.includes(file)) writeFileSync(join(folder, file), text);
  if (!omit.includes('onnx/model.onnx')) writeFileSync(join(folder, 'onnx', 'model.onnx'), onnxBytes ?? tinyOnnxModel(embeddings, { outputRank }));
  return folder;
}

const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;
const floats = (name, dims, values) => ({ name, dataType: FLOAT, dims, rawData: new Uint8Array(Float32Array.from(values).buffer) });
const int64s = (name, values) => ({ name, dataType: INT64, dims: [values.length], rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) });
const encode = (graph) => ModelProto.encode(ModelProto.fromObject({ irVersion: 8, producerName: 'sieve-tests', opsetImport: [{ domain: '', version: 17 }], graph })).finish();

/** pixel_values [batch, 3, H, W] → last_hidden_state [batch, H·W, dims]: each pixel's channels × `weights` (3 rows). */
export function tinyImageOnnx(weights) {
  const dims = weights[0].length;
  return encode({
    name: 'tiny-image',
    node: [
      { opType: 'Reshape', input: ['pixel_values', 'flat_shape'], output: ['flat'], name: 'flatten' },
      { opType: 'Transpose', input: ['flat'], output: ['pixels'], name: 'tokens', attribute: [{ name: 'perm', type: ATTRIBUTE_INTS, ints: [0, 2, 1] }] },
      { opType: 'MatMul', input: ['pixels', 'weights'], output: ['last_hidden_state'], name: 'project' },
    ],
    initializer: [int64s('flat_shape', [0, 3, -1]), floats('weights', [3, dims], weights.flat())],
    input: [tensorInfo('pixel_values', FLOAT, ['batch', 3, 'height', 'width'])],
    output: [tensorInfo('last_hidden_state', FLOAT, ['batch', 'tokens', dims])],
  });
}

/** input_values [batch, samples] → last_hidden_state [batch, samples − 1, dims]: [x_t, x_t², (x_t − x_{t−1})²] × `weights` (3 rows). */
export function tinyAudioOnnx(weights) {
  const dims = weights[0].length;
  const slice = (name, input, start, end) => ({ opType: 'Slice', input: [input, `${name}_starts`, `${name}_ends`, 'time_axis'], output: [name], name });
  return encode({
    name: 'tiny-audio',
    node: [
      { opType: 'Unsqueeze', input: ['input_values', 'channel_axis'], output: ['x'], name: 'channel' },
      slice('current', 'x'),
      slice('previous', 'x'),
      { opType: 'Sub', input: ['current', 'previous'], output: ['step'], name: 'difference' },
      { opType: 'Mul', input: ['current', 'current'], output: ['energy'], name: 'square' },
      { opType: 'Mul', input: ['step', 'step'], output: ['change'], name: 'square_step' },
      { opType: 'Concat', input: ['current', 'energy', 'change'], output: ['frames'], name: 'features', attribute: [{ name: 'axis', type: ATTRIBUTE_INT, i: 2 }] },
      { opType: 'MatMul', input: ['frames', 'weights'], output: ['last_hidden_state'], name: 'project' },
    ],
    initializer: [
      int64s('channel_axis', [2]),
      int64s('time_axis', [1]),
      int64s('current_starts', [1]),
      int64s('current_ends', [2 ** 53]),
      int64s('previous_starts', [0]),
      int64s('previous_ends', [-1]),
      floats('weights', [3, dims], weights.flat()),
    ],
    input: [tensorInfo('input_values', FLOAT, ['batch', 'samples'])],
    output: [tensorInfo('last_hidden_state', FLOAT, ['batch', 'frames', dims])],
  });
}

/** Writes an image model folder: a ViT image processor resizing to `size`×`size`, mean and std 0.5. */
export function writeTinyImageModel(dir, name, { weights, size = 8, omit = [] }) {
  const folder = join(dir, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const files = {
    'config.json': JSON.stringify({ model_type: 'vit', hidden_size: weights[0].length, architectures: ['ViTModel'] }),
    'preprocessor_config.json': JSON.stringify({
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: size, width: size },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    }),
  };
  for (const [file, text] of Object.entries(files)) if (!omit.includes(file)) writeFileSync(join(folder, file), text);
  writeFileSync(join(folder, 'onnx', 'model.onnx'), tinyImageOnnx(weights));
  return folder;
}

/** Writes an audio model folder: a Wav2Vec2 feature extractor at `samplingRate`, without normalization. */
export function writeTinyAudioModel(dir, name, { weights, samplingRate = 16000 }) {
  const folder = join(dir, name);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  writeFileSync(join(folder, 'config.json'), JSON.stringify({ model_type: 'wav2vec2', hidden_size: weights[0].length, architectures: ['Wav2Vec2Model'] }));
  writeFileSync(
    join(folder, 'preprocessor_config.json'),
    JSON.stringify({ feature_extractor_type: 'Wav2Vec2FeatureExtractor', feature_size: 1, sampling_rate: samplingRate, padding_value: 0, do_normalize: false, return_attention_mask: true }),
  );
  writeFileSync(join(folder, 'onnx', 'model.onnx'), tinyAudioOnnx(weights));
  return folder;
}
