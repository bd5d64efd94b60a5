// A minimal WASI preview 1 for plugins built for `wasm32-wasip1`: output on
// stdout and stderr to callbacks, the clocks, random bytes, an empty
// environment and argument list; every other function answers ENOSYS.
// Every address a plugin passes is checked: a bad one answers EFAULT.

/** The import module of WASI preview 1. */
export const WASI_MODULE = "wasi_snapshot_preview1";

/** Where a plugin's output goes (by default: the console). */
export interface WasiOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const SUCCESS = 0;
const EBADF = 8;
const EFAULT = 21;
const EINVAL = 28;
const ENOSYS = 52;

/** The functions of the shim, by name; `"*"` answers any other. */
export function wasi(options: WasiOptions, memory: () => Uint8Array): { [name: string]: (...args: never[]) => number } {
  const out = [options.stdout ?? ((t: string) => console.log(t.replace(/\n$/, ""))),
    options.stderr ?? ((t: string) => console.error(t.replace(/\n$/, "")))];
  // One streaming decoder per stream: a character split between writes is kept.
  const decoders = [new TextDecoder(), new TextDecoder()];
  const view = (): DataView => {
    const bytes = memory();
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const fits = (ptr: number, len: number): boolean => ptr >= 0 && len >= 0 && ptr + len <= memory().length;
  const put32 = (ptr: number, value: number): number => {
    if (!fits(ptr, 4)) return EFAULT;
    view().setUint32(ptr, value, true);
    return SUCCESS;
  };
  return {
    fd_write: (fd: number, iovs: number, count: number, written: number): number => {
      const sink = fd === 1 || fd === 2 ? out[fd - 1] : undefined;
      const decoder = decoders[fd - 1];
      if (!sink || !decoder) return EBADF;
      if (count < 0 || count > 1024 || !fits(iovs, count * 8)) return EFAULT;
      let total = 0;
      let text = "";
      for (let i = 0; i < count; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true);
        const len = view().getUint32(iovs + 8 * i + 4, true);
        if (!fits(ptr, len)) return EFAULT;
        text += decoder.decode(memory().subarray(ptr, ptr + len), { stream: true });
        total += len;
      }
      if (text) sink(text);
      return put32(written, total);
    },
    random_get: (buf: number, len: number): number => {
      if (!fits(buf, len)) return EFAULT;
      for (let at = 0; at < len; at += 65536) {
        globalThis.crypto.getRandomValues(memory().subarray(buf + at, buf + Math.min(len, at + 65536)));
      }
      return SUCCESS;
    },
    clock_time_get: (id: number, _precision: bigint, time: number): number => {
      if (!fits(time, 8)) return EFAULT;
      const nanos = id === 0 ? BigInt(Date.now()) * 1_000_000n : id === 1 ? BigInt(Math.round(performance.now() * 1e6)) : null;
      if (nanos === null) return EINVAL;
      view().setBigUint64(time, nanos, true);
      return SUCCESS;
    },
    environ_sizes_get: (count: number, size: number): number => put32(count, 0) || put32(size, 0),
    args_sizes_get: (count: number, size: number): number => put32(count, 0) || put32(size, 0),
    environ_get: (): number => SUCCESS,
    args_get: (): number => SUCCESS,
    sched_yield: (): number => SUCCESS,
    proc_exit: (code: number): number => {
      throw new Error(`the plugin exited with status ${code} (proc_exit)`);
    },
    "*": (): number => ENOSYS,
  };
}
