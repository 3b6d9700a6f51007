// The WebGPU backend lands with the WebGPU issue; nothing is exported until its kernels are real.
export {};
