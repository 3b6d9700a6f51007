import type { NDArray } from '@tf/graph';
import { AssertionFailure } from './assert-close.js';

/**
 * Whether a device value agrees with the reference value within `allowed`. NaN agrees only with
 * NaN and an infinity only with the same infinity, whatever `allowed` is: §6 E requires NaN and
 * ±Inf positions to be identical across backends.
 */
export function valuesAgree(device: number, reference: number, allowed: number): boolean {
  if (Number.isNaN(device) || Number.isNaN(reference)) return Number.isNaN(device) && Number.isNaN(reference);
  if (!Number.isFinite(device) || !Number.isFinite(reference)) return device === reference;
  return Math.abs(device - reference) <= allowed;
}

/**
 * Asserts that `device` matches `reference` in dtype and shape and that element `i` agrees within
 * `allowed(i)`; int32 and bool must be equal whatever `allowed` says. The failure names the first
 * disagreeing element, its bound, and how many elements disagree.
 */
export function assertAgreement(device: NDArray, reference: NDArray, allowed: (index: number) => number, label: string): void {
  if (device.dtype !== reference.dtype)
    throw new AssertionFailure(`${label}: dtype ${device.dtype} on the device, ${reference.dtype} on the reference`);
  if (device.shape.join(',') !== reference.shape.join(',')) {
    throw new AssertionFailure(`${label}: shape [${device.shape}] on the device, [${reference.shape}] on the reference`);
  }
  const exact = device.dtype === 'int32' || device.dtype === 'bool';
  let first = -1;
  let count = 0;
  for (let i = 0; i < reference.size; i++) {
    const a = Number(device.data[i]);
    const e = Number(reference.data[i]);
    if (exact ? a === e : valuesAgree(a, e, allowed(i))) continue;
    if (first < 0) first = i;
    count++;
  }
  if (first < 0) return;
  const a = Number(device.data[first]);
  const e = Number(reference.data[first]);
  const bound = exact ? 'exact' : `allowed |Δ| ≤ ${allowed(first)}`;
  throw new AssertionFailure(
    `${label}: ${count} of ${reference.size} elements disagree; first at flat index ${first}: ` +
      `device ${a}, reference ${e} (|Δ| ${Math.abs(a - e)}, ${bound}) in ${reference.dtype} [${reference.shape}]`,
  );
}
