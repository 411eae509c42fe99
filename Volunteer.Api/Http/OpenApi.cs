using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Http;

/// <summary>
/// The API document, strict enough for a code generator: every rule here is generic, so an
/// endpoint added later comes out the same way without touching this file. See
/// <see cref="StrictSchemas"/> (nullability and <c>required</c> from the C# types),
/// <see cref="ProblemSchema"/> (one error shape), <see cref="ParameterDetails"/> and
/// <see cref="DocumentDetails"/> (descriptions, tags, servers).
/// </summary>
public static class OpenApi
{
    public static IServiceCollection AddVolunteerOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "社区志愿积分互助平台 API",
                Version = "v1",
                Description = "居民下单、社区发单、党员与单位接单、联合评单，以及积分台账。错误以 ProblemDetails（application/problem+json）返回，"
                    + "code 字段为稳定的错误码，可供程序判断；traceId 便于排查。响应中的每个字段总会出现，可为空的字段值为 null。",
            });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "登录接口返回的 accessToken。",
            });
            o.OperationFilter<BearerRequirement>();
            o.OperationFilter<ChineseResponseDescriptions>();
            o.OperationFilter<Photos.PhotoUploadSchema>();
            o.OperationFilter<CsvAlternativeContent>();
            o.OperationFilter<ParameterDetails>();
            o.SchemaFilter<StrictSchemas>();
            o.SchemaFilter<SchemaExamples>();
            o.DocumentFilter<RequiredProperties>();
            o.DocumentFilter<ProblemSchema>();
            o.DocumentFilter<DocumentDetails>();
            o.SupportNonNullableReferenceTypes();
            o.CustomSchemaIds(SchemaId);
            var xml = Path.Combine(AppContext.BaseDirectory, "Volunteer.Api.xml");
            if (File.Exists(xml))
                o.IncludeXmlComments(xml);
        });
        return services;
    }

    /// <summary>Schema names the published contract keeps although the type was renamed in code.</summary>
    private static readonly Dictionary<Type, string> KeptSchemaNames = new() { [typeof(ServiceTaskStatus)] = "TaskStatus" };

    private static string SchemaId(Type t) =>
        KeptSchemaNames.TryGetValue(t, out var kept) ? kept
        : t.IsGenericType ? t.Name[..t.Name.IndexOf('`')] + "Of" + string.Concat(t.GetGenericArguments().Select(a => KeptSchemaNames.GetValueOrDefault(a, a.Name)))
        : t.Name;

    /// <summary>
    /// Serves Swagger UI (<c>/swagger</c>) and the JSON document (<c>/swagger/v1/swagger.json</c>) when
    /// <c>OpenApi:Enabled</c> is true; by default on everywhere but Production, where the API's map
    /// is not handed to anyone who asks unless an operator turns it on.
    /// </summary>
    public static WebApplication UseVolunteerOpenApi(this WebApplication app)
    {
        if (!app.Configuration.GetValue("OpenApi:Enabled", !app.Environment.IsProduction()))
            return app;
        // Both answer only under /swagger (the document, the UI and its files): other requests skip them, rather than
        // each paying for their path matching (issue 12).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            // The document is generated and serialised per request (tens of milliseconds of CPU): on the thread pool,
            // not on a socket thread (CpuWork).
            swagger.Use(async (context, next) =>
            {
                await CpuWork.LeaveSocketThread();
                await next(context);
            });
            swagger.UseSwagger();
            swagger.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint("/swagger/v1/swagger.json", "社区志愿积分互助平台 API v1");
                o.DocumentTitle = "社区志愿积分互助平台 API";
            });
        });
        return app;
    }

    /// <summary>
    /// Operations that need a token ask for the bearer scheme; public ones say so with an empty
    /// <c>security: []</c>, so a reader (and a linter) never has to guess.
    /// </summary>
    private sealed class BearerRequirement : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            operation.Security ??= [];
            if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
                return;
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [],
            });
        }
    }

    /// <summary>The document's readers are Chinese-speaking developers: describe each status in Chinese.</summary>
    private sealed class ChineseResponseDescriptions : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Responses is null)
                return;
            foreach (var (status, response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete && int.TryParse(status, out var code) && Describe(code) is { } text)
                    concrete.Description = text;
            }
        }

        private static string? Describe(int status) => status switch
        {
            200 => "成功",
            201 => "已创建",
            204 => "成功，无内容",
            304 => "未修改（与 If-None-Match 中的 ETag 相同，可使用缓存）",
            _ when status >= 400 => ProblemTexts.Title(status),
            _ => null,
        };
    }

    /// <summary>Adds <c>text/csv</c> (a UTF-8 text body) beside the JSON schema of an endpoint's 200 answer.</summary>
    private sealed class CsvAlternativeContent : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvAlternative>().Any())
                return;
            if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
            {
                ok.Content ??= new Dictionary<string, IOpenApiMediaType>();
                ok.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }
}

/// <summary>Endpoint metadata: the 200 answer is also available as CSV (format=csv or Accept: text/csv).</summary>
public sealed class CsvAlternative;

public static class CsvAlternativeExtensions
{
    public static RouteHandlerBuilder ProducesCsvToo(this RouteHandlerBuilder builder) => builder.WithMetadata(new CsvAlternative());
}
