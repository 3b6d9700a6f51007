// `tf.nn.*`: neural-network ops, imported as a namespace (`tf.nn.relu`).
export { relu, reluGrad } from './relu.js';
export { softmax } from './softmax.js';
export { softmaxCrossEntropyWithLogits } from './softmax-cross-entropy.js';
