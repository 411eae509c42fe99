using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Tests.Support;

/// <summary>Records the steps of job runs and, when armed, crashes a run after a chosen step.</summary>
public sealed class TestRunObserver : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly List<(JobName Job, Period Period, string Step)> _steps = [];
    private Func<JobName, Period, string, bool>? _failAfter;

    public IReadOnlyList<(JobName Job, Period Period, string Step)> Steps
    {
        get
        {
            lock (_gate)
                return _steps.ToList();
        }
    }

    /// <summary>The next steps matching <paramref name="when"/> throw, as a crash half-way through a run would.</summary>
    public void FailAfter(Func<JobName, Period, string, bool> when)
    {
        lock (_gate)
            _failAfter = when;
    }

    public void Heal()
    {
        lock (_gate)
            _failAfter = null;
    }

    /// <summary>
    /// The next step matching <paramref name="when"/> freezes its run, inside its transaction, as a
    /// process that stops responding would, until <see cref="Release"/>; <see cref="Frozen"/> completes then.
    /// </summary>
    public void FreezeAfter(Func<JobName, Period, string, bool> when)
    {
        lock (_gate)
            _freezeAfter = when;
    }

    /// <summary>A frozen run resumes by crashing (its work is lost either way).</summary>
    public void Release() => _release.TrySetResult();

    public Task Frozen => _frozen.Task;

    private Func<JobName, Period, string, bool>? _freezeAfter;
    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask StepCompletedAsync(JobName job, Period period, string step, CancellationToken ct)
    {
        Func<JobName, Period, string, bool>? fail;
        var freeze = false;
        lock (_gate)
        {
            _steps.Add((job, period, step));
            fail = _failAfter;
            if (_freezeAfter is not null && _freezeAfter(job, period, step))
            {
                _freezeAfter = null;
                freeze = true;
            }
        }
        if (freeze)
        {
            _frozen.TrySetResult();
            await _release.Task;
            throw new SimulatedCrashException($"Frozen run after {job} {period} {step} resumed");
        }
        if (fail is not null && fail(job, period, step))
            throw new SimulatedCrashException($"Simulated crash after {job} {period} {step}");
    }
}

public sealed class SimulatedCrashException(string message) : Exception(message);
