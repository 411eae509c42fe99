using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Api.Photos;

public static class PhotoEndpoints
{
    /// <summary>Multipart overhead allowed on top of the photo itself.</summary>
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapPhotos(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/claims", "服务照片").MapPost("/{id:guid}/photos", Upload).WithName("UploadClaimPhoto")
            .WithSummary("上传服务照片")
            .WithDescription("multipart/form-data，字段 file：JPEG、PNG 或 WebP，不超过 5 MB，每次服务最多 6 张。认领人签到后、核验前可上传；" +
                "本社区工作人员签到后（含核验后）也可上传。服务器会重新解码并编码照片：去除 EXIF（位置、设备等）信息，最长边缩小到 1600 像素以内。" +
                "无法识别的图片返回 422 photo.notImage，超过 5 MB 返回 413，已满 6 张返回 409 photo.tooMany。")
            .DisableAntiforgery()
            .WithMetadata(new PhotoUploadBody())
            .AllowBodyUpTo(ClaimPhoto.MaxUploadBytes + FormOverhead)
            .Problems(400, 403, 404, 409, 413, 422);

        app.MapApiGroup("/api/v1/photos", "服务照片").MapGet("/{id:guid}", Get).WithName("GetClaimPhoto")
            .WithSummary("获取服务照片")
            .WithDescription("认领人、服务对象和本社区工作人员可获取；其他人返回 404。带 ETag，支持 If-None-Match（304），Cache-Control: private。")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/jpeg", "image/png")
            .Problems(404);
        return app;
    }

    /// <param name="file">照片文件（JPEG、PNG 或 WebP，不超过 5 MB）。</param>
    private static async Task<Created<PhotoCreatedResponse>> Upload(Guid id, IFormFile? file, ClaimsPrincipal user, AddClaimPhoto useCase,
        CancellationToken ct)
    {
        if (file is null)
            throw DomainException.Invalid("file", "请以 multipart/form-data 上传，照片放在字段 file 中。");
        if (file.Length > ClaimPhoto.MaxUploadBytes)
            throw AddClaimPhoto.PhotoTooLarge();
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        var photo = await useCase.ExecuteAsync(user.Actor(), id, bytes, ct);
        var url = PhotoResponse.UrlOf(photo.Id);
        return TypedResults.Created(url, new PhotoCreatedResponse(photo.Id, url));
    }

    private static async Task<FileContentHttpResult> Get(Guid id, ClaimsPrincipal user, HttpResponse response, GetClaimPhoto useCase, CancellationToken ct)
    {
        var (photo, content) = await useCase.ExecuteAsync(user.Actor(), id, ct);
        // A photo never changes once stored; private: it must not sit in shared caches.
        response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(content, photo.ContentType, entityTag: new EntityTagHeaderValue($"\"{photo.ContentHash}\""),
            lastModified: photo.CreatedAt);
    }
}

/// <summary>Endpoint metadata: the request body is a multipart form with one image in <c>file</c>.</summary>
public sealed class PhotoUploadBody;

/// <summary>Documents the multipart body of photo uploads (Swashbuckle does not infer it for minimal APIs).</summary>
internal sealed class PhotoUploadSchema : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(Microsoft.OpenApi.OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<PhotoUploadBody>().Any())
            return;
        var schema = new Microsoft.OpenApi.OpenApiSchema
        {
            Type = Microsoft.OpenApi.JsonSchemaType.Object,
            Required = new HashSet<string> { "file" },
            Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
            {
                ["file"] = new Microsoft.OpenApi.OpenApiSchema
                {
                    Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "照片：JPEG、PNG 或 WebP，不超过 5 MB",
                },
            },
        };
        operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, Microsoft.OpenApi.IOpenApiMediaType>
            {
                ["multipart/form-data"] = new Microsoft.OpenApi.OpenApiMediaType { Schema = schema },
            },
        };
    }
}
