using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Volunteer.Api.Auth;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Api.Console;

/// <summary>
/// <c>/console/photos/{id}</c>: claim photos for the console's pages, signed in with the console
/// cookie (the API's <c>/api/v1/photos/{id}</c> takes a bearer token). Same access as the API through
/// <see cref="GetClaimPhoto"/>: those who may not see the claim get 404.
/// </summary>
public static class ConsolePhotos
{
    public static string UrlOf(Guid photoId) => $"/console/photos/{photoId}";

    public static IEndpointRouteBuilder MapConsolePhotos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console/photos/{id:guid}", GetAsync).RequireAuthorization(ConsoleAuth.AnyRole).ExcludeFromDescription();
        return app;
    }

    private static async Task<FileContentHttpResult> GetAsync(Guid id, ClaimsPrincipal user, HttpResponse response, GetClaimPhoto useCase,
        CancellationToken ct)
    {
        var (photo, content) = await useCase.ExecuteAsync(user.Actor(), id, ct);
        response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(content, photo.ContentType, entityTag: new EntityTagHeaderValue($"\"{photo.ContentHash}\""),
            lastModified: photo.CreatedAt);
    }
}

/// <summary>How the pages that list claims hand their photos to <c>_ClaimTable</c>.</summary>
public static class ClaimPhotos
{
    public const string ViewDataKey = "ClaimPhotos";
}
