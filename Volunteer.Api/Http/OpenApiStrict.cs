using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Volunteer.Api.Http;

/// <summary>
/// Nullability exactly as the JSON has it, read from the C# nullable annotations of each
/// property: <c>string?</c>, <c>Guid?</c> and <c>PartyResponse?</c> may be <c>null</c>, everything
/// else never is. A nullable reference to another schema is written as
/// <c>allOf: [$ref], nullable: true</c>, the only form OpenAPI 3.0 allows. Non-nullable
/// properties are recorded as required here; <see cref="RequiredProperties"/> then makes every
/// property of an answer required, because the API always writes every property.
/// </summary>
internal sealed class StrictSchemas : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } properties
            || context.Type.IsEnum || context.Type.IsPrimitive)
            return;

        var members = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(JsonName, StringComparer.Ordinal);
        concrete.Required ??= new HashSet<string>();
        foreach (var name in properties.Keys.ToList())
        {
            if (!members.TryGetValue(name, out var member))
                continue;
            var nullable = IsNullable(member);
            properties[name] = WithNullability(properties[name], nullable, member.PropertyType);
            if (!nullable)
                concrete.Required.Add(name);
        }
    }

    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static bool IsNullable(PropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
            return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        return Nullability.Create(property).ReadState != NullabilityState.NotNull;
    }

    private static IOpenApiSchema WithNullability(IOpenApiSchema property, bool nullable, Type type)
    {
        switch (property)
        {
            case OpenApiSchemaReference reference when nullable:
                // Linters (and OpenAPI 3.0) want a type beside nullable: the referenced schema's own.
                var underlying = Nullable.GetUnderlyingType(type) ?? type;
                var kind = underlying.IsEnum || underlying == typeof(string) ? JsonSchemaType.String : JsonSchemaType.Object;
                return new OpenApiSchema { AllOf = [reference], Type = kind | JsonSchemaType.Null, Description = reference.Description };
            case OpenApiSchema { AllOf: { Count: 1 } allOf, Properties: null or { Count: 0 } } when !nullable
                && allOf[0] is OpenApiSchemaReference only:
                return only;
            case OpenApiSchema schema:
                if (nullable)
                    schema.Type = schema.Type is { } t ? t | JsonSchemaType.Null : null;
                else if (schema.Type is { } declared)
                    schema.Type = declared & ~JsonSchemaType.Null;
                return schema;
            default:
                return property;
        }
    }
}

/// <summary>
/// Every property of a schema that appears in an answer is required: the API writes each property
/// of its answers, with <c>null</c> where there is no value (its JSON settings ignore nothing). A
/// schema that is (also) sent in a request keeps only its non-nullable properties required, since
/// clients may leave optional fields out.
/// </summary>
internal sealed class RequiredProperties : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || document.Paths is null)
            return;
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()).ToList();
        var inRequests = Closure(schemas, operations.SelectMany(o =>
            (o.RequestBody?.Content?.Values.Select(c => c.Schema) ?? [])
            .Concat(o.Parameters?.Select(p => p.Schema) ?? [])));
        var inAnswers = Closure(schemas, operations.SelectMany(o =>
            o.Responses?.Values.SelectMany(r => r.Content?.Values.Select(c => c.Schema) ?? []) ?? []));

        foreach (var name in inAnswers.Except(inRequests))
        {
            if (schemas[name] is OpenApiSchema { Properties.Count: > 0 } schema && schema.Enum is not { Count: > 0 })
                schema.Required = new HashSet<string>(schema.Properties.Keys);
        }
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
            if (schema.Required is { Count: 0 })
                schema.Required = null;
    }

    /// <summary>The names of the component schemas reachable from <paramref name="roots"/>.</summary>
    private static HashSet<string> Closure(IDictionary<string, IOpenApiSchema> schemas, IEnumerable<IOpenApiSchema?> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots.OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                var id = reference.Reference.Id;
                if (id is not null && seen.Add(id) && schemas.TryGetValue(id, out var target))
                    pending.Push(target);
                continue;
            }
            foreach (var child in Children(schema))
                pending.Push(child);
        }
        return seen;
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        (schema.Properties?.Values ?? Enumerable.Empty<IOpenApiSchema>())
            .Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? [])
            .Concat(schema.Items is null ? [] : [schema.Items])
            .Concat(schema.AdditionalProperties is null ? [] : [schema.AdditionalProperties]);
}

/// <summary>
/// One problem schema, <c>Problem</c>, for every <c>application/problem+json</c> answer: what the
/// exception handler and <see cref="ProblemTexts.Customize"/> write, with the stable <c>code</c>,
/// the <c>traceId</c> and, for bad input, <c>errors</c> per field.
/// </summary>
internal sealed class ProblemSchema : IDocumentFilter
{
    public const string Name = "Problem";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove(nameof(ProblemDetails));
        document.Components.Schemas.Remove(nameof(HttpValidationProblemDetails));
        document.Components.Schemas[Name] = Schema();

        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) ?? [])
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response.Content?.TryGetValue("application/problem+json", out var media) == true && media is OpenApiMediaType concrete)
                    concrete.Schema = new OpenApiSchemaReference(Name, document);
            }
        }
    }

    private static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "错误响应（RFC 9457 ProblemDetails）。程序请按 code 判断错误类型，detail 为可直接展示给用户的中文说明。",
        Required = new HashSet<string> { "title", "status", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "错误类型的说明地址。" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "HTTP 状态的中文标题，如“操作冲突”。" },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "HTTP 状态码。" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "中文说明，可直接展示给用户。" },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "出错的请求地址（如有）。" },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "稳定的错误码，格式为“领域.原因”，例如 validation、task.full、claim.duplicate、points.insufficient、"
                    + "reward.outOfStock、auth.required、auth.forbidden、route.notFound、rate.limited、concurrency。",
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "请求跟踪号，反馈问题时请提供。" },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "输入有误时，按字段列出的错误说明。",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Examples =
        [
            new JsonObject
            {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            ["title"] = "操作冲突",
            ["status"] = 409,
            ["detail"] = "该任务名额已满。",
            ["code"] = "task.full",
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            },
        ],
    };
}

/// <summary>
/// Every parameter has a Chinese description (from the handler's XML doc, otherwise from its
/// name and route); a handler parameter marked <c>[Required]</c>, such as the
/// <c>Idempotency-Key</c> header, is documented as required.
/// </summary>
internal sealed class ParameterDetails : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null)
            return;
        var handler = context.MethodInfo?.GetParameters() ?? [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            var name = parameter.Name ?? "";
            var info = handler.FirstOrDefault(p => string.Equals(BoundName(p), name, StringComparison.OrdinalIgnoreCase));
            if (info?.GetCustomAttribute<RequiredAttribute>() is not null)
                parameter.Required = true;
            if (string.IsNullOrWhiteSpace(parameter.Description))
                parameter.Description = ParameterTexts.Describe(name, parameter.In, context.ApiDescription.RelativePath);
            if (parameter.In == ParameterLocation.Header && parameter.Example is null && name == "Idempotency-Key")
                parameter.Example = JsonValue.Create("3f2a9c1e-8b7d-4e2a-9c61-5d0f7a2b4e10");
            if (parameter.Schema is not OpenApiSchema schema)
                continue;
            // A string parameter that takes a few fixed values says which ([AllowedValues] on the handler parameter).
            if (info?.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && schema.Enum is not { Count: > 0 })
                schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
            if (name == "period" && schema.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                schema.Pattern = @"^\d{4}-(0[1-9]|1[0-2])$";
                parameter.Example ??= JsonValue.Create("2026-10");
            }
        }
    }

    private static string? BoundName(ParameterInfo p) =>
        p.GetCustomAttribute<FromHeaderAttribute>()?.Name ?? p.GetCustomAttribute<FromQueryAttribute>()?.Name
        ?? p.GetCustomAttribute<FromRouteAttribute>()?.Name ?? p.Name;
}

internal static class ParameterTexts
{
    private static readonly Dictionary<string, string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        ["page"] = "页码，从 1 开始（默认 1）。",
        ["pageSize"] = "每页条数（默认 20，最多 100，超过按 100 计）。",
        ["communityId"] = "社区 id。",
        ["gridId"] = "网格 id。",
        ["streetId"] = "街道 id。",
        ["partnerId"] = "共建单位 id。",
        ["memberId"] = "居民 id。",
        ["rewardId"] = "奖品 id。",
        ["taskId"] = "任务 id。",
        ["period"] = "月份，yyyy-MM，例如 2026-10。",
        ["status"] = "按状态筛选。",
        ["format"] = "返回格式：json（默认）或 csv。",
        ["Idempotency-Key"] = "幂等键（如 UUID）：同一次兑换的重试须使用同一个值，服务器只兑换一次并返回第一次的结果。",
    };

    /// <summary>What the path segment before an <c>{id}</c> names.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tasks"] = "任务", ["claims"] = "认领", ["needs"] = "需求", ["rewards"] = "奖品", ["redemptions"] = "兑换记录",
        ["partners"] = "共建单位", ["members"] = "居民", ["communities"] = "社区", ["grids"] = "网格", ["streets"] = "街道",
        ["accounts"] = "账号", ["jobs"] = "定时任务", ["badges"] = "称号", ["notifications"] = "通知",
    };

    public static string Describe(string name, ParameterLocation? location, string? path)
    {
        if (Common.TryGetValue(name, out var text))
            return text;
        if (location == ParameterLocation.Path && path is not null)
        {
            var segments = path.Split('/');
            var at = Array.FindIndex(segments, s => s.StartsWith("{" + name, StringComparison.OrdinalIgnoreCase));
            if (at > 0 && Resources.TryGetValue(segments[at - 1], out var resource))
                return name.Equals("id", StringComparison.OrdinalIgnoreCase) ? $"{resource} id。" : $"{resource}（{name}）。";
        }
        if (name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2)
            return $"{name[..^2]} 的 id。";
        return $"参数 {name}。";
    }
}

/// <summary>Tags with descriptions, a relative server (same origin as the document), and no stale component left behind.</summary>
internal sealed class DocumentDetails : IDocumentFilter
{
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["登录"] = "居民以微信小程序登录（wx.login 的 code），工作人员以账号密码登录；返回 accessToken。",
        ["我的"] = "当前登录者本人的资料、认领、需求、兑换和通知。",
        ["需求（居民下单）"] = "居民（或工作人员代为）提交需求，社区审核后发布为任务或驳回。",
        ["任务"] = "社区发布的志愿服务任务：浏览、认领、签到码。",
        ["认领与核验"] = "认领后的签到、签退、评价，以及工作人员核验（联合评单）。",
        ["积分"] = "积分余额、服务时长、星级与只增不改的积分台账；工作人员更正积分。",
        ["积分兑换"] = "居民用积分兑换共建单位的奖品，凭兑换码到柜台核销。",
        ["共建单位"] = "共建单位、驻区单位与商家：共建协议与称号。",
        ["商家后台"] = "共建单位工作人员管理本单位奖品、兑换记录与月度结算。",
        ["排行与表彰"] = "月度排行榜、实时排行、表彰名单与积分公示。",
        ["街道与社区"] = "街道、社区与网格。",
        ["居民管理"] = "社区工作人员管理本社区居民：登记、困难情况、党员身份确认。",
        ["街道管理"] = "街道管理员管理工作人员账号。",
        ["双评议"] = "在职党员“双报到、双服务、双评议”月度报告。",
        ["定时任务"] = "月度排行、表彰、双评议等定时任务的运行记录与手动补跑。",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths?.Values
            .SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            .SelectMany(o => o.Tags?.Select(t => t.Name) ?? [])
            .OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList() ?? [];
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = Tags.GetValueOrDefault(name) ?? $"{name}相关接口。",
        }));
        document.Servers = [new OpenApiServer { Url = "/", Description = "提供本文档的服务器（同源）。" }];
    }
}

/// <summary>Examples for the requests a client writes first.</summary>
internal sealed class SchemaExamples : ISchemaFilter
{
    private static readonly Dictionary<string, Func<JsonNode>> Examples = new(StringComparer.Ordinal)
    {
        ["WeChatSignInRequest"] = () => new JsonObject { ["code"] = "dev-li-ming" },
        ["PasswordSignInRequest"] = () => new JsonObject { ["username"] = "demo-staff", ["password"] = "Demo#2026" },
        ["CheckInRequest"] = () => new JsonObject { ["code"] = "482915" },
        ["RateServiceRequest"] = () => new JsonObject { ["stars"] = 5, ["comment"] = "准时到达，服务很耐心。" },
        ["PublishTaskRequest"] = () => new JsonObject
        {
            ["title"] = "陪王奶奶去社区医院复诊",
            ["description"] = "周六上午 9 点出发，步行约 15 分钟。",
            ["category"] = "elderlyCare",
            ["slots"] = 1,
            ["points"] = 20,
            ["startsAt"] = "2026-11-28T09:00:00+08:00",
            ["endsAt"] = "2026-11-28T11:00:00+08:00",
            ["address"] = "东门社区 3 号楼 2 单元",
            ["partyMembersOnly"] = false,
        },
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type.Name, out var example))
            concrete.Examples = [example()];
    }
}
