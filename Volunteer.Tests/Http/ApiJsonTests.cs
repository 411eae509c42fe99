using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Api.Http;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The API's bodies are written from source-generated metadata (<see cref="ApiJsonContext"/>): every body
/// an endpoint documents is in it, and the JSON it writes is the JSON reflection wrote before.
/// </summary>
public sealed class ApiJsonTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public void Every_documented_request_and_response_body_has_generated_metadata()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var bodies = new HashSet<Type>();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<IRouteDiagnosticsMetadata>() is { Route: var r } && r.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var produces in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>())
                if (produces.Type is { } type && type != typeof(void) && !typeof(ProblemDetails).IsAssignableFrom(type)
                    && produces.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
                    bodies.Add(type);
            foreach (var accepts in endpoint.Metadata.OfType<IAcceptsMetadata>())
                if (accepts.RequestType is { } type && accepts.ContentTypes.Contains("application/json"))
                    bodies.Add(type);
        }

        Assert.True(bodies.Count > 50, $"only {bodies.Count} bodies found");
        var missing = bodies.Where(t => ApiJsonContext.Default.GetTypeInfo(t) is null).Select(t => t.FullName).Order().ToList();
        Assert.True(missing.Count == 0, "Add to ApiJsonContext: " + string.Join(", ", missing));
    }

    [Fact]
    public void A_task_page_and_a_points_answer_are_written_as_reflection_wrote_them()
    {
        var generated = api.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.Same(ApiJsonContext.Default, generated.TypeInfoResolverChain[0]);
        // The same options without the generated metadata: what the API wrote before.
        var reflection = new JsonSerializerOptions(generated);
        reflection.TypeInfoResolverChain.Clear();
        reflection.TypeInfoResolver = new DefaultJsonTypeInfoResolver();

        var now = new DateTimeOffset(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
        var page = new Paged<TaskResponse>(
        [
            new TaskResponse(Guid.NewGuid(), Guid.NewGuid(), null, Guid.NewGuid(), "帮独居老人买菜", null, TaskCategory.ElderlyCare,
                null, true, 3, 1, 2, 10, now, now.AddHours(2), true, ServiceTaskStatus.Published, null, now.AddDays(-1),
                new MyClaimResponse(Guid.NewGuid(), ClaimStatus.Accepted), null, null),
            new TaskResponse(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, "楼道清扫", "带扫帚\"和\"手套", TaskCategory.Environment,
                "东门社区 3 号楼", false, 5, 0, 5, 5, now, now.AddHours(1), false, ServiceTaskStatus.Cancelled, "下雨取消", now, null, 31.2304, 121.4737),
        ], 42, 1, 20);
        var points = new PointsResponse(120, 12.5m, 0, 87.5m);

        var json = JsonSerializer.Serialize(page, generated);
        Assert.Equal(JsonSerializer.Serialize(page, reflection), json);
        Assert.Equal(JsonSerializer.Serialize(points, reflection), JsonSerializer.Serialize(points, generated));
        // The shape the mini-program reads: camelCase, enums as camelCase strings, nulls written, Chinese unescaped.
        Assert.Contains("\"category\":\"elderlyCare\"", json);
        Assert.Contains("\"myClaim\":{\"id\":", json);
        Assert.Contains("\"status\":\"accepted\"", json);
        Assert.Contains("\"address\":null", json);
        Assert.Contains("帮独居老人买菜", json);
        Assert.Equal("{\"balance\":120,\"totalHours\":12.5,\"starLevel\":0,\"hoursToNextStar\":87.5}", JsonSerializer.Serialize(points, generated));
    }

    [Fact]
    public void A_request_body_is_read_with_the_same_rules()
    {
        var options = api.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.Deserialize<CancelTaskRequest>("{\"REASON\":\"下雨\"}", options);
        Assert.Equal("下雨", body!.Reason);
        // Enums take their documented names only, never numbers.
        Assert.Throws<JsonException>(() => { JsonSerializer.Deserialize<TaskResponse>("{\"category\":1}", options); });
    }
}
