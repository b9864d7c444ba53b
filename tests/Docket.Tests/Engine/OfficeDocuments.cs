using System.IO.Compression;
using System.Text;

namespace Docket.Tests.Engine;

/// <summary>Builds minimal but real DOCX and XLSX packages in memory: just the parts a reader needs.</summary>
internal static class OfficeDocuments
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static byte[] Zip(params (string Name, string Content)[] parts)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>An invoice memo: a heading, a paragraph with a tab and a break, a two-row table and a closing line.</summary>
    public static byte[] InvoiceDocx() => Docx("""
              <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Invoice INV-2041</w:t></w:r></w:p>
              <w:p><w:r><w:t xml:space="preserve">Vendor:</w:t></w:r><w:r><w:tab/><w:t>Acme GmbH</w:t><w:br/><w:t>Due: 2026-12-01</w:t></w:r></w:p>
              <w:tbl>
                <w:tr><w:tc><w:p><w:r><w:t>Item</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Amount</w:t></w:r></w:p></w:tc></w:tr>
                <w:tr><w:tc><w:p><w:r><w:t>Consulting</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1,200.00</w:t></w:r></w:p></w:tc></w:tr>
              </w:tbl>
              <w:p><w:r><w:t>Thank you.</w:t></w:r></w:p>
            """);

    /// <summary>A DOCX whose body holds the given WordprocessingML (prefix <c>w</c>).</summary>
    public static byte[] Docx(string body) => Zip(
        ("[Content_Types].xml", ContentTypes("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")),
        ("word/document.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>
            """));

    /// <summary>A WordprocessingML table: one row per array, the first the header.</summary>
    public static string DocxTable(params string[][] rows) =>
        "<w:tbl>" + string.Concat(rows.Select(r => "<w:tr>" + string.Concat(r.Select(c => $"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>")) + "</w:tr>")) + "</w:tbl>";

    /// <summary>A WordprocessingML paragraph of plain text.</summary>
    public static string DocxParagraph(string text) => $"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>";

    /// <summary>Two sheets, listed in the workbook in the opposite order of their part names.</summary>
    public static byte[] TwoSheetXlsx() => Zip(
        ("[Content_Types].xml", ContentTypes("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")),
        ("xl/workbook.xml", $"""
            <workbook xmlns="{S}" xmlns:r="{R}"><sheets>
              <sheet name="Totals" sheetId="2" r:id="rId2"/>
              <sheet name="Lines" sheetId="1" r:id="rId1"/>
            </sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
              <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
            </Relationships>
            """),
        ("xl/sharedStrings.xml", $"""
            <sst xmlns="{S}" count="4" uniqueCount="4">
              <si><t>Item</t></si><si><t>Amount</t></si><si><r><t>Consult</t></r><r><t>ing</t></r></si><si><t>Total</t></si>
            </sst>
            """),
        ("xl/worksheets/sheet1.xml", $"""
            <worksheet xmlns="{S}"><sheetData>
              <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Billable</t></is></c></row>
              <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1200.5</v></c><c r="C2" t="b"><v>1</v></c></row>
              <row r="3"><c r="A3" t="inlineStr"><is><t>Travel</t></is></c><c r="C3" t="b"><v>0</v></c></row>
            </sheetData></worksheet>
            """),
        ("xl/worksheets/sheet2.xml", $"""
            <worksheet xmlns="{S}"><sheetData>
              <row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1"><v>1350.5</v></c></row>
            </sheetData></worksheet>
            """));

    private static string ContentTypes(string part, string type) => $"""
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
          <Default Extension="xml" ContentType="application/xml"/>
          <Override PartName="{part}" ContentType="{type}"/>
        </Types>
        """;
}
