using System.Net;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Console;

internal static class ConsoleErrors
{
    public const string ItemKey = "console.error";

    public static int StatusOf(ErrorKind kind) => ProblemDetailsExceptionHandler.StatusOf(kind);

    /// <summary>The same Chinese titles and default messages as the API's ProblemDetails.</summary>
    public static string Title(int status) => ProblemTexts.Title(status);

    public static string Detail(int status) => status switch
    {
        400 => "请求无效：表单可能已过期，请返回上一页刷新后重试。",
        403 => "您的账号无权访问此页面。",
        401 => "请先登录。",
        404 => "页面或记录不存在，或不在您的管理范围内。",
        _ => ProblemTexts.DefaultDetail(status) ?? "请稍后再试。",
    };

    /// <summary>
    /// The console's answer to an error status, as a small HTML page (the API answers the same
    /// status with ProblemDetails): the API's Chinese title and the use case's own message when there is one.
    /// </summary>
    public static async Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var detail = context.Items[ItemKey] as string ?? Detail(status);
        var title = Title(status);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{status}} {{WebUtility.HtmlEncode(title)}} · 社区志愿积分管理后台</title>
            <link rel="stylesheet" href="/console/assets/console.css" /></head>
            <body><header class="top"><a class="brand" href="/console">社区志愿积分 · 管理后台</a></header>
            <main id="main"><section class="card error-page" role="alert">
            <h1>{{status}} · {{WebUtility.HtmlEncode(title)}}</h1>
            <p>{{WebUtility.HtmlEncode(detail)}}</p>
            <p><a href="/console">返回首页</a></p>
            </section></main></body></html>
            """, context.RequestAborted);
    }
}
