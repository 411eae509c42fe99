using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Api.Photos;

/// <param name="Id">照片 id。</param>
/// <param name="Url">获取照片的地址（需登录）。</param>
public sealed record PhotoCreatedResponse(Guid Id, string Url);
