using Docket.Samples.BlurFaces;

namespace Docket.Tests.Samples;

/// <summary>The BlurFaces sample's header reader, on PNG, JPEG and other bytes.</summary>
public sealed class ImageHeaderTests
{
    [Fact]
    public void Read_OfAPng_GivesItsSize() =>
        Assert.Equal(new ImageHeader("PNG", 37, 23), ImageHeader.Read(TestPng.Create(37, 23)));

    [Fact]
    public void Read_OfAJpeg_FindsTheFrameHeaderAfterOtherSegments()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8, // start of image
            0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, // APP0, 16 bytes
            0xFF, 0xFF, // a fill byte before the next marker
            0xFF, 0xC4, 0x00, 0x04, 0x00, 0x00, // DHT: a SOF-range marker that is not a frame
            0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, // progressive frame: 8 bit, height 480, width 640
        ];

        Assert.Equal(new ImageHeader("JPEG", 640, 480), ImageHeader.Read(jpeg));
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08 })]
    public void Read_OfSomethingElseOrATruncatedHeader_IsNull(byte[] bytes) => Assert.Null(ImageHeader.Read(bytes));
}
