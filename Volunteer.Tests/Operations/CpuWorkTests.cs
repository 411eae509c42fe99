using Volunteer.Infrastructure.Common;

namespace Volunteer.Tests.Operations;

/// <summary>
/// <see cref="CpuWork"/>: work started on a thread of its own (as the runtime's socket threads are) runs on the thread
/// pool; started on a pool thread it runs there at once; its answer, its exception and a cancellation reach the caller.
/// </summary>
public sealed class CpuWorkTests
{
    /// <summary>Starts <paramref name="start"/> on a dedicated thread, as a continuation after a socket read starts on
    /// an epoll thread, and hands back the task it returned.</summary>
    private static Task<T> FromDedicatedThread<T>(Func<Task<T>> start)
    {
        Task<T>? task = null;
        var thread = new Thread(() => task = start()) { IsBackground = true, Name = "not-the-pool" };
        thread.Start();
        thread.Join();
        return task!;
    }

    [Fact]
    public async Task Work_started_off_the_pool_runs_on_a_pool_thread_and_its_answer_comes_back()
    {
        var startedOnPool = true;
        var ranOnPool = false;
        var answer = await FromDedicatedThread(() =>
        {
            startedOnPool = Thread.CurrentThread.IsThreadPoolThread;
            return CpuWork.RunAsync(() =>
            {
                ranOnPool = Thread.CurrentThread.IsThreadPoolThread;
                return 6 * 7;
            }, TestContext.Current.CancellationToken);
        });

        Assert.False(startedOnPool);
        Assert.True(ranOnPool);
        Assert.Equal(42, answer);
    }

    [Fact]
    public async Task Work_started_on_a_pool_thread_runs_on_that_thread_without_a_hop()
    {
        var (caller, worker) = await Task.Run(async () =>
        {
            var caller = Environment.CurrentManagedThreadId;
            var task = CpuWork.RunAsync(() => Environment.CurrentManagedThreadId, TestContext.Current.CancellationToken);
            Assert.True(task.IsCompleted); // ran synchronously: nothing was queued
            return (caller, await task);
        }, TestContext.Current.CancellationToken);

        Assert.Equal(caller, worker);
    }

    [Fact]
    public async Task The_works_exception_reaches_the_caller_unwrapped_from_either_kind_of_thread()
    {
        var failure = new InvalidOperationException("照片无法解码");

        var offPool = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            FromDedicatedThread(() => CpuWork.RunAsync<int>(() => throw failure, TestContext.Current.CancellationToken)));
        var onPool = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Task.Run(() => CpuWork.RunAsync<int>(() => throw failure, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken));

        Assert.Same(failure, offPool);
        Assert.Same(failure, onPool);
    }

    [Fact]
    public async Task Cancelled_work_does_not_run_and_the_task_ends_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var ran = 0;

        var offPool = FromDedicatedThread(() => CpuWork.RunAsync(() => Interlocked.Increment(ref ran), cancelled.Token));
        var onPool = Task.Run(() => CpuWork.RunAsync(() => Interlocked.Increment(ref ran), cancelled.Token), TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => offPool);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => onPool);
        Assert.True(offPool.IsCanceled);
        Assert.True(onPool.IsCanceled);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task After_leaving_a_socket_thread_the_method_goes_on_on_a_pool_thread()
    {
        var after = await FromDedicatedThread(async () =>
        {
            await CpuWork.LeaveSocketThread();
            return Thread.CurrentThread.IsThreadPoolThread;
        });

        Assert.True(after);
    }
}
