using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Volunteer.Api.Http;

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
                Description = "居民下单、社区发单、党员与单位接单、联合评单，以及积分台账。错误以 ProblemDetails 返回，code 字段可供程序判断。",
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
            o.SupportNonNullableReferenceTypes();
            o.CustomSchemaIds(t => t.IsGenericType
                ? t.Name[..t.Name.IndexOf('`')] + "Of" + string.Concat(t.GetGenericArguments().Select(a => a.Name))
                : t.Name);
            var xml = Path.Combine(AppContext.BaseDirectory, "Volunteer.Api.xml");
            if (File.Exists(xml))
                o.IncludeXmlComments(xml);
        });
        return services;
    }

    /// <summary>Marks operations that need a token, so Swagger UI sends it.</summary>
    private sealed class BearerRequirement : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
                return;
            operation.Security ??= [];
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
