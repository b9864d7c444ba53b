using System.Text.Json.Nodes;
using Docket.Engine;

namespace Docket.Tests.Engine;

public sealed class ResponseShaperTests
{
    // The schema the VLM Run SDK sends for its image example: $defs/$ref with a sibling description.
    private const string ImageResponseSchema = """
        {"$defs":{"ImageRef":{"properties":{"id":{"pattern":"^img_\\w{6}$","title":"Id","type":"string"}},"required":["id"],"title":"ImageRef","type":"object"}},
         "properties":{"image":{"$ref":"#/$defs/ImageRef","description":"The processed image"}},"required":["image"],"title":"ImageResponse","type":"object"}
        """;

    [Fact]
    public void ArtifactId_ForARefObjectField_BecomesAnIdObject()
    {
        var shaped = ResponseShaper.Shape(Json("""{"image":"img_3fa2c1","faces":[]}"""), Json(ImageResponseSchema));

        Assert.Equal("""{"image":{"id":"img_3fa2c1"},"faces":[]}""", shaped.ToJsonString());
    }

    [Fact]
    public void IdObject_ForAStringField_BecomesTheBareId()
    {
        var schema = Json("""{"type":"object","properties":{"video":{"type":"string"}}}""");

        Assert.Equal("""{"video":"vid_00aa11"}""", ResponseShaper.Shape(Json("""{"video":{"id":"vid_00aa11"}}"""), schema).ToJsonString());
    }

    [Fact]
    public void OptionalRefsInArrays_AreShapedToo()
    {
        var schema = Json("""
            {"$defs":{"ImageRef":{"type":"object","properties":{"id":{"type":"string"}}}},
             "type":"object","properties":{"pages":{"type":"array","items":{"anyOf":[{"$ref":"#/$defs/ImageRef"},{"type":"null"}]}}}}
            """);

        Assert.Equal("""{"pages":[{"id":"img_000001"},null]}""", ResponseShaper.Shape(Json("""{"pages":["img_000001",null]}"""), schema).ToJsonString());
    }

    [Fact]
    public void Properties_FollowSchemaOrder_ThenTheRest()
    {
        var schema = Json("""{"type":"object","properties":{"b":{"type":"number"},"a":{"type":"string"}}}""");

        Assert.Equal("""{"b":2,"a":"x","z":true}""", ResponseShaper.Shape(Json("""{"z":true,"a":"x","b":2}"""), schema).ToJsonString());
    }

    [Fact]
    public void TextThatOnlyLooksLikeAnId_IsLeftAlone()
    {
        var schema = Json("""{"type":"object","properties":{"note":{"type":"string"}}}""");

        Assert.Equal("""{"note":"img_3fa2c1 was blurred"}""", ResponseShaper.Shape(Json("""{"note":"img_3fa2c1 was blurred"}"""), schema).ToJsonString());
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
