using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>What a load balancer and an orchestrator ask: is the process up, is it ready to serve.</summary>
public abstract class HealthTests(ApiFactory api)
{
    [Fact]
    public async Task Live_answers_200_without_a_token()
    {
        var response = await api.Client().GetAsync("/health/live");

        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]);
    }

    [Fact]
    public async Task Ready_answers_200_when_the_database_is_up_and_migrated()
    {
        var response = await api.Client().GetAsync("/health/ready");

        await response.ShouldBeAsync(HttpStatusCode.OK);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", (string?)report["status"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["database"]!["status"]);
        // The end of start-up as an orchestrator sees it; the start-up memory trim waits for it (Health/MemoryFootprint.cs).
        Assert.True(api.Services.GetRequiredService<Volunteer.Api.Health.StartupWork>().FirstReady.IsCompletedSuccessfully);
    }
}

public sealed class HealthOnPostgres(PostgresApi api) : HealthTests(api), IClassFixture<PostgresApi>;

public sealed class HealthOnSqlite(SqliteApi api) : HealthTests(api), IClassFixture<SqliteApi>;
