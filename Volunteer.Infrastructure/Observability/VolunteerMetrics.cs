using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Volunteer.Infrastructure.Observability;

/// <summary>
/// The platform's own metrics (指标), named in one place: the use cases call these methods where they
/// succeed or refuse; <c>Volunteer.Api/Http/Telemetry.cs</c> exports the meter with ASP.NET Core's,
/// the database driver's and the runtime's. Tags are small fixed sets (outcomes, error codes, job ids),
/// never ids of people or things, so no personal data reaches the metrics and their cardinality stays low.
/// Instruments that nobody listens to cost one branch.
/// </summary>
public static class VolunteerMetrics
{
    public const string MeterName = "Volunteer";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> Claims = Meter.CreateCounter<long>(
        "volunteer.claims", "{claim}", "认领任务的次数；outcome = claimed（成功）或 refused（被拒，code 为错误码）。");

    private static readonly Counter<long> Redemptions = Meter.CreateCounter<long>(
        "volunteer.redemptions", "{redemption}",
        "积分兑换的状态变化；outcome = redeemed、replayed（同一幂等键重试）、fulfilled（核销）、cancelled、expired。");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "volunteer.notification.deliveries", "{delivery}",
        "微信订阅消息投递尝试；result = sent、transient（稍后重试）、failed（微信拒绝）、skipped（reason 为原因）。");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "volunteer.job.runs", "{run}", "定时任务的执行次数；job 为任务 id，outcome = succeeded 或 failed。");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "volunteer.job.duration", "s", "定时任务每次执行的耗时。");

    private static readonly Counter<long> PeriodRuns = Meter.CreateCounter<long>(
        "volunteer.job.period_runs", "{run}",
        "月度任务对某月的执行结果；outcome = ran、alreadyCompleted、inProgress、failed。");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "volunteer.requests.refused", "{request}", "按业务规则拒绝的请求（4xx ProblemDetails）；code 为稳定的错误码。");

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>(
        "volunteer.sign_ins", "{sign-in}", "登录成功次数；kind = wechat（居民）或 password（工作人员）。");

    public static void Claimed() => Claims.Add(1, new KeyValuePair<string, object?>("outcome", "claimed"));

    public static void ClaimRefused(string code) => Claims.Add(1,
        new KeyValuePair<string, object?>("outcome", "refused"), new KeyValuePair<string, object?>("code", code));

    public static void Redemption(string outcome, int count = 1)
    {
        if (count > 0)
            Redemptions.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public static void Delivery(string result, string? reason = null)
    {
        var tags = new TagList { { "result", result } };
        if (reason is not null)
            tags.Add("reason", reason);
        Deliveries.Add(1, tags);
    }

    public static void JobRun(string job, bool succeeded, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", succeeded ? "succeeded" : "failed" } };
        JobRuns.Add(1, tags);
        JobDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void PeriodRun(string job, string outcome) => PeriodRuns.Add(1,
        new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Refused(string code, int status) => Refusals.Add(1,
        new KeyValuePair<string, object?>("code", code), new KeyValuePair<string, object?>("status", status));

    public static void SignedIn(string kind) => SignIns.Add(1, new KeyValuePair<string, object?>("kind", kind));
}

/// <summary>
/// The platform's own spans (链路): one per run of a recurring job and one per notification delivery,
/// beside the spans ASP.NET Core, HttpClient and Npgsql make. Created only while a tracer listens
/// (<c>Tracing:Exporter</c>); tags hold ids of jobs and deliveries, never personal data.
/// </summary>
public static class VolunteerTracing
{
    public const string SourceName = "Volunteer";

    public static readonly ActivitySource Source = new(SourceName, "1.0");
}
