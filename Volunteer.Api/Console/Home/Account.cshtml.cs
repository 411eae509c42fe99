
namespace Volunteer.Api.Console.Home;

/// <summary><c>/console/account</c>: who is signed in and what their account may act on.</summary>
public sealed class AccountModel : ConsolePageModel
{
    public void OnGet() { }
}
