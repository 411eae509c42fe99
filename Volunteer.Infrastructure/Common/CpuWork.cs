using System.Runtime.CompilerServices;

namespace Volunteer.Infrastructure.Common;

/// <summary>
/// Runs a stretch of work that is long on the CPU (or blocks) on the thread pool, never on the runtime's socket
/// (epoll) threads. With socket scheduling on (<c>Http:Sockets:*</c>, the default on PostgreSQL; README, "Offload and
/// socket scheduling, seventh pass") a request continues after each awaited socket read — Kestrel's or Npgsql's — on
/// the epoll thread that completed the read, and that thread serves hundreds of other connections: a password hashed
/// there (PBKDF2, tens of milliseconds), a photo scaled or a workbook zipped would hold up every one of them.
/// <para>
/// Where the caller already runs on a thread-pool thread (socket scheduling off, SQLite, a background job on the
/// pool, a test) the work runs at once on that thread: no hop, no queueing. The epoll threads and Hangfire's workers
/// are threads of their own, not the pool's, so from there the work is queued to the pool and the caller's
/// continuation stays there until its next socket read.
/// </para>
/// </summary>
public static class CpuWork
{
    /// <summary>Runs <paramref name="work"/> on a thread-pool thread (this one if it is one); its exception or the
    /// token's cancellation (checked when the work would start) ends the returned task.</summary>
    public static async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct = default)
    {
        await LeaveSocketThread();
        ct.ThrowIfCancellationRequested();
        return work();
    }

    /// <summary>
    /// <c>await CpuWork.LeaveSocketThread()</c>: the rest of the method runs on a thread-pool thread — this one when it
    /// already is one, else the continuation is queued to the pool (like <c>Task.Yield</c> without a synchronization
    /// context, but never to another scheduler and never when it is not needed).
    /// </summary>
    public static ThreadPoolHop LeaveSocketThread() => default;

    public static bool OnThreadPool => Thread.CurrentThread.IsThreadPoolThread;

    public readonly struct ThreadPoolHop : ICriticalNotifyCompletion
    {
        public ThreadPoolHop GetAwaiter() => this;

        public bool IsCompleted => OnThreadPool;

        public void GetResult() { }

        public void OnCompleted(Action continuation) =>
            ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

        public void UnsafeOnCompleted(Action continuation) =>
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }
}
