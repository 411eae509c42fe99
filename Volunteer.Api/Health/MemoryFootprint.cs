using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Volunteer.Api.Health;

/// <summary>
/// What keeps the process small in a container (docs/performance.md, the memory passes): memory the process
/// no longer uses goes back to the system once it goes quiet (<see cref="IdleMemoryTrim"/>), and the
/// data-protection key ring (the console's cookies and antiforgery) is read when the console first needs it
/// rather than at start, so a process that never serves the console never loads the XML stack behind it.
/// </summary>
public static class MemoryFootprint
{
    public static IServiceCollection AddVolunteerMemoryFootprint(this IServiceCollection services)
    {
        // ASP.NET Core's DataProtectionHostedService only reads the key ring early ("preloads" it); the key ring
        // provider reads it on first use all the same (a console sign-in, an antiforgery token).
        var preload = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in preload)
            services.Remove(descriptor);
        services.AddHostedService<IdleMemoryTrim>();
        return services;
    }
}

/// <summary>
/// When the process has worked (start-up, a burst of requests, a job) and then gone quiet for
/// <see cref="IdleDetector.QuietFor"/>, gives what it no longer uses back to the system, once: one blocking,
/// compacting full GC that also decommits the GC's free regions (<see cref="GCCollectionMode.Aggressive"/>),
/// then glibc's <c>malloc_trim</c> for the pages the JIT and TLS freed in the native heap (which glibc keeps
/// otherwise). Also once at the end of start-up (the start-up work's garbage): 250 ms after <c>/health/ready</c> first
/// answered healthy, or 10 s after the start-up work finished where nothing probes. Quiet is measured, not guessed:
/// what the process allocated in the last second (<see cref="GC.GetTotalAllocatedBytes"/>), so requests need no
/// hook and a quiet process costs one counter read a second. <c>Memory:TrimWhenIdle=false</c> turns it off.
/// </summary>
internal sealed class IdleMemoryTrim(IHostApplicationLifetime lifetime, StartupWork startupWork, IConfiguration configuration,
    TimeProvider clock, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstReadyWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AfterFirstReady = TimeSpan.FromMilliseconds(250);

    private readonly bool _releaseFileViews = configuration.GetValue("Memory:ReleaseAssemblyViews", true);

    /// <summary>How many times it trimmed (tests, diagnostics).</summary>
    internal int Trims { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Memory:TrimWhenIdle", true))
            return;
        try
        {
            await WhenStartedAsync(stoppingToken);
            await startupWork.Completion.WaitAsync(stoppingToken);
            // Start-up ends for memory when the first readiness probe has been answered (its request built the route
            // matcher and the health check's queries), or after a while where nothing probes.
            await Task.WhenAny(startupWork.FirstReady, Task.Delay(FirstReadyWait, clock, stoppingToken));
            await Task.Delay(AfterFirstReady, clock, stoppingToken); // the probe's response is written meanwhile
            Trim("start-up");
            var detector = new IdleDetector(GC.GetTotalAllocatedBytes(), clock.GetUtcNow());
            using var timer = new PeriodicTimer(Tick, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (detector.ShouldTrim(GC.GetTotalAllocatedBytes(), clock.GetUtcNow()))
                {
                    Trim("idle");
                    detector.Trimmed(GC.GetTotalAllocatedBytes());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The idle memory trim stopped"); // start-up work failed: the process is ending anyway
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
    }

    private void Trim(string why)
    {
        var before = Environment.WorkingSet;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        if (_releaseFileViews)
            AssemblyFileViews.Release();
        Trims++;
        logger.LogDebug("Memory trimmed ({Why}): working set {Before:0.0} → {After:0.0} MiB", why,
            before / 1048576.0, Environment.WorkingSet / 1048576.0);
    }
}

/// <summary>
/// Decides when the process has gone quiet after work: it allocated less than <see cref="QuietBytesPerTick"/> per
/// tick for <see cref="QuietFor"/>, and at least <see cref="WorthTrimming"/> since the last trim (so an idle
/// process trims once, not every few seconds, and a trickle of requests does not make it trim after each).
/// </summary>
internal sealed class IdleDetector(long allocated, DateTimeOffset now)
{
    internal static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(2);
    internal const long QuietBytesPerTick = 256 * 1024;
    internal const long WorthTrimming = 16 * 1024 * 1024;

    private long _lastAllocated = allocated;
    private long _atLastTrim = allocated;
    private DateTimeOffset _quietSince = now;

    public bool ShouldTrim(long allocated, DateTimeOffset now)
    {
        if (allocated - _lastAllocated > QuietBytesPerTick)
            _quietSince = now;
        _lastAllocated = allocated;
        return allocated - _atLastTrim >= WorthTrimming && now - _quietSince >= QuietFor;
    }

    public void Trimmed(long allocated)
    {
        _atLastTrim = allocated;
        _lastAllocated = allocated;
    }
}

/// <summary>glibc's <c>malloc_trim</c>: hands the native heap's free pages back to the system (Linux with glibc only).</summary>
internal static class NativeHeap
{
    /// <summary>Linux with glibc (not musl, whose allocator returns memory itself).</summary>
    internal static bool Trimmable { get; } = OperatingSystem.IsLinux() && HasGlibc();

    /// <summary>Harmless at any time, from any thread; does nothing where there is no glibc.</summary>
    internal static void Trim()
    {
        if (!Trimmable)
            return;
        MallocTrim(0);
    }

    private static bool HasGlibc()
    {
        try
        {
            return GnuGetLibcVersion() != IntPtr.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "gnu_get_libc_version")]
    private static extern IntPtr GnuGetLibcVersion();
}

/// <summary>
/// The runtime maps every assembly file whole, read-only and shared (its "flat" view: the metadata and IL are read
/// through it), and a ReadyToRun assembly a second time as an image for its precompiled code (dotnet/runtime#112901).
/// Most of the flat views' pages are read once, while start-up builds types, the EF Core model and the route table,
/// and then stay mapped, so they count in the working set for good (~35 MiB here). <see cref="Release"/> unmaps those
/// pages (<c>madvise(MADV_DONTNEED)</c>): for a shared, read-only file mapping that only drops the page-table entries,
/// the bytes stay in the page cache, and the next read maps them again (a minor fault) — nothing the runtime holds
/// changes. Only views that are read-only, shared and of a <c>.dll</c> are touched: never an image's private pages
/// (relocated code and data live there and would be lost), never anything writable. And only the views of assemblies
/// loaded for good (not collectible), listed before the maps are read: the runtime never unmaps those, so no other
/// mapping can have taken their addresses between reading <c>/proc/self/maps</c> and advising.
/// </summary>
internal static class AssemblyFileViews
{
    private const int MadvDontNeed = 4;

    /// <summary>Unmaps the pages of the assemblies' flat views; returns the bytes of address space advised
    /// (not all of it was resident). Does nothing off Linux.</summary>
    internal static long Release()
    {
        if (!NativeHeap.Trimmable)
            return 0;
        var held = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !(AssemblyLoadContext.GetLoadContext(a)?.IsCollectible ?? true))
#pragma warning disable IL3000 // an assembly inside a single-file bundle has no location: its view is then left alone
            .Select(a => a.Location)
#pragma warning restore IL3000
            .Where(path => path.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        long advised = 0;
        foreach (var (start, length) in FlatViews(File.ReadLines("/proc/self/maps"), held))
            if (MAdvise((nint)start, (nuint)length, MadvDontNeed) == 0)
                advised += (long)length;
        return advised;
    }

    /// <summary>The mappings of <c>/proc/self/maps</c> that are assembly files mapped read-only and shared
    /// (<c>r--s</c>) and among <paramref name="held"/> (the files of assemblies that stay loaded), as start address
    /// and length.</summary>
    internal static IEnumerable<(ulong Start, ulong Length)> FlatViews(IEnumerable<string> maps, IReadOnlySet<string> held)
    {
        foreach (var line in maps)
        {
            // "7f7721e00000-7f7722cdb000 r--s 00000000 fe:00 350922   /usr/share/dotnet/.../System.Private.CoreLib.dll"
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1] != "r--s" || !fields[5].TrimEnd().EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                || !held.Contains(fields[5].Trim()))
                continue;
            var range = fields[0].Split('-');
            if (range.Length != 2
                || !ulong.TryParse(range[0], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(range[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var end)
                || end <= start)
                continue;
            yield return (start, end - start);
        }
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int MAdvise(nint address, nuint length, int advice);
}
