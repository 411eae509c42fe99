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

    public ValueTask StepCompletedAsync(JobName job, Period period, string step, CancellationToken ct)
    {
        Func<JobName, Period, string, bool>? fail;
        lock (_gate)
        {
            _steps.Add((job, period, step));
            fail = _failAfter;
        }
        if (fail is not null && fail(job, period, step))
            throw new SimulatedCrashException($"Simulated crash after {job} {period} {step}");
        return ValueTask.CompletedTask;
    }
}

public sealed class SimulatedCrashException(string message) : Exception(message);
