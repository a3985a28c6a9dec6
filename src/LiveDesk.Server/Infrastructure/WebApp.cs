using Microsoft.Net.Http.Headers;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Serves the dashboard built from web/ (copied into wwwroot by the build).</summary>
public static class WebApp
{
    // The app has no inline script or style, so a strict policy costs nothing and blunts any injection that slips by.
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication UseLiveDeskWebApp(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.Ordinal))
                {
                    // index.html names the current build's assets, so it must never be cached stale.
                    headers.CacheControl = "no-cache";
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
                else if (context.Context.Request.Path.StartsWithSegments("/assets"))
                {
                    // Vite puts a content hash in every asset name.
                    headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365) }.ToString() + ", immutable";
                }
            },
        });
        return app;
    }
}
