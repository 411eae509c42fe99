namespace Volunteer.Tests.Support;

/// <summary>A clock tests can move: to a month's end, past a task's end, past a code's window.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start.ToUniversalTime();

    public TestClock() : this(DateTimeOffset.UtcNow) { }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
            _now += by;
    }

    public void Set(DateTimeOffset now)
    {
        lock (_gate)
            _now = now.ToUniversalTime();
    }
}
