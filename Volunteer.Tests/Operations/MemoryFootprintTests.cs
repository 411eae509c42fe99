using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteer.Api.Health;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Tests.Operations;

/// <summary>
/// What keeps the process small (docs/performance.md, the memory passes): the key ring is read when first needed,
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
    public void Only_the_read_only_shared_views_of_assemblies_loaded_for_good_are_released_never_an_image_or_a_writable_mapping()
    {
        string[] maps =
        [
            "7f7721e00000-7f7722cdb000 r--s 00000000 fe:00 350922                     /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
            "7f7710000000-7f7710040000 r--s 00000000 fe:00 350999                     /app/plugins/Unloadable.dll",
            "7f82ff870000-7f83003bc000 r-xp 00000000 fe:00 350922                     /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
            "7f83003dc000-7f830075e000 rw-p 00b4c000 fe:00 350922                     /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
            "7f830077d000-7f8300789000 r--p 00ecd000 fe:00 350922                     /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
            "7f7720600000-7f772083d000 r--s 00000000 fe:00 350761                     /app/Volunteer.Api.dll",
            "7f7730000000-7f7730100000 rw-s 00000000 00:01 1234                       /memfd:doublemapper (deleted)",
            "7f7740000000-7f7740100000 r--s 00000000 fe:00 4321                       /usr/lib/x86_64-linux-gnu/libicudata.so.72.1",
            "7f7750000000-7f7750021000 rw-p 00000000 00:00 0",
            "garbage",
        ];

        // A view whose file no assembly loaded for good holds (a collectible one, or one being opened right now) may be
        // unmapped at any moment: it is never advised.
        var held = new HashSet<string>(StringComparer.Ordinal)
        {
            "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll", "/app/Volunteer.Api.dll",
        };

        var views = AssemblyFileViews.FlatViews(maps, held).ToList();

        Assert.Equal([(0x7f7721e00000UL, 0x7f7722cdb000UL - 0x7f7721e00000UL), (0x7f7720600000UL, 0x23d000UL)], views);
    }

    [Fact]
    public void Releasing_the_assemblies_views_here_keeps_every_type_and_its_metadata_readable()
    {
        var advised = AssemblyFileViews.Release();

        if (OperatingSystem.IsLinux())
            Assert.True(advised > 0); // this test process has assemblies mapped: CoreLib at least
        // Metadata is read through those views: reflection over types loaded before and after still answers.
        Assert.Contains(typeof(MemoryFootprintTests).GetMethods(), m => m.Name == nameof(Releasing_the_assemblies_views_here_keeps_every_type_and_its_metadata_readable));
        Assert.NotEmpty(typeof(Microsoft.EntityFrameworkCore.DbContext).Assembly.GetExportedTypes());
        Assert.Equal("System.Private.CoreLib", typeof(object).Assembly.GetName().Name);
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
