import PlanDocument

/// A file to check, and whether the user named it (an error if it is not a plan) or a folder search
/// found it (then it is skipped if it is not a plan).
public struct InputFile: Sendable, Hashable {
  /// The path as shown: as the user named it, or as found, with any byte of a name that is not UTF-8
  /// written `\xNN` (a file name on Linux is bytes, not text).
  public var path: String
  public var named: Bool
  /// The path's bytes when `path` cannot give them back (a name that is not UTF-8); nil otherwise.
  public var rawPath: [UInt8]?
  /// Why a folder search lists this entry without reading it (a dangling link, a link in a loop, a
  /// link that leads out of the folder the user named).
  public var skipped: ReadError?
  /// Why this entry cannot be searched or read at all (a folder that cannot be opened).
  public var unreadable: ReadError?

  public init(
    path: String, named: Bool, rawPath: [UInt8]? = nil, skipped: ReadError? = nil, unreadable: ReadError? = nil
  ) {
    self.path = path
    self.named = named
    self.rawPath = rawPath
    self.skipped = skipped
    self.unreadable = unreadable
  }
}
