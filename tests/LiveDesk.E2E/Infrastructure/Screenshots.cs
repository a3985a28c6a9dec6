using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E.Infrastructure;

/// <summary>Screenshots for review land in TestResults/screenshots, beside the TRX files of the run.</summary>
public static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(
        Path.Combine(RepoPaths.Root, "TestResults", "screenshots")).FullName;

    public static Task SaveAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, $"{name}.png") });
}
