namespace HyperDsl.LanguageServer.Documents;

/// <summary>Document URIs as file paths, for the compiler's spans and messages.</summary>
public static class DocumentUris
{
    public static string ToPath(string uri) =>
        System.Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? u.LocalPath : uri;
}
