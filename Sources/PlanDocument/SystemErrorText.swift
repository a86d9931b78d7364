#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the system refused to read or write a file, in words a user understands, in Swedish and English:
/// never Foundation's "The operation could not be completed" nor strerror's English alone.
public enum SystemErrorText {
  /// The reason for a POSIX error number.
  public static func reason(_ code: Int32) -> LocalizedText {
    switch code {
    case ENOENT, ENOTDIR: LocalizedText(sv: "mappen finns inte", en: "the folder does not exist")
    case EACCES, EPERM: LocalizedText(sv: "behörighet saknas", en: "permission denied")
    case ENOSPC, EDQUOT: LocalizedText(sv: "disken är full", en: "the disk is full")
    case EROFS: LocalizedText(sv: "filsystemet är skrivskyddat", en: "the file system is read-only")
    case EISDIR: LocalizedText(sv: "det är en mapp", en: "it is a folder")
    case EEXIST: LocalizedText(sv: "filen finns redan", en: "the file already exists")
    case ELOOP: LocalizedText(sv: "symboliska länkar i en slinga", en: "symbolic links in a loop")
    case ENAMETOOLONG: LocalizedText(sv: "namnet är för långt", en: "the name is too long")
    default:
      LocalizedText(
        sv: "systemfel \(code) (\(String(cString: strerror(code))))", en: String(cString: strerror(code)).lowercased())
    }
  }

  /// The reason for an error thrown by Foundation (`Data.write`): its POSIX error number when it
  /// carries one, else by its code, as Foundation's NSError bridging read it before.
  public static func reason(_ error: Error) -> LocalizedText {
    if let posix = error as? POSIXError { return reason(posix.code.rawValue) }
    if let underlying = (error as? CocoaError)?.underlying as? POSIXError { return reason(underlying.code.rawValue) }
    let code = (error as? CocoaError)?.code.rawValue ?? error._code
    switch code {
    case CocoaError.fileNoSuchFile.rawValue, CocoaError.fileReadNoSuchFile.rawValue: return reason(ENOENT)
    case CocoaError.fileWriteNoPermission.rawValue, CocoaError.fileReadNoPermission.rawValue: return reason(EACCES)
    case CocoaError.fileWriteOutOfSpace.rawValue: return reason(ENOSPC)
    case CocoaError.fileWriteVolumeReadOnly.rawValue: return reason(EROFS)
    case CocoaError.fileWriteFileExists.rawValue: return reason(EEXIST)
    default:
      return LocalizedText(sv: "filen kan inte skrivas (fel \(code))", en: "the file cannot be written (error \(code))")
    }
  }
}
