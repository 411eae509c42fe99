namespace Volunteer.Api.Http;

/// <summary>Service time as answers show it: hours with two decimals, from the minutes the ledger keeps.</summary>
public static class Hours
{
    public static decimal FromMinutes(int minutes) => Math.Round(minutes / 60m, 2);
}
