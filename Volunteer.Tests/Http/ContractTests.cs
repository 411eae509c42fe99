using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The API as `dotnet run` starts it (SQLite, demo street), for the contract checks.</summary>
public sealed class DemoStreetApi : ApiFactory
{
    public DemoStreetApi() : base(Provider.Sqlite) { }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seeding:DemoData"] = "true" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

/// <summary>
/// The contract holds for real answers: an ordinary session on the demo street — the residents'
/// main journeys, the staff's and the partner's side of them, their refusals — and then every
/// documented GET, as each role, with the ids the session met, passes through a validating
/// handler that checks each answer against the served document. None may depart from it.
/// </summary>
public sealed class ContractTests(DemoStreetApi api) : IClassFixture<DemoStreetApi>
{
    [Fact]
    public async Task Every_answer_of_an_ordinary_session_matches_the_served_document()
    {
        var session = await Session.StartAsync(api);

        // Sign-in: residents with the mini-program's dev codes, staff with passwords.
        var li = await session.SignInResidentAsync("dev-li-ming");
        var zhang = await session.SignInResidentAsync("dev-zhang-wei");
        var newcomer = await session.SignInResidentAsync("dev-contract-newcomer");
        var staff = await session.SignInStaffAsync("demo-staff");
        var partner = await session.SignInStaffAsync("demo-partner");
        var admin = await session.SignInStaffAsync("demo-admin");
        await session.SendAsync(HttpMethod.Post, "/api/v1/auth/password", null, new { username = "demo-staff", password = "wrong" });

        // Profiles, including a member with no party declaration and no community yet.
        foreach (var token in new[] { li, zhang, newcomer, staff, partner, admin })
            await session.SendAsync(HttpMethod.Get, "/api/v1/me", token);

        // 居民下单 → 社区发单.
        var need = await session.SendAsync(HttpMethod.Post, "/api/v1/needs", zhang, new
        {
            title = "帮忙更换楼道灯泡",
            description = "3 号楼 2 单元楼道灯坏了",
            category = "environment",
            address = "东门社区 3 号楼",
        });
        await session.SendAsync(HttpMethod.Get, "/api/v1/me/needs", zhang);
        await session.SendAsync(HttpMethod.Get, "/api/v1/needs", staff);
        var now = api.Clock.GetUtcNow();
        var approved = await session.SendAsync(HttpMethod.Post, $"/api/v1/needs/{need.Body?["id"]}/approve", staff, new
            {
                slots = 2,
                points = 10,
                startsAt = now.AddMinutes(-5),
                endsAt = now.AddHours(4),
            });
        Assert.True(approved.Status == HttpStatusCode.Created, approved.Body?.ToJsonString());

        // 党员接单: browse, claim, cancel, claim again, a duplicate claim refused.
        var tasks = await session.SendAsync(HttpMethod.Get, "/api/v1/tasks", li);
        var open = tasks.Body?["items"]?.AsArray()
            .Where(t => (string?)t!["status"] == "published" && (int?)t["remaining"] > 0 && t["myClaim"] is null)
            .Select(t => (string)t!["id"]!).ToList() ?? [];
        Assert.NotEmpty(open);
        foreach (var id in open)
            await session.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{id}", li);
        var taskId = (string)(approved.Body!["task"]?["id"] ?? approved.Body["taskId"])!;
        var first = await session.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{taskId}/claims", li);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{taskId}/claims", li);
        await session.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{taskId}", li);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{first.Body?["id"]}/cancel", li);
        var claim = await session.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{taskId}/claims", li);
        Assert.True(claim.Status == HttpStatusCode.Created, claim.Body?.ToJsonString());
        var claimId = (string)claim.Body!["id"]!;

        // 联合评单: check in with the staff's code, check out, rate, verify.
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/check-in", li, new { code = "000000" });
        var code = await session.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{taskId}/check-in-code", staff);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/check-in", li, new { code = (string?)code.Body?["code"] });
        api.Clock.Advance(TimeSpan.FromHours(2));
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/check-out", li);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/rating", li, new { stars = 5 });
        await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/rating", zhang, new { stars = 5, comment = "很耐心" });
        await session.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{taskId}/claims", staff);
        var verified = await session.SendAsync(HttpMethod.Post, $"/api/v1/claims/{claimId}/verify", staff, new { approved = true });
        Assert.True(verified.Status == HttpStatusCode.OK, verified.Body?.ToJsonString());
        await session.SendAsync(HttpMethod.Get, $"/api/v1/claims/{claimId}", li);
        await session.SendAsync(HttpMethod.Get, "/api/v1/me/claims", li);
        await session.SendAsync(HttpMethod.Get, "/api/v1/me/points", li);
        await session.SendAsync(HttpMethod.Get, "/api/v1/me/points/ledger", li);

        // 积分兑换: redeem, replay with the same key, cancel, redeem again and fulfil at the counter.
        var rewards = await session.SendAsync(HttpMethod.Get, "/api/v1/rewards", li);
        var rewardId = rewards.Body?["items"]?.AsArray().Select(r => (string?)r!["id"]).FirstOrDefault();
        Assert.NotNull(rewardId);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/rewards/{rewardId}/redemptions", li, new { });
        var key = Guid.NewGuid().ToString();
        var redeemed = await session.SendAsync(HttpMethod.Post, $"/api/v1/rewards/{rewardId}/redemptions", li, new { }, key);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/rewards/{rewardId}/redemptions", li, new { }, key);
        await session.SendAsync(HttpMethod.Post, $"/api/v1/redemptions/{redeemed.Body?["id"]}/cancel", li);
        var again = await session.SendAsync(HttpMethod.Post, $"/api/v1/rewards/{rewardId}/redemptions", li, new { }, Guid.NewGuid().ToString());
        await session.SendAsync(HttpMethod.Get, "/api/v1/me/redemptions", li);
        await session.SendAsync(HttpMethod.Post, "/api/v1/redemptions/fulfil", partner, new { code = (string?)again.Body?["code"] });
        await session.SendAsync(HttpMethod.Post, "/api/v1/redemptions/fulfil", partner, new { code = "NOPE" });

        // Recognition and 积分公示.
        await session.SendAsync(HttpMethod.Get, "/api/v1/rankings/live?scope=community&list=party&metric=hours", li);
        await session.SendAsync(HttpMethod.Get, "/api/v1/rankings/live?scope=town", li);

        // Refusals and bad input come back as the one documented problem.
        await session.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{Guid.NewGuid()}", li);
        await session.SendAsync(HttpMethod.Get, "/api/v1/me", null);
        await session.SendAsync(HttpMethod.Post, "/api/v1/tasks", li, new { title = "居民不能发任务" });
        await session.SendAsync(HttpMethod.Post, "/api/v1/tasks", staff, new { });
        await session.RawAsync(HttpMethod.Post, "/api/v1/needs", zhang, "{not json");

        // Then every documented GET, as each role, with the ids met so far.
        foreach (var token in new[] { li, zhang, newcomer, staff, partner, admin })
            await session.SweepGetsAsync(token);

        Assert.True(session.Checker.Violations.Count == 0, string.Join("\n", session.Checker.Violations));
        Assert.True(session.Checker.Exercised.Count >= 45, $"Only {session.Checker.Exercised.Count} operations were exercised");
    }

    /// <summary>A client whose every answer passes through the contract check, remembering the ids it meets.</summary>
    private sealed class Session
    {
        private readonly HttpClient _client;
        private readonly DemoStreetApi _api;
        private readonly Dictionary<string, HashSet<string>> _ids = new(StringComparer.OrdinalIgnoreCase);

        private Session(DemoStreetApi api, ContractCheckingHandler checker)
        {
            _api = api;
            Checker = checker;
            _client = api.CreateDefaultClient(new Uri("http://localhost"), checker);
        }

        public ContractCheckingHandler Checker { get; }

        public static async Task<Session> StartAsync(DemoStreetApi api)
        {
            var document = JsonNode.Parse(await api.Client().GetStringAsync("/swagger/v1/swagger.json"))!;
            return new Session(api, new ContractCheckingHandler(new ContractValidator(document)));
        }

        public async Task<string> SignInResidentAsync(string code) =>
            (string)(await SendAsync(HttpMethod.Post, "/api/v1/auth/wechat", null, new { code })).Body!["accessToken"]!;

        public async Task<string> SignInStaffAsync(string username) =>
            (string)(await SendAsync(HttpMethod.Post, "/api/v1/auth/password", null, new { username, password = "Demo#2026" })).Body!["accessToken"]!;

        public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, string? token, object? body = null,
            string? idempotencyKey = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
                request.Content = JsonContent.Create(body, options: Support.Http.Json);
            return await SendAsync(request, token, idempotencyKey);
        }

        public async Task RawAsync(HttpMethod method, string url, string? token, string body)
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            await SendAsync(request, token, null);
        }

        private async Task<(HttpStatusCode, JsonNode?)> SendAsync(HttpRequestMessage request, string? token, string? idempotencyKey)
        {
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (idempotencyKey is not null)
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await _client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            JsonNode? json = null;
            if (response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && text.Length > 0)
            {
                json = JsonNode.Parse(text);
                Remember(request.RequestUri!.OriginalString, json);
            }
            return (response.StatusCode, json);
        }

        /// <summary>Calls every documented GET whose path parameters can be filled from ids met earlier.</summary>
        public async Task SweepGetsAsync(string token)
        {
            var paths = Checker.Validator.Document["paths"]!.AsObject();
            foreach (var (template, item) in paths)
            {
                if (item!["get"] is not { } operation || !template.StartsWith("/api/v1/", StringComparison.Ordinal))
                    continue;
                foreach (var url in Urls(template, operation).Take(3))
                    await SendAsync(HttpMethod.Get, url, token);
            }
        }

        private IEnumerable<string> Urls(string template, JsonNode operation)
        {
            var query = string.Join("&", (operation["parameters"]?.AsArray() ?? [])
                .Where(p => (string?)p!["in"] == "query" && (bool?)p["required"] == true || (string?)p!["name"] == "period")
                .Select(p => $"{p!["name"]}={QueryValue(p)}"));
            var suffix = query.Length == 0 ? "" : "?" + query;
            var segments = template.Split('/');
            IEnumerable<string> candidates = [""];
            for (var i = 1; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (!segment.StartsWith('{'))
                {
                    candidates = candidates.Select(c => c + "/" + segment);
                    continue;
                }
                var name = segment.Trim('{', '}');
                var key = name == "id" ? segments[i - 1] : name;
                if (!_ids.TryGetValue(key, out var values) || values.Count == 0)
                    return [];
                candidates = candidates.SelectMany(c => values.Take(2).Select(v => c + "/" + v)).ToList();
            }
            return candidates.Select(c => c + suffix);
        }

        private string QueryValue(JsonNode parameter)
        {
            if ((string?)parameter["name"] == "period")
            {
                var lastMonth = _api.Clock.GetUtcNow().AddHours(8).AddMonths(-1);
                return $"{lastMonth:yyyy-MM}";
            }
            var schema = parameter["schema"];
            if (schema?["$ref"] is { } reference)
                schema = Checker.Validator.Document["components"]!["schemas"]![((string)reference!).Split('/')[^1]];
            return (string?)schema?["enum"]?[0] ?? "1";
        }

        /// <summary>Ids by the resource they name: <c>items[].id</c> of /tasks under "tasks", every <c>communityId</c> under "communityId".</summary>
        private void Remember(string url, JsonNode? json)
        {
            var path = url.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var resource = path.Reverse().FirstOrDefault(s => !Guid.TryParse(s, out _) && s is not "v1" and not "api" and not "me");
            Walk(json, resource, top: true);
        }

        private void Walk(JsonNode? node, string? resource, bool top)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        if (value is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out _))
                        {
                            var key = name == "id" ? (top ? resource : null) : name;
                            if (key is not null)
                                Add(key, text);
                            if (name.EndsWith("Id", StringComparison.Ordinal))
                                Add(Plural(name[..^2]), text);
                        }
                        else
                        {
                            Walk(value, resource, top: name == "items" && top);
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a)
                        Walk(item, resource, top);
                    break;
            }
        }

        private void Add(string key, string id)
        {
            if (!_ids.TryGetValue(key, out var set))
                _ids[key] = set = [];
            set.Add(id);
        }

        private static string Plural(string name) => name switch
        {
            "community" => "communities",
            _ => name + "s",
        };
    }
}
