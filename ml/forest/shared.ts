/**
 * Large SharedArrayBuffers for one call (binned codes, prediction rows and output) handed back
 * when the call is over and reused by the next call of the same size, if the garbage collector
 * has not freed them yet (weak references: this never keeps memory alive). Shared buffers that
 * outlive their call are only reclaimed by a full collection of every isolate that saw them,
 * which can come late: without reuse, repeated calls in one process (the benchmark runs three)
 * piled up ~100 MB of dead buffers per call. A reused buffer keeps its old contents.
 */
const spare: WeakRef<SharedArrayBuffer>[] = [];
const MAX_SPARE = 8;

export function takeShared(bytes: number): SharedArrayBuffer {
  for (let i = spare.length - 1; i >= 0; i--) {
    const b = spare[i]!.deref();
    if (b === undefined) {
      spare.splice(i, 1);
    } else if (b.byteLength === bytes) {
      spare.splice(i, 1);
      return b;
    }
  }
  return new SharedArrayBuffer(bytes);
}

/** The caller must not use `buffer` any more, nor any thread it was shared with. */
export function giveBackShared(buffer: SharedArrayBuffer): void {
  spare.push(new WeakRef(buffer));
  if (spare.length > MAX_SPARE) spare.shift();
}
