import COpenBLAS

/// The number of threads OpenBLAS uses for BLAS and LAPACK calls.
///
/// **Process-global.** The setting applies to every BLAS/LAPACK call in the process, from every
/// thread and every caller, until changed again; it is the one piece of global state in the
/// numeric stack. Set it once at start-up (the CLI does, e.g. from `--threads`), not per call,
/// and never from library code. Default: OpenBLAS's own choice (`OPENBLAS_NUM_THREADS`, else the
/// number of cores). Results can differ in the last bits between thread counts, because blocked
/// reductions are summed in a different order.
public enum BLASThreads {
  /// Sets the OpenBLAS thread count (`openblas_set_num_threads`); `n` must be ≥ 1.
  public static func set(_ n: Int) {
    precondition(n >= 1 && n <= Int(Int32.max), "BLASThreads.set: \(n) threads; at least 1 is required")
    openblas_set_num_threads(Int32(n))
  }

  /// Stops OpenBLAS's worker threads (`blas_thread_shutdown_`, the routine its fork handler
  /// calls). With one BLAS thread they have nothing to do, yet they spin in `sched_yield`
  /// for about 2^28 cycles after start-up: 0.1 s of a second core in every short process
  /// (measured with `perf` on `trustmetrics reliability … --threads 1`: 17–21 % of all
  /// samples). A later threaded call or `set` starts them again. **Single-threaded callers
  /// only:** call it at start-up, when no BLAS call can be running on another thread (the
  /// CLI does at start-up and again after `set(1)`, which starts them); never from library code.
  public static func releaseWorkers() {
    _ = blas_thread_shutdown_()
  }

  /// The current OpenBLAS thread count (`openblas_get_num_threads`).
  public static var current: Int { Int(openblas_get_num_threads()) }
}
