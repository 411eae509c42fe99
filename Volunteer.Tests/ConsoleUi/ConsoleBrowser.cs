using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>The API with its demo street on the embedded SQLite default, served by Kestrel on a free port for a real browser.</summary>
public sealed class DemoApiOnKestrel : ApiFactory
{
    public DemoApiOnKestrel() : base(Provider.Sqlite) => UseKestrel(0);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seeding:DemoData"] = "true" };

    public string BaseUrl => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
        .First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
}

/// <summary>
/// One headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) shared by a test class,
/// and the demo API it browses. Every page opened through it records script errors and any request that
/// leaves the machine, and saves screenshots under the test output's <c>screenshots</c> folder.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public DemoApiOnKestrel Api { get; } = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        await Api.InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            if (TestPostgres.IsCi)
                Assert.Fail($"{ChromiumPath} is missing: .ci/run installs the chromium package.");
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<BrowserPage> OpenAsync(int width = 1280, int height = 900)
    {
        Assert.SkipWhen(_browser is null, $"{ChromiumPath} is not installed (apt-get install chromium).");
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BaseURL = Api.BaseUrl,
            Locale = "zh-CN",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page, new Uri(Api.BaseUrl).Host);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Api.DisposeAsync();
    }

    /// <summary>Decodes the QR code in a screenshot with zbarimg; null when zbar-tools is not installed.</summary>
    public static async Task<string?> DecodeQrAsync(string png)
    {
        if (!File.Exists("/usr/bin/zbarimg"))
            return null;
        using var zbar = Process.Start(new ProcessStartInfo("/usr/bin/zbarimg", ["--raw", "-q", png]) { RedirectStandardOutput = true })!;
        var text = await zbar.StandardOutput.ReadToEndAsync();
        await zbar.WaitForExitAsync();
        return text.Trim();
    }
}

/// <summary>A page in a fresh browser context (its own cookies), watching what a user would not see.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    public IPage Page { get; }
    public List<string> ScriptErrors { get; } = [];
    public List<string> OutsideRequests { get; } = [];

    public BrowserPage(IBrowserContext context, IPage page, string host)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            // A page answered with its status (401 at sign-in, 409 at the counter) is logged as a failed
            // load of the document itself: that is the answer, not a script error.
            var document = message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) && message.Location.StartsWith(page.Url, StringComparison.Ordinal);
            if (message.Type == "error" && !document)
                ScriptErrors.Add($"{message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => ScriptErrors.Add(error);
        page.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" && uri.Host != host)
                OutsideRequests.Add(request.Url);
        };
    }

    public async Task SignInAsync(string username, string password = "Demo#2026")
    {
        await Page.GotoAsync("/console");
        await Page.GetByLabel("用户名").FillAsync(username);
        await Page.GetByLabel("密码").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToBeVisibleAsync();
    }

    public async Task<string> ShotAsync(string name)
    {
        var path = Path.Combine(ConsoleBrowser.Screenshots, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Nothing left the machine and no script failed while the test browsed.</summary>
    public void AssertClean()
    {
        Assert.True(OutsideRequests.Count == 0, "requests that left the machine: " + string.Join(", ", OutsideRequests));
        Assert.True(ScriptErrors.Count == 0, "browser console errors: " + string.Join(" | ", ScriptErrors));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
