using Docket.Inputs;

namespace Docket.Tests.Inputs;

public sealed class DownloadFileNameTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Windows\\win.ini", "win.ini")]
    [InlineData("..", null)]
    [InlineData("...", null)]
    [InlineData("dir/", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    [InlineData(" .hidden ", "hidden")]
    [InlineData("we:ird*na?me<>|\".pdf", "we_ird_na_me____.pdf")]
    [InlineData("tab\tand\nnewline.txt", "tab_and_newline.txt")]
    [InlineData("résumé 2024.pdf", "résumé 2024.pdf")]
    public void Sanitize_HostileName_BecomesPlainFileName(string? candidate, string? expected) =>
        Assert.Equal(expected, DownloadFileName.Sanitize(candidate));

    [Fact]
    public void Sanitize_VeryLongName_IsCutButKeepsExtension()
    {
        var name = DownloadFileName.Sanitize(new string('a', 1000) + ".pdf");

        Assert.NotNull(name);
        Assert.Equal(255, name.Length);
        Assert.EndsWith("a.pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf", ".pdf")]
    [InlineData("archive.tar.gz", ".gz")]
    [InlineData("noextension", "")]
    [InlineData("odd.p df", "")]
    [InlineData("odd.p;rm", "")]
    public void SafeExtension_KeepsOnlyPlainExtensions(string fileName, string expected) =>
        Assert.Equal(expected, DownloadFileName.SafeExtension(fileName));
}
