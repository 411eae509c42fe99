using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The Swagger document is the contract the mini-program and the staff console are built from:
/// every route the app maps is in it, in Chinese, with every status it can answer.
/// </summary>
public sealed partial class OpenApiTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Every_api_route_the_app_maps_is_in_the_document()
    {
        var document = await DocumentAsync();

        var mapped = Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key} {p.Key}"))
            .ToHashSet();

        Assert.True(mapped.Count >= 50, $"Expected the whole API, found {mapped.Count} routes");
        Assert.Empty(mapped.Except(documented).Order());
        Assert.Empty(documented.Where(d => d.Contains("/api/v1")).Except(mapped).Order());
    }

    [Fact]
    public async Task Every_operation_has_a_chinese_summary_a_tag_and_a_unique_operation_id()
    {
        var document = await DocumentAsync();
        var operations = Operations().Select(o => (o, Doc: OperationIn(document, o))).ToList();

        Assert.All(operations, x =>
        {
            var summary = (string?)x.Doc["summary"];
            Assert.True(summary is not null && HasChinese(summary), $"{x.o}: summary '{summary}' is not Chinese");
            var tags = x.Doc["tags"]?.AsArray().Select(t => (string?)t).ToList() ?? [];
            Assert.True(tags.Count > 0 && tags.All(t => !string.IsNullOrWhiteSpace(t)), $"{x.o}: no tag");
            Assert.False(string.IsNullOrWhiteSpace((string?)x.Doc["operationId"]), $"{x.o}: no operationId");
        });
        var ids = operations.Select(x => (string)x.Doc["operationId"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(document["tags"]?.AsArray().Select(t => (string?)t!["name"]) ?? [], name => Assert.True(HasChinese(name!), name));
    }

    [Fact]
    public async Task Every_operation_documents_its_success_status_and_each_problem_status_it_declares()
    {
        var document = await DocumentAsync();

        Assert.All(Operations(), o =>
        {
            var responses = OperationIn(document, o)["responses"]!.AsObject();
            var declared = o.Endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().ToList();
            var successes = declared.Where(d => d.StatusCode < 400).Select(d => d.StatusCode).Distinct().ToList();
            Assert.True(successes.Count > 0, $"{o}: declares no success status");
            foreach (var status in successes)
            {
                var response = responses[status.ToString()];
                Assert.True(response is not null, $"{o}: success status {status} is not documented");
                if (status != StatusCodes.Status204NoContent)
                {
                    // JSON for the API; a download (CSV) documents its own media type.
                    var content = response!["content"]?.AsObject();
                    var media = content?["application/json"] ?? content?.FirstOrDefault().Value;
                    AssertSchema(document, media?["schema"], $"{o} {status}");
                }
            }

            var problems = declared.Where(d => d.Type == typeof(ProblemDetails) || d.Type == typeof(HttpValidationProblemDetails))
                .Select(d => d.StatusCode).Distinct().ToList();
            Assert.All(problems, status =>
            {
                var schema = responses[status.ToString()]?["content"]?["application/problem+json"]?["schema"];
                Assert.True(schema is not null, $"{o}: problem status {status} is not documented as application/problem+json");
                AssertSchema(document, schema, $"{o} {status}");
            });
            Assert.All(responses.Select(r => int.Parse(r.Key)).Where(s => s >= 400), status =>
                Assert.True(problems.Contains(status), $"{o}: documents {status} but does not declare a problem for it"));
        });
    }

    [Fact]
    public async Task Every_response_is_described_in_chinese()
    {
        var document = await DocumentAsync();
        Assert.All(Operations(), o =>
        {
            foreach (var (status, response) in OperationIn(document, o)["responses"]!.AsObject())
            {
                var description = (string?)response!["description"];
                Assert.True(description is not null && HasChinese(description), $"{o} {status}: '{description}' is not Chinese");
            }
        });
    }

    [Fact]
    public async Task Operations_that_need_a_token_declare_401_and_the_bearer_requirement()
    {
        var document = await DocumentAsync();
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]);

        var operations = Operations().ToList();
        Assert.Contains(operations, o => !o.NeedsToken);
        Assert.All(operations, o =>
        {
            var operation = OperationIn(document, o);
            var bearer = operation["security"]?.AsArray().Any(r => r!.AsObject().ContainsKey("Bearer")) == true;
            if (o.NeedsToken)
            {
                Assert.True(operation["responses"]!["401"] is not null, $"{o}: needs a token but does not document 401");
                Assert.True(bearer, $"{o}: needs a token but has no bearer security requirement");
            }
            else
            {
                Assert.False(bearer, $"{o}: is public but asks for a bearer token");
            }
        });
    }

    [Fact]
    public async Task Request_bodies_have_schemas_and_the_refusals_of_bad_input_are_documented()
    {
        var document = await DocumentAsync();

        Assert.All(Operations(), o =>
        {
            var operation = OperationIn(document, o);
            var responses = operation["responses"]!.AsObject();
            if (o.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
            {
                // JSON bodies everywhere, except uploads (multipart/form-data).
                var content = operation["requestBody"]?["content"];
                AssertSchema(document, content?["application/json"]?["schema"] ?? content?["multipart/form-data"]?["schema"], $"{o} request body");
                Assert.True(responses.ContainsKey("400"), $"{o}: takes a body, so malformed JSON is a 400 it must document");
            }
            var parameters = operation["parameters"]?.AsArray() ?? [];
            Assert.All(parameters, p => AssertSchema(document, p!["schema"], $"{o} parameter {p["name"]}"));
            if (parameters.Any(p => (string?)p!["in"] == "query"))
                Assert.True(responses.ContainsKey("400"), $"{o}: has query parameters, so a malformed value is a 400 it must document");
            if (parameters.Any(p => (string?)p!["in"] == "path"))
                Assert.True(responses.ContainsKey("404"), $"{o}: has an id in its path, so an unknown id is a 404 it must document");
        });
    }

    [Fact]
    public async Task Enums_appear_as_camel_case_strings()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var enums = typeof(Volunteer.Domain.Tasks.TaskCategory).Assembly.GetTypes().Where(t => t.IsEnum && schemas.ContainsKey(t.Name)).ToList();

        Assert.True(enums.Count >= 8, $"Expected the domain's enums in the document, found {string.Join(", ", enums.Select(e => e.Name))}");
        Assert.All(enums, type =>
        {
            var schema = schemas[type.Name]!;
            Assert.Equal("string", (string?)schema["type"]);
            var expected = Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
            Assert.Equal(expected, schema["enum"]!.AsArray().Select(v => (string)v!).ToList());
        });
        Assert.All(schemas.Where(s => s.Value!["enum"] is not null), s =>
            Assert.All(s.Value!["enum"]!.AsArray(), v => Assert.Matches("^[a-z][A-Za-z0-9]*$", (string?)v)));
        // Enum fields and parameters refer to those schemas rather than to numbers.
        // A nullable enum field refers to the enum through allOf, beside nullable: true.
        var category = schemas["PublishTaskRequest"]!["properties"]!["category"]!;
        Assert.Equal("#/components/schemas/TaskCategory", (string?)category["allOf"]![0]!["$ref"]);
        Assert.True((bool?)category["nullable"]);
        Assert.Equal("#/components/schemas/TaskCategory", (string?)schemas["TaskResponse"]!["properties"]!["category"]!["$ref"]);
        var listTasks = document["paths"]!["/api/v1/tasks"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal("#/components/schemas/TaskCategory", (string?)listTasks.Single(p => (string?)p!["name"] == "category")!["schema"]!["$ref"]);
    }

    private sealed record Operation(string Method, string Path, RouteEndpoint Endpoint)
    {
        public bool NeedsToken => Endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
            && Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;

        public override string ToString() => $"{Method.ToUpperInvariant()} {Path}";
    }

    /// <summary>Every route the running app maps under /api/v1, as the document names it.</summary>
    private IEnumerable<Operation> Operations() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(m => new Operation(m.ToLowerInvariant(), DocumentPath(e.RoutePattern.RawText!), e)));

    private static string DocumentPath(string template) => RouteConstraint().Replace(template, "{$1}").TrimEnd('/');

    private static JsonNode OperationIn(JsonNode document, Operation operation) =>
        document["paths"]?[operation.Path]?[operation.Method]
        ?? throw new Xunit.Sdk.XunitException($"{operation} is not in the document");

    private static void AssertSchema(JsonNode document, JsonNode? schema, string where)
    {
        Assert.True(schema is not null, $"{where}: no schema");
        foreach (var reference in ReferencesIn(schema!))
        {
            var name = reference["#/components/schemas/".Length..];
            Assert.True(document["components"]?["schemas"]?[name] is not null, $"{where}: refers to a missing schema {reference}");
        }
        Assert.True(schema!.AsObject().Count > 0, $"{where}: empty schema");
    }

    private static IEnumerable<string> ReferencesIn(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [(string)p.Value!] : p.Value is null ? [] : ReferencesIn(p.Value)),
        JsonArray a => a.SelectMany(i => i is null ? [] : ReferencesIn(i)),
        _ => [],
    };

    private async Task<JsonNode> DocumentAsync()
    {
        var response = await api.Client().GetAsync("/swagger/v1/swagger.json");
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
