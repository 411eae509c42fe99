using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteer.Api.Health;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Tests.Operations;

/// <summary>
/// What keeps the process small (README, "Benchmark: load", memory pass): the key ring is read when first needed,
/// not at start, and still protects and unprotects; the job
/// server runs one worker per processor unless configured.
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

            var hosted = provider.GetServices<IHostedService>().ToList();
            Assert.DoesNotContain(hosted, h => h.GetType().Name == "DataProtectionHostedService");
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
    public void The_job_server_runs_one_worker_per_processor_unless_configured()
    {
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 2, 10), new JobOptions().Workers);
        Assert.Equal(3, new JobOptions { WorkerCount = 3 }.Workers);
        Assert.Empty(new JobOptions { WorkerCount = 3 }.Problems());
        Assert.Contains(new JobOptions { WorkerCount = 0 }.Problems(), p => p.Contains("Jobs:WorkerCount"));
    }
}
