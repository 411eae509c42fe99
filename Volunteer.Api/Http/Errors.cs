using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Api.Http;

/// <summary>
/// The one place where failures become HTTP answers: every broken rule is a ProblemDetails with a
/// Chinese message and a stable <c>code</c>; only genuine faults are a 500.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, code, detail, errors) = Map(exception);
        if (status >= 500)
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", context.Request.Method, context.Request.Path);
        else
        {
            logger.LogInformation("Request refused with {Status} {Code}: {Detail}", status, code, detail);
            VolunteerMetrics.Refused(code, status);
        }

        context.Response.StatusCode = status;
        ProblemDetails problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = ProblemTexts.Title(status);
        problem.Detail = detail;
        problem.Extensions["code"] = code;
        if (exception is DomainException { Facts.Count: > 0 } withFacts)
            foreach (var (key, value) in withFacts.Facts)
                problem.Extensions[key] = value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static (int Status, string Code, string Detail, Dictionary<string, string[]>? Errors) Map(Exception exception)
    {
        switch (exception)
        {
            case RequestValidationException v:
                return (400, "validation", v.Message, v.Errors);
            case DomainException { Kind: ErrorKind.Validation } d:
                return (400, d.Code, d.Message, d.Field is null ? null : new() { [d.Field] = [d.Message] });
            case DomainException d:
                return (StatusOf(d.Kind), d.Code, d.Message, null);
            case BadHttpRequestException bad:
                return MapBadRequest(bad);
            case var e when Failures.Explain(e) is { } known:
                return (known.Kind is { } kind ? StatusOf(kind) : 500, known.Code, known.Message, null);
            default:
                return (500, "internal", "服务器内部错误，请稍后再试。如持续出现请联系管理员。", null);
        }
    }

    internal static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => 400,
        ErrorKind.Unauthorized => 401,
        ErrorKind.Forbidden => 403,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.Unprocessable => 422,
        ErrorKind.TooManyRequests => 429,
        ErrorKind.Unavailable => 503,
        ErrorKind.TooLarge => 413,
        _ => 500,
    };

    private static (int, string, string, Dictionary<string, string[]>?) MapBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (413, "body.tooLarge", ProblemTexts.TooLarge, null);
        if (bad.InnerException is JsonException json)
        {
            var field = json.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            var message = field is null
                ? "请求体不是有效的 JSON。"
                : $"请求体中字段 {field} 的值格式不正确。";
            return (400, "body.invalidJson", message, field is null ? null : new() { [field] = [message] });
        }
        var bind = BindFailure().Match(bad.Message);
        if (bind.Success)
        {
            var name = bind.Groups["name"].Value;
            var message = $"参数 {name} 的格式不正确。";
            return (400, "parameter.invalid", message, new() { [name] = [message] });
        }
        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return (400, "body.missing", "缺少请求体，或请求体不是有效的 JSON。", null);
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (415, "body.mediaType", ProblemTexts.MediaType, null);
        return (bad.StatusCode, "request.invalid", "请求格式不正确。", null);
    }

    [GeneratedRegex("""Failed to bind parameter "\S+ (?<name>[^"\s]+)" """, RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();
}

/// <summary>Thrown by the validation filter with every missing or malformed field at once.</summary>
public sealed class RequestValidationException(Dictionary<string, string[]> errors)
    : Exception("请求参数有误：" + string.Join("；", errors.SelectMany(e => e.Value)))
{
    public Dictionary<string, string[]> Errors { get; } = errors;
}

internal static class ProblemTexts
{
    public const string TooLarge = "请求体过大。";
    public const string MediaType = "请求体须为 JSON（Content-Type: application/json）。";

    public static string Title(int status) => status switch
    {
        400 => "请求参数有误",
        401 => "未登录或登录已过期",
        403 => "无权执行此操作",
        404 => "资源不存在",
        405 => "不支持该请求方法",
        409 => "操作冲突",
        413 => "请求体过大",
        415 => "不支持的内容类型",
        422 => "无法处理的请求",
        429 => "请求过于频繁",
        503 => "服务暂时不可用",
        _ when status >= 500 => "服务器内部错误",
        _ => "请求失败",
    };

    /// <summary>Details for answers that carry no message of their own (authentication, routing, media type).</summary>
    public static string? DefaultDetail(int status) => status switch
    {
        401 => "请先登录：在请求头 Authorization 中提供有效的 Bearer 令牌。",
        403 => "您的角色无权执行此操作。",
        404 => "请求的地址不存在。",
        405 => "该地址不支持此请求方法。",
        413 => TooLarge,
        415 => MediaType,
        429 => "请求过于频繁，请稍后再试。",
        _ => null,
    };

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        // Framework-made problems (status pages, auth) come with English titles; ours are set already.
        if (!problem.Extensions.ContainsKey("code") && status == 400 && problem.Detail is null
            && BindFailures.Find(context.HttpContext) is { } parameter)
        {
            // The compile-time request delegates answer an unparsable query or route value with a bare 400
            // (no exception to map): the same answer as the exception path, naming the parameter.
            var message = $"参数 {parameter} 的格式不正确。";
            problem.Title = Title(status);
            problem.Detail = message;
            problem.Extensions["code"] = "parameter.invalid";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [parameter] = [message] };
            VolunteerMetrics.Refused("parameter.invalid", status);
        }
        else if (!problem.Extensions.ContainsKey("code"))
        {
            problem.Title = Title(status);
            problem.Detail ??= DefaultDetail(status);
            problem.Extensions["code"] = status switch
            {
                401 => "auth.required",
                403 => "auth.forbidden",
                404 => "route.notFound",
                429 => "rate.limited",
                _ => "http." + status,
            };
        }
        problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
    }
}

/// <summary>
/// Which parameter a bare 400 of a minimal-API endpoint failed to bind. The request delegates generated at compile
/// time (<c>EnableRequestDelegateGenerator</c>) set 400 without an exception when a route or query value does not
/// parse; the endpoint's <see cref="Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata"/> says which parameters are parsed, and the first whose
/// value does not parse as its type is the one.
/// </summary>
internal static class BindFailures
{
    public static string? Find(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata>() is not { Count: > 0 } parameters)
            return null;
        foreach (var parameter in parameters)
        {
            if (!parameter.HasTryParse)
                continue;
            var value = context.Request.RouteValues.TryGetValue(parameter.Name, out var route) && route is not null
                ? route.ToString()
                : context.Request.Query[parameter.Name].ToString();
            if (!string.IsNullOrEmpty(value) && !Parses(parameter.ParameterInfo.ParameterType, value))
                return parameter.Name;
        }
        return null;
    }

    private static bool Parses(Type type, string value)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            return true;
        if (type.IsEnum)
            return Enum.TryParse(type, value, ignoreCase: true, out _);
        var withProvider = type.GetMethod("TryParse", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withProvider is not null)
            return (bool)withProvider.Invoke(null, [value, System.Globalization.CultureInfo.InvariantCulture, null])!;
        var plain = type.GetMethod("TryParse", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static,
            [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [value, null])!;
    }
}
