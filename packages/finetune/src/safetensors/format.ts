/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian bytes. This file holds the
 * dtype table shared by the reader and the writer.
 */

/** safetensors dtypes this codec reads; float16/bfloat16/float64/int64 widen or narrow on read. */
export type SafetensorsDType = 'F32' | 'F16' | 'BF16' | 'F64' | 'I32' | 'I64' | 'I16' | 'I8' | 'U8' | 'BOOL';

export const BYTES: Record<SafetensorsDType, number> = {
  F32: 4, F16: 2, BF16: 2, F64: 8, I32: 4, I64: 8, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

/** Largest header this reader accepts (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface HeaderEntry { dtype: SafetensorsDType; shape: number[]; data_offsets: [number, number] }
