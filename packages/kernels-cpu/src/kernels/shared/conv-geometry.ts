import { windowGeometry, type ConvAttrs, type WindowGeometry } from '@tf/graph/backend';
import type { CpuCall } from './types.js';

// Shared by conv2d.ts and depthwise-conv2d.ts: both read the same window attrs.

/** The window geometry of a convolution call over an input and a filter of these shapes. */
export function geometryOf(call: CpuCall<ConvAttrs>, inputShape: readonly number[], filterShape: readonly number[]): WindowGeometry {
  const { attrs } = call;
  return windowGeometry(inputShape, filterShape[0] ?? 1, filterShape[1] ?? 1, attrs.strides, attrs.dilations, attrs.padding);
}
