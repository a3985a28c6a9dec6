using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace LiveDesk.Server.Identity;

public static class AuthSetup
{
    public static WebApplicationBuilder AddLiveDeskAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetLiveDeskOptions();
        using var loggerFactory = LoggerFactory.Create(b => b.AddConsole());
        var signingKey = SigningKey.Load(options, loggerFactory.CreateLogger<SigningKey>());
        builder.Services.AddSingleton(signingKey);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddScoped<ViewerLoader>();
        builder.Services.AddScoped<SessionStore>();
        builder.Services.AddSingleton<SessionRevocations>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SessionRevocations>());
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<User>, Microsoft.AspNetCore.Identity.PasswordHasher<User>>();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Auth.Issuer,
                    ValidAudience = options.Auth.Audience,
                    IssuerSigningKey = signingKey.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = TokenClaims.Name,
                    RoleClaimType = TokenClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // A token of a session that ended (logout, a reused refresh token, a password change) is refused
                    // although its signature and lifetime are fine.
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is { } principal && SessionEndpoints.SessionId(principal) is { } sid
                            && context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>().IsRevoked(sid))
                        {
                            context.Fail("The session has ended.");
                        }
                        return Task.CompletedTask;
                    },
                    // Browsers' WebSocket and EventSource cannot set an Authorization header, so the hub and the SSE
                    // stream also accept the token as access_token in the query string or in a header of that name.
                    OnMessageReceived = context =>
                    {
                        // The native WebSocket never gets here: it is answered before the chain (UseNativeLive).
                        var path = context.HttpContext.Request.Path;
                        if (path.StartsWithSegments(HubMethods.HubPath) || path.StartsWithSegments("/api/events/stream"))
                        {
                            var token = context.Request.Query["access_token"].ToString();
                            if (string.IsNullOrEmpty(token))
                            {
                                token = context.Request.Headers["access_token"].ToString();
                            }
                            if (!string.IsNullOrEmpty(token))
                            {
                                context.Token = token;
                            }
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }
}
