using System.Runtime.InteropServices;

namespace Volunteer.Api.Health;

/// <summary>
/// What keeps the process small in a container (README, "Benchmark: load", memory pass): native memory the
/// runtime has freed goes back to the system (<see cref="NativeMemoryTrim"/>), and the data-protection key
/// ring (the console's cookies and antiforgery) is read when the console first needs it rather than at start,
/// so a process that never serves the console never loads the XML stack behind it.
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
        if (NativeMemoryTrim.Supported)
            services.AddHostedService<NativeMemoryTrim>();
        return services;
    }
}

/// <summary>
/// Hands the native heap's free pages back to the system every <see cref="Interval"/> (glibc's
/// <c>malloc_trim</c>). The JIT's tier-1 compilations and TLS to the database allocate native memory in bursts
/// (under load: up to ~15 MiB in one malloc arena) and free it again; glibc keeps those pages, so without this
/// they stay in the working set until the process ends.
/// </summary>
internal sealed class NativeMemoryTrim(ILogger<NativeMemoryTrim> logger) : BackgroundService
{
    /// <summary>Often enough that the pages freed after a burst go back within seconds; a trim with little to hand back only walks the free lists.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>Linux with glibc (not musl, whose allocator returns memory itself).</summary>
    internal static bool Supported { get; } = OperatingSystem.IsLinux() && HasGlibc();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Trim();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Trim()
    {
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            logger.LogDebug(e, "malloc_trim is not available");
        }
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
