using System.Text.Json.Nodes;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The document is strict enough for a code generator: these rules are checked over every
/// operation and schema, so an endpoint added later is held to them too.
/// </summary>
public sealed class OpenApiStrictnessTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Every_property_of_an_answer_is_required_and_nullable_only_where_the_json_may_be_null()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();

        var task = schemas["TaskResponse"]!;
        Assert.Equal(Names(task["properties"]!), Names(task["required"]!));
        Assert.True((bool?)task["properties"]!["myClaim"]!["nullable"]);
        Assert.Equal("#/components/schemas/MyClaimResponse", (string?)task["properties"]!["myClaim"]!["allOf"]![0]!["$ref"]);
        Assert.Null(task["properties"]!["title"]!["nullable"]);
        Assert.True((bool?)task["properties"]!["description"]!["nullable"]);
        Assert.True((bool?)schemas["ProfileResponse"]!["properties"]!["party"]!["nullable"]);
        Assert.True((bool?)schemas["ClaimResponse"]!["properties"]!["rating"]!["nullable"]);
        Assert.True((bool?)schemas["PointsResponse"]!["properties"]!["hoursToNextStar"]!["nullable"]);

        // Every nullable property says what it is besides null (OpenAPI 3.0 and the linter want a type).
        foreach (var (name, schema) in schemas)
            foreach (var (property, value) in schema!["properties"]?.AsObject() ?? [])
                if ((bool?)value!["nullable"] == true)
                    Assert.True(value["type"] is not null, $"{name}.{property} is nullable without a type");

        // Requests keep optional fields optional.
        Assert.Null(schemas["PublishTaskRequest"]!["required"]);
    }

    [Fact]
    public async Task Every_problem_answer_uses_the_one_problem_schema_with_code_and_trace_id()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.False(schemas.ContainsKey("ProblemDetails"));
        Assert.False(schemas.ContainsKey("HttpValidationProblemDetails"));
        var problem = schemas["Problem"]!;
        Assert.Equal(["code", "status", "title", "traceId"], Names(problem["required"]!).Order());
        Assert.NotNull(problem["properties"]!["errors"]!["additionalProperties"]);

        foreach (var (operation, responses) in Operations(document).Select(o => (o.Name, o.Node["responses"]!.AsObject())))
            foreach (var (status, response) in responses.Where(r => int.Parse(r.Key) >= 400))
                Assert.True((string?)response!["content"]?["application/problem+json"]?["schema"]?["$ref"] == "#/components/schemas/Problem",
                    $"{operation} {status} does not use the Problem schema");
    }

    [Fact]
    public async Task Public_operations_say_security_is_empty_and_the_rest_ask_for_the_bearer_token()
    {
        var document = await DocumentAsync();
        var signIn = document["paths"]!["/api/v1/auth/wechat"]!["post"]!;
        Assert.Empty(signIn["security"]!.AsArray());
        Assert.All(Operations(document), o =>
        {
            var security = o.Node["security"]?.AsArray();
            Assert.True(security is not null, $"{o.Name} has no security");
            Assert.True(security!.Count == 0 || security.All(r => r!.AsObject().ContainsKey("Bearer")), o.Name);
        });
    }

    [Fact]
    public async Task Every_parameter_and_tag_is_described_in_chinese()
    {
        var document = await DocumentAsync();
        Assert.All(Operations(document), o =>
        {
            foreach (var parameter in o.Node["parameters"]?.AsArray() ?? [])
            {
                var description = (string?)parameter!["description"];
                Assert.True(description is not null && description.Any(c => c is >= '\u4e00' and <= '\u9fff'),
                    $"{o.Name} parameter {parameter["name"]} has no Chinese description");
            }
        });
        var tags = document["tags"]!.AsArray();
        var used = Operations(document).SelectMany(o => o.Node["tags"]!.AsArray().Select(t => (string)t!)).ToHashSet();
        Assert.Equal(used.Order(), tags.Select(t => (string)t!["name"]!).Order());
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"])));
    }

    [Fact]
    public async Task Redemption_requires_the_idempotency_key_header_and_ranking_filters_are_enums()
    {
        var document = await DocumentAsync();
        var redeem = document["paths"]!["/api/v1/rewards/{id}/redemptions"]!["post"]!["parameters"]!.AsArray();
        var key = redeem.Single(p => (string?)p!["name"] == "Idempotency-Key")!;
        Assert.Equal("header", (string?)key["in"]);
        Assert.True((bool?)key["required"]);

        foreach (var path in new[] { "/api/v1/rankings", "/api/v1/rankings/live" })
        {
            var parameters = document["paths"]![path]!["get"]!["parameters"]!.AsArray();
            foreach (var (name, schema) in new[] { ("scope", "RankingScope"), ("list", "RankingList"), ("metric", "RankingMetric") })
                Assert.Equal($"#/components/schemas/{schema}", (string?)parameters.Single(p => (string?)p!["name"] == name)!["schema"]!["$ref"]);
        }
        Assert.Equal(["grid", "community", "street"], document["components"]!["schemas"]!["RankingScope"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    private static List<string> Names(JsonNode node) => node is JsonObject o ? o.Select(p => p.Key).ToList() : node.AsArray().Select(v => (string)v!).ToList();

    private static IEnumerable<(string Name, JsonNode Node)> Operations(JsonNode document) =>
        document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(m => ($"{m.Key.ToUpperInvariant()} {p.Key}", m.Value!)));

    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"))!;
}
