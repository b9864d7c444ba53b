using System.Diagnostics;
using Docket.Engine.Readers;
using Xunit.Abstractions;

namespace Docket.Tests.Engine;

/// <summary>
/// Reads a long PDF and reports the time per page; the figure is printed, not asserted, because
/// timings on shared CI machines vary too much for an assertion to mean anything.
/// </summary>
public sealed class PdfReaderPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Read_HundredPageTwoColumnPdf_ReadsEveryPageInOrder()
    {
        var reader = new DocumentReader(new ReaderLimits());
        var pdf = TestDocuments.TwoColumnPdf(100);

        // The first read runs mostly unoptimised code; a server reads in its steady state.
        var first = Stopwatch.StartNew();
        reader.Read(pdf, "application/pdf", "long.pdf", CancellationToken.None);
        first.Stop();
        var stopwatch = Stopwatch.StartNew();
        var layout = reader.Read(pdf, "application/pdf", "long.pdf", CancellationToken.None);
        stopwatch.Stop();

        Assert.Equal(Enumerable.Range(1, 100), layout.Pages.Select(p => p.Number));
        Assert.All(layout.Pages, page => Assert.Equal(42, page.Lines.Count));
        Assert.All(layout.Pages, page => Assert.Equal(TestDocuments.RightColumn[^1], page.Lines[^2].Text));
        var words = layout.Pages.Sum(p => p.Lines.Sum(l => l.Words.Count));
        output.WriteLine(
            $"{stopwatch.Elapsed.TotalMilliseconds / 100:F2} ms/page ({first.Elapsed.TotalMilliseconds / 100:F2} on the first read), {words / 100} words/page");
    }
}
