using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Volunteer.Tests.Support;

/// <summary>
/// Checks real answers against the served OpenAPI 3.0 document, as a validating proxy would: the
/// operation and status must be documented, the media type must be one the operation declares,
/// and a JSON body must match its schema (<c>$ref</c>, <c>type</c> and <c>nullable</c>,
/// <c>required</c>, <c>additionalProperties</c>, <c>enum</c>, <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>,
/// <c>items</c>, and the <c>uuid</c>, <c>date-time</c> and <c>int32</c> formats).
/// It knows no endpoint by name, so endpoints added later are checked the same way.
/// </summary>
public sealed partial class ContractValidator(JsonNode document)
{
    private readonly List<(string Method, Regex Path, string Template)> _operations = document["paths"]!.AsObject()
        .SelectMany(p => p.Value!.AsObject().Select(m => (m.Key, PathPattern(p.Key), p.Key)))
        .OrderBy(o => o.Item3.Count(c => c == '{')) // literal segments win over parameters: /redemptions/fulfil before /redemptions/{id}
        .ToList();

    public JsonNode Document { get; } = document;

    /// <summary>The documented path template an actual request path matches, or null.</summary>
    public string? TemplateOf(string method, string path) =>
        _operations.FirstOrDefault(o => o.Method == method.ToLowerInvariant() && o.Path.IsMatch(path)).Template;

    /// <summary>Every way the answer departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, string body)
    {
        var where = $"{method.ToUpperInvariant()} {path} → {status}";
        var template = TemplateOf(method, path);
        if (template is null)
            return [$"{where}: the operation is not in the document"];
        var operation = Document["paths"]![template]![method.ToLowerInvariant()]!;
        var response = operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"];
        if (response is null)
            return [$"{where}: status {status} is not documented"];

        var content = response["content"]?.AsObject();
        if (string.IsNullOrEmpty(body))
            return content is { Count: > 0 } && status != 204 ? [$"{where}: empty body, the document promises {string.Join(", ", content.Select(c => c.Key))}"] : [];
        if (content is null || content.Count == 0)
            return [$"{where}: a body the document does not describe ({mediaType})"];
        if (mediaType is null || content[mediaType] is not { } media)
            return [$"{where}: media type {mediaType} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})"];
        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
            return [];

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            return [$"{where}: body is not JSON: {e.Message}"];
        }
        var errors = new List<string>();
        Validate(media["schema"], value, "$", errors, depth: 0);
        return errors.Select(e => $"{where}: {e}").ToList();
    }

    private void Validate(JsonNode? schema, JsonNode? value, string at, List<string> errors, int depth)
    {
        if (schema is null || depth > 64)
            return;
        if ((string?)schema["$ref"] is { } reference)
        {
            var target = Resolve(reference);
            if (target is null)
                errors.Add($"{at}: unresolvable {reference}");
            else
                Validate(target, value, at, errors, depth + 1);
            return;
        }

        var nullable = (bool?)schema["nullable"] == true;
        if (value is null)
        {
            // A bare allOf/oneOf wrapper carries nullable itself; otherwise a null needs it.
            if (!nullable)
                errors.Add($"{at}: null where the document does not allow null");
            return;
        }

        if (schema["allOf"] is JsonArray allOf)
            foreach (var part in allOf)
                Validate(part, value, at, errors, depth + 1);
        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema[keyword] is not JsonArray alternatives)
                continue;
            var matching = alternatives.Count(a =>
            {
                var inner = new List<string>();
                Validate(a, value, at, inner, depth + 1);
                return inner.Count == 0;
            });
            if (matching == 0 || (keyword == "oneOf" && matching > 1))
                errors.Add($"{at}: matches {matching} of the {keyword} alternatives");
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
            errors.Add($"{at}: {value.ToJsonString()} is not one of {options.ToJsonString()}");

        var type = (string?)schema["type"];
        if (type is null)
            return;
        var kind = value.GetValueKind();
        switch (type)
        {
            case "object" when kind == System.Text.Json.JsonValueKind.Object:
                ValidateObject(schema, value.AsObject(), at, errors, depth);
                break;
            case "array" when kind == System.Text.Json.JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.AsArray())
                    Validate(schema["items"], item, $"{at}[{i++}]", errors, depth + 1);
                break;
            case "string" when kind == System.Text.Json.JsonValueKind.String:
                ValidateFormat((string?)schema["format"], value.GetValue<string>(), at, errors);
                break;
            case "integer" when kind == System.Text.Json.JsonValueKind.Number:
                if (!value.AsValue().TryGetValue<long>(out var whole)
                    || ((string?)schema["format"] == "int32" && whole is < int.MinValue or > int.MaxValue))
                    errors.Add($"{at}: {value.ToJsonString()} is not an {schema["format"] ?? "integer"}");
                break;
            case "number" when kind == System.Text.Json.JsonValueKind.Number:
            case "boolean" when kind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                break;
            default:
                errors.Add($"{at}: {kind} where the document says {type}");
                break;
        }
    }

    private void ValidateObject(JsonNode schema, JsonObject value, string at, List<string> errors, int depth)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
            if (!value.ContainsKey(required))
                errors.Add($"{at}: required property '{required}' is missing");
        foreach (var (name, child) in value)
        {
            if (properties?[name] is { } property)
                Validate(property, child, $"{at}.{name}", errors, depth + 1);
            else if (schema["additionalProperties"] is JsonObject extra)
                Validate(extra, child, $"{at}.{name}", errors, depth + 1);
            else if (schema["additionalProperties"] is JsonValue flag && !(bool)flag)
                errors.Add($"{at}: property '{name}' is not in the document");
        }
    }

    private static void ValidateFormat(string? format, string text, string at, List<string> errors)
    {
        var ok = format switch
        {
            "uuid" => Guid.TryParseExact(text, "D", out _),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T'),
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => true,
        };
        if (!ok)
            errors.Add($"{at}: '{text}' is not a {format}");
    }

    private JsonNode? Resolve(string reference) =>
        reference.StartsWith("#/", StringComparison.Ordinal)
            ? reference[2..].Split('/').Aggregate((JsonNode?)Document, (node, part) => node?[part.Replace("~1", "/").Replace("~0", "~")])
            : null;

    private static Regex PathPattern(string template) =>
        new("^" + PathParameter().Replace(Regex.Escape(template).Replace(@"\{", "{"), "[^/]+") + "/?$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex PathParameter();
}

/// <summary>
/// Sits in front of the test server like a validating proxy: every answer that passes through is
/// checked against the document, and each departure is recorded.
/// </summary>
public sealed class ContractCheckingHandler(ContractValidator validator) : DelegatingHandler
{
    private readonly List<string> _violations = [];
    private readonly HashSet<string> _exercised = [];

    public ContractValidator Validator => validator;

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_violations)
                return _violations.ToList();
        }
    }

    /// <summary>Every documented operation (method and template) that answered at least once.</summary>
    public IReadOnlyCollection<string> Exercised
    {
        get
        {
            lock (_violations)
                return _exercised.ToList();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        var found = validator.Check(request.Method.Method, path, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, body);
        lock (_violations)
        {
            _violations.AddRange(found);
            if (validator.TemplateOf(request.Method.Method, path) is { } template)
                _exercised.Add($"{request.Method.Method.ToUpperInvariant()} {template}");
        }
        return response;
    }
}
