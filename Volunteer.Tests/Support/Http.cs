using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Volunteer.Api.Claims;
using Volunteer.Api.Tasks;

namespace Volunteer.Tests.Support;

public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object? body = null) =>
        client.PostAsJsonAsync(url, body ?? new { }, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, Json);

    /// <summary>PUTs <paramref name="body"/> exactly as given (explicit nulls included).</summary>
    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string url, string body) =>
        client.PutAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Sends <paramref name="body"/> exactly as given, for bodies a serializer would never write.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string? body, string contentType = "application/json") =>
        client.PostAsync(url, body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, contentType));

    /// <summary>Asserts the status, showing the body when it differs, and reads the body as <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await response.ShouldBeAsync(expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Reads a ProblemDetails answer, checking status, content type and that its message is in Chinese.</summary>
    public static async Task<Problem> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldBeAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<Problem>(Json))!;
        Assert.Equal((int)expected, problem.Status);
        Assert.True(problem.Detail is not null && problem.Detail.Any(c => c >= '\u4e00' && c <= '\u9fff'),
            $"Expected a Chinese detail, got: {problem.Detail}");
        return problem;
    }

    public sealed record Problem(int Status, string? Title, string? Detail, string? Code, Dictionary<string, string[]>? Errors);

    public static async Task<Guid> PublishTaskAsync(this ApiFactory api, Place place, int slots = 5, int points = 10,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, bool partyMembersOnly = false, string? address = "东门大街 1 号")
    {
        var now = api.Clock.GetUtcNow();
        var response = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/tasks", new
        {
            title = "环境整治",
            description = "清理绿化带",
            category = "environment",
            slots,
            points,
            startsAt = startsAt ?? now.AddMinutes(-10),
            endsAt = endsAt ?? now.AddHours(3),
            address,
            partyMembersOnly,
        });
        return (await response.ReadAsync<CreatedId>(HttpStatusCode.Created)).Id;
    }

    public static async Task<ClaimResponse> ClaimAsync(this ApiFactory api, string token, Guid taskId) =>
        await (await api.Client(token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<ClaimResponse>(HttpStatusCode.Created);

    /// <summary>Claims, checks in with the staff's live code and checks out after <paramref name="served"/>.</summary>
    public static async Task<ClaimResponse> ServeAsync(this ApiFactory api, Place place, string token, Guid taskId, TimeSpan? served = null)
    {
        var claim = await api.ClaimAsync(token, taskId);
        var code = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ReadAsync<CheckInCodeResponse>();
        await (await api.Client(token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code })).ShouldBeAsync(HttpStatusCode.OK);
        api.Clock.Advance(served ?? TimeSpan.FromHours(2));
        return await (await api.Client(token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-out")).ReadAsync<ClaimResponse>();
    }
}
