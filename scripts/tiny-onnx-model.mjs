// Writes a tiny Transformers.js feature-extraction model folder (config.json, tokenizer.json,
// tokenizer_config.json, onnx/model.onnx) for tests: a word-level tokenizer and an ONNX graph
// whose last_hidden_state is a Gather of an embedding table (optionally scaled), so pooled
// vectors can be computed by hand. The ONNX protobuf is encoded with protobufjs from a minimal
// schema (field numbers of onnx.proto).
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
        NodeProto: { fields: { input: { rule: 'repeated', type: 'string', id: 1 }, output: { rule: 'repeated', type: 'string', id: 2 }, name: { type: 'string', id: 3 }, opType: { type: 'string', id: 4 } } },
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
