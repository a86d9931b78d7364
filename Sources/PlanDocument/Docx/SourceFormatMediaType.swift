extension SourceFormat {
  /// Word's media type for a .docx (what a browser or a client sends, and what a stored one is served as).
  public static let docxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

  /// The media type a plan of this form is stored and served with.
  public var mediaType: String {
    switch self {
    case .xml: "application/xml"
    case .json: "application/json"
    case .docx: Self.docxMediaType
    }
  }

  /// The form a stored media type names (parameters ignored).
  public init?(mediaType: String) {
    let essence = mediaType.split(separator: ";").first.map {
      String($0).trimmingWhiteSpace(newlines: false).lowercased()
    }
    switch essence {
    case "application/xml", "text/xml": self = .xml
    case "application/json": self = .json
    case Self.docxMediaType: self = .docx
    default: return nil
    }
  }
}
