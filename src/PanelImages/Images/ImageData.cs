using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi;

namespace PanelImages.Images;

/// <summary>
/// Image data in and out, streamed between the caller and Glance: no temporary files, memory bounded by one buffer
/// whatever the size. This service never fetches a user-supplied URL itself: imports go through Glance's web-download.
/// </summary>
public static class ImageData
{
    public static RouteGroupBuilder MapImageData(this RouteGroupBuilder group, Audience audience)
    {
        group.MapPut("/{id}/file", Upload).Audited("upload").WithName($"{audience}UploadImageData")
            .WithSummary("Upload the image data as the raw request body (streamed to Glance; 413 beyond Images:MaxUploadBytes).")
            .DescribesUpload();
        group.MapPost("/{id}/import", Import).Audited("import").WithName($"{audience}ImportImageFromUrl")
            .WithSummary("Ask Glance to fetch the data from a URL (web-download import).").DescribesImport();
        return group;
    }

    public static async Task<IResult> Download(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.Download, ct);
        var region = await glance.DataForAsync(image.Region, ct);
        var response = await region.DownloadAsync(image.Id, context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null, ct);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            response.Dispose();
            throw ApiException.Conflict($"Image {image.Name ?? image.Id} has no data (status {image.Status}).");
        }
        return new GlanceDataResult(response, FileName(image));
    }

    private static async Task<IResult> Upload(string id, HttpContext context, CatalogDb db, RegionGlance glance, IOptions<ImageOptions> options, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.Upload, ct);
        if (image.Status is not ("queued" or null))
            throw ApiException.Conflict($"Only a queued image takes data; this image is {image.Status}.");
        var region = await glance.DataForAsync(image.Region, ct);
        await SendDataAsync(context, region, image.Id, context.Request.Body, options.Value.MaxUploadBytes, ct);
        await CatalogWriteThrough.RefreshAsync(db, await glance.ForAsync(image.Region, ct), image.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Streams a request body (or a multipart section) to Glance, refusing more than <paramref name="limit"/> bytes.</summary>
    internal static async Task SendDataAsync(HttpContext context, OpenStack.GlanceClient region, string imageId, Stream data, long limit, CancellationToken ct)
    {
        var length = context.Request.ContentLength;
        if (length > limit) throw TooLarge(limit);
        AllowBody(context, limit);
        var bounded = new BoundedReadStream(data, limit);
        try
        {
            // A raw body's length is the data's length; a multipart section's is not known in advance.
            await region.UploadAsync(imageId, bounded, ReferenceEquals(data, context.Request.Body) ? length : null, ct);
        }
        catch (Exception e) when (bounded.Exceeded || e.InnerException is BoundedReadStream.LimitExceededException)
        {
            throw TooLarge(limit);
        }
    }

    /// <summary>
    /// Kestrel's own cap (30 MB by default) would cut the stream; ours is the limit (plus room for multipart framing).
    /// Only possible before anything read the body: afterwards the feature is read-only and this does nothing.
    /// </summary>
    internal static void AllowBody(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit > long.MaxValue - (1 << 20) ? null : limit + (1 << 20);
    }

    private static ApiException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"Image data is larger than the {limit} bytes this service accepts.");

    private static async Task<IResult> Import(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.Upload, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["url"]);
        var url = ImportUrl(body.String("url", 2048, nullable: false)!);
        var region = await glance.ForAsync(image.Region, ct);
        await StartImportAsync(region, image.Id, url, ct);
        await CatalogWriteThrough.RefreshAsync(db, region, image.Id, ct);
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", "Import started: Glance is fetching the data.");
            w.WriteEndObject();
        }, StatusCodes.Status202Accepted);
    }

    internal static string ImportUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri
            : throw ApiException.BadRequest("Field \"url\" must be an absolute http or https URL.");

    internal static async Task EnsureWebDownloadAsync(OpenStack.GlanceClient region, CancellationToken ct)
    {
        if (!(await region.ImportMethodsAsync(ct)).Contains("web-download"))
            throw ApiException.BadRequest($"The cloud in region {region.Region} does not offer import from a URL (Glance's web-download method is not enabled).");
    }

    internal static async Task StartImportAsync(OpenStack.GlanceClient region, string imageId, string url, CancellationToken ct)
    {
        await EnsureWebDownloadAsync(region, ct);
        await region.ImportFromUrlAsync(imageId, url, ct);
    }

    /// <summary>For clients that ignore filename*: printable ASCII without quotes, backslashes or separators.</summary>
    private static string AsciiFallback(string name) =>
        new(name.Select(c => c is >= ' ' and <= '~' && c is not ('"' or '\\' or ';' or ',' or '/') ? c : '_').ToArray());

    /// <summary>The image's name (or id) with its disk format as extension, for Content-Disposition.</summary>
    private static string FileName(Image image)
    {
        var name = string.IsNullOrWhiteSpace(image.Name) ? image.Id : image.Name;
        var extension = image.DiskFormat is null ? "" : "." + image.DiskFormat;
        return name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name : name + extension;
    }

    /// <summary>Relays Glance's data response: status (200/206), length, range and checksum headers, then the bytes.</summary>
    private sealed class GlanceDataResult(HttpResponseMessage glance, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            using (glance)
            {
                var response = context.Response;
                response.StatusCode = (int)glance.StatusCode;
                response.ContentType = "application/octet-stream";
                response.ContentLength = glance.Content.Headers.ContentLength;
                if (glance.Content.Headers.ContentRange is { } range) response.Headers.ContentRange = range.ToString();
                if (glance.Content.Headers.ContentMD5 is { } md5) response.Headers["Content-MD5"] = Convert.ToBase64String(md5);
                response.Headers.AcceptRanges = "bytes";
                // RFC 6266: an ASCII fallback plus filename* for any other name, so no header injection and no mangled names.
                var disposition = new ContentDispositionHeaderValue("attachment")
                {
                    FileName = AsciiFallback(fileName),
                    FileNameStar = fileName,
                };
                response.Headers.ContentDisposition = disposition.ToString();
                await using var source = await glance.Content.ReadAsStreamAsync(context.RequestAborted);
                await source.CopyToAsync(response.Body, 1 << 16, context.RequestAborted);
            }
        }
    }
}

/// <summary>Reads through to <paramref name="inner"/> and fails once more than <paramref name="limit"/> bytes came.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit) : Stream
{
    public sealed class LimitExceededException() : IOException("Upload limit exceeded.");
    private long _read;
    public bool Exceeded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private int Count(int n)
    {
        _read += n;
        if (_read > limit)
        {
            Exceeded = true;
            throw new LimitExceededException();
        }
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
