import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../src/training/tf.js';
import { deleteWorkspaces, freshWorkspace, toyRecords } from './helpers.js';

afterAll(deleteWorkspaces);

// WebGPU here is SwiftShader (software): small sizes only. A forced backend is honoured even
// though `auto` would not pick a software adapter.
describe('WebGPU backend', () => {
  it('trains and predicts when forced', async () => {
    const ws = await freshWorkspace({ backend: 'webgpu' });
    const ds = await ws.datasets.create({ name: 'toy', labels: ['sports', 'cooking'] });
    await ws.datasets.addRecords(ds.id, toyRecords(8));
    const run = await ws.train({ datasetId: ds.id, backbone: 'glove-100d', params: { num_train_epochs: 8 } });
    expect(tf.getBackend()).toBe('webgpu');
    expect(run.params.backend).toBe('webgpu');
    expect(run.status).toBe('FINISHED');
    const clf = await ws.classifier(run.id);
    expect((await clf.predict('the striker scored a goal')).label).toBe('sports');
    clf.dispose();
  });
});
