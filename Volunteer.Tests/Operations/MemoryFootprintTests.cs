using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteer.Api.Health;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Tests.Operations;

/// <summary>
/// What keeps the process small (README, "Benchmark: load", memory pass): the key ring is read when first needed,
/// not at start, and still protects and unprotects; memory is handed back once the process goes quiet after work,
/// not while it works; the job server runs one worker per processor unless configured.
/// </summary>
public sealed class MemoryFootprintTests
{
    [Fact]
    public async Task The_key_ring_is_not_read_at_start_but_still_protects_what_the_console_signs()
    {
        var keys = Directory.CreateTempSubdirectory("volunteer-keys-");
        try
        {
            var services = new ServiceCollection().AddLogging();
            services.AddDataProtection().PersistKeysToFileSystem(keys);
            services.AddVolunteerMemoryFootprint();
            await using var provider = services.BuildServiceProvider();

            var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
            Assert.DoesNotContain(hosted, d => d.ImplementationType?.Name == "DataProtectionHostedService");
            Assert.Empty(keys.GetFiles()); // nothing read or written before the first use

            var protector = provider.GetDataProtectionProvider().CreateProtector("console");
            var sealedText = protector.Protect("管理员会话");
            Assert.Equal("管理员会话", protector.Unprotect(sealedText));
            Assert.Single(keys.GetFiles("key-*.xml")); // the ring was created on that first use
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public void Memory_is_handed_back_once_after_work_when_the_process_has_been_quiet_for_two_seconds_and_not_under_load()
    {
        const long MiB = 1024 * 1024;
        var second = TimeSpan.FromSeconds(1);
        var t = DateTimeOffset.UnixEpoch;
        var allocated = 100 * MiB;
        var detector = new IdleDetector(allocated, t);

        // Under load: 5 MiB a second for a minute; never trims while it works.
        for (var i = 0; i < 60; i++)
            Assert.False(detector.ShouldTrim(allocated += 5 * MiB, t += second));

        // Quiet (a few KiB a second: a health probe, a job server's poll): trims once two seconds have passed, not before.
        Assert.False(detector.ShouldTrim(allocated += 4 * 1024, t += second));
        Assert.True(detector.ShouldTrim(allocated += 4 * 1024, t += second));
        detector.Trimmed(allocated += 1024);

        // Still quiet: nothing more to hand back, so no collection every few seconds.
        for (var i = 0; i < 30; i++)
            Assert.False(detector.ShouldTrim(allocated += 4 * 1024, t += second));

        // A short burst smaller than what is worth a full collection: still no trim.
        Assert.False(detector.ShouldTrim(allocated += 8 * MiB, t += second));
        for (var i = 0; i < 5; i++)
            Assert.False(detector.ShouldTrim(allocated += 4 * 1024, t += second));

        // More work, then quiet again: one more trim.
        Assert.False(detector.ShouldTrim(allocated += 20 * MiB, t += second));
        Assert.False(detector.ShouldTrim(allocated, t += second));
        Assert.True(detector.ShouldTrim(allocated, t += second));
    }

    [Fact]
    public void The_native_heap_can_be_trimmed_here_at_any_time()
    {
        if (OperatingSystem.IsLinux())
            Assert.True(NativeHeap.Trimmable); // the machines here and the deployment image are glibc-based
        NativeHeap.Trim();
    }

    [Fact]
    public void The_job_server_runs_one_worker_per_processor_unless_configured()
    {
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 2, 10), new JobOptions().Workers);
        Assert.Equal(3, new JobOptions { WorkerCount = 3 }.Workers);
        Assert.Empty(new JobOptions { WorkerCount = 3 }.Problems());
        Assert.Contains(new JobOptions { WorkerCount = 0 }.Problems(), p => p.Contains("Jobs:WorkerCount"));
    }
}
